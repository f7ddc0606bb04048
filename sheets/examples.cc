#include "sheets/examples.h"

#include "google/protobuf/text_format.h"

namespace disclosure::sheets {
namespace {

template <typename T>
T FromText(const char* text) {
  T m;
  google::protobuf::TextFormat::ParseFromString(text, &m);
  return m;
}

}  // namespace

disclosure::v1::AgencyProfile ExampleProfile() {
  return FromText<disclosure::v1::AgencyProfile>(R"pb(
    agency_id: "mohw-nhia"
    name {
      zh_tw: "衛生福利部中央健康保險署"
      en: "National Health Insurance Administration"
    }
    parent_agency_id: "mohw"
    contact {
      unit: "個人資料保護窗口"
      phone: "0800-030-598"
      email: "privacy@nhia.example.tw"
    }
    data_protection_officer { name: "（範例）" title: "個人資料保護長" }
    privacy_page_url: "https://www.nhi.gov.tw/"
    synthetic: true
  )pb");
}

disclosure::v1::DatabaseEntry ExampleDatabase() {
  return FromText<disclosure::v1::DatabaseEntry>(R"pb(
    database_id: "nhi-claims"
    agency_id: "mohw-nhia"
    file_name { zh_tw: "全民健康保險資料" en: "National Health Insurance data" }
    description {
      zh_tw: "全民健康保險之承保及醫療費用申報資料"
      en: "NHI enrolment and claims data"
    }
    contact {
      unit: "資訊組"
      phone: "02-2191-0011"
      email: "data@nhia.example.tw"
    }
    holding_basis { statute: "全民健康保險法" article: "第79條" }
    holding_basis { statute: "全民健康保險法" article: "第80條" }
    collection_ground: COLLECTION_GROUND_ART15_1_STATUTORY_DUTY
    specific_purposes { note: "全民健康保險業務（代號待確認）" }
    data_categories { code: "C001" }
    data_categories { code: "C111" }
    sensitive_types: [
      SENSITIVE_TYPE_MEDICAL_CARE,
      SENSITIVE_TYPE_MEDICAL_RECORDS
    ]
    art6_ground: LEGAL_GROUND_ART6_2_STATUTORY_DUTY_WITH_SAFEGUARDS
    subject_categories { zh_tw: "全體保險對象" }
    record_sources { zh_tw: "投保單位、特約醫事服務機構" }
    approx_subjects { approx: 23900000 as_of: "2025-12-31" }
    out_of_purpose_uses {
      use_id: "hwdc-research"
      recipient_name { zh_tw: "衛生福利部衛生福利資料科學中心" }
      recipient_type: RECIPIENT_TYPE_PUBLIC_AGENCY
      purpose { zh_tw: "學術研究及統計" }
      purpose_codes { code: "157" }
      legal_ground: LEGAL_GROUND_ART6_4_STATISTICS_OR_RESEARCH
      identifiability: IDENTIFIABILITY_PSEUDONYMISED
      access_mode: ACCESS_MODE_ONSITE_ENCLAVE
      linked_entries: "mohw/hwdc"
      approval_body: "資料釋出審議會"
      opt_out_honoured: true
      valid_from: "2025-08-12"
      status: USE_STATUS_ACTIVE
    }
    linkages {
      linked_entry_id: "mohw/hwdc"
      join_key_type: JOIN_KEY_TYPE_HASHED_NATIONAL_ID
      purpose { zh_tw: "研究資料串聯" }
      legal_basis { statute: "個人資料保護法" article: "第6條第1項第4款" }
      direction: DIRECTION_OUTBOUND
    }
    rights_channels {
      channel_id: "optout-app"
      name { zh_tw: "健保快易通 APP 停止利用申請" }
      right: DATA_SUBJECT_RIGHT_OPT_OUT_SECONDARY_USE
      method: CHANNEL_METHOD_APP
      where { unit: "健保快易通 我的專區" url: "https://www.nhi.gov.tw/" }
      id_verification: "健保卡註冊及裝置認證"
      deadline_days: 30
      extension_days: 0
      effective_rule: "1-15日申請者當月20日生效；16日至月底申請者次月5日生效"
    }
    opt_out {
      available: true
      scope: "學術研究之目的外利用"
      channel_ids: "optout-app"
      effective_rule: "受理次日起30日內處理"
    }
    oversight { body: "資料釋出審議會" type: OVERSIGHT_TYPE_INTERNAL }
    retention: "依檔案法及健保資料保存年限"
    status: ENTRY_STATUS_PUBLISHED
    next_review_due: "2027-06-30"
    synthetic: true
  )pb");
}

disclosure::v1::ProviderRequestRecord ExampleRequest() {
  return FromText<disclosure::v1::ProviderRequestRecord>(R"pb(
    request_id: "2026-000123"
    doc_no: "北區國稅審字第1150000123號"
    requesting_unit: "審查一科"
    officer_id: "A17"
    sent_at { seconds: 1773712800 }
    provider_name: "範例電商平台"
    provider_type: PROVIDER_TYPE_E_COMMERCE
    legal_basis { statute: "稅捐稽徵法" article: "第30條" }
    purpose_category: PURPOSE_CATEGORY_TAX_INVESTIGATION
    data_types: [
      REQUESTED_DATA_TYPE_SUBSCRIBER_INFO,
      REQUESTED_DATA_TYPE_TRANSACTIONS
    ]
    identifier_type: IDENTIFIER_TYPE_ACCOUNT
    identifiers_count: 3
    urgency: URGENCY_ROUTINE
    external_authorisation: EXTERNAL_AUTHORISATION_NONE
    outcome: REQUEST_OUTCOME_PRODUCED_FULL
    case_ref: "案號 115-審-0123"
  )pb");
}

v1::WithheldField ExampleWithheldField() {
  v1::WithheldField w;
  w.set_field("record_sources");
  w.mutable_withholding()->set_gia_article18_item(3);
  w.mutable_withholding()->set_deciding_unit("資訊室");
  w.mutable_withholding()->set_review_date("2027-06-30");
  return w;
}

}  // namespace disclosure::sheets
