#include "tests/testing/sample_inventory.h"

#include "absl/strings/str_cat.h"

namespace disclosure::testing {

namespace v1 = disclosure::v1;

namespace {

v1::RightsChannel Channel(const std::string& id, v1::DataSubjectRight right,
                          int days) {
  v1::RightsChannel c;
  c.set_channel_id(id);
  c.set_right(right);
  c.set_method(v1::CHANNEL_METHOD_COUNTER);
  c.mutable_where()->set_unit("服務櫃檯");
  c.mutable_where()->set_phone("02-2191-0000");
  c.set_id_verification("身分證正本");
  c.set_deadline_days(days);
  c.set_extension_days(days);
  c.set_fee(right == v1::DATA_SUBJECT_RIGHT_COPY ? "每頁新臺幣5元" : "免費");
  c.set_redress("訴願；向個人資料保護委員會申訴");
  return c;
}

}  // namespace

v1::AgencyProfile SampleProfile(const std::string& agency_id) {
  v1::AgencyProfile p;
  p.set_agency_id(agency_id);
  p.mutable_name()->set_zh_tw("測試機關");
  p.mutable_name()->set_en("Test Agency");
  p.mutable_contact()->set_unit("個資窗口");
  p.mutable_contact()->set_email("privacy@agency.example.tw");
  *p.add_default_rights_channels() =
      Channel("default-view", v1::DATA_SUBJECT_RIGHT_QUERY_VIEW, 15);
  p.set_synthetic(true);
  return p;
}

v1::DatabaseEntry SampleDatabase(const std::string& agency_id,
                                 const std::string& database_id) {
  v1::DatabaseEntry e;
  e.set_database_id(database_id);
  e.set_agency_id(agency_id);
  e.mutable_file_name()->set_zh_tw("測試資料庫 " + database_id);
  e.mutable_description()->set_zh_tw("合成之測試資料庫");
  e.mutable_contact()->set_unit("資訊處");
  e.mutable_contact()->set_email("db@agency.example.tw");
  auto* basis = e.add_holding_basis();
  basis->set_statute("測試法");
  basis->set_article("第1條");
  e.set_collection_ground(v1::COLLECTION_GROUND_ART15_1_STATUTORY_DUTY);
  e.add_specific_purposes()->set_code("157");
  e.add_data_categories()->set_code("C001");
  e.mutable_subject_categories()->set_zh_tw("全體國民");
  e.mutable_record_sources()->set_zh_tw("當事人及其他機關");
  auto* use = e.add_out_of_purpose_uses();
  use->set_use_id("research");
  use->mutable_recipient_name()->set_zh_tw("學術研究機構");
  use->set_recipient_type(v1::RECIPIENT_TYPE_ACADEMIC);
  use->mutable_purpose()->set_zh_tw("學術研究");
  use->set_legal_ground(v1::LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH);
  use->set_identifiability(v1::IDENTIFIABILITY_DE_IDENTIFIED);
  use->set_access_mode(v1::ACCESS_MODE_ONSITE_ENCLAVE);
  use->set_approval_body("資料釋出審議委員會");
  use->set_opt_out_honoured(true);
  use->set_valid_from("2020-01-01");
  use->set_status(v1::USE_STATUS_ACTIVE);
  auto* link = e.add_linkages();
  link->set_external_name("戶役政資訊系統");
  link->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
  link->mutable_purpose()->set_zh_tw("身分查核");
  link->add_legal_basis()->set_statute("戶籍法");
  // Every right of PDPA Art. 3, and the opt-out.
  *e.add_rights_channels() =
      Channel("view", v1::DATA_SUBJECT_RIGHT_QUERY_VIEW, 15);
  *e.add_rights_channels() = Channel("copy", v1::DATA_SUBJECT_RIGHT_COPY, 15);
  *e.add_rights_channels() =
      Channel("correct", v1::DATA_SUBJECT_RIGHT_CORRECT, 30);
  *e.add_rights_channels() = Channel("stop", v1::DATA_SUBJECT_RIGHT_STOP, 30);
  *e.add_rights_channels() =
      Channel("delete", v1::DATA_SUBJECT_RIGHT_DELETE, 30);
  *e.add_rights_channels() =
      Channel("optout", v1::DATA_SUBJECT_RIGHT_OPT_OUT_SECONDARY_USE, 30);
  e.mutable_opt_out()->set_available(true);
  e.mutable_opt_out()->add_channel_ids("optout");
  auto* o = e.add_oversight();
  o->set_body("個資保護委員會");
  o->set_type(v1::OVERSIGHT_TYPE_INTERNAL);
  e.set_retention("P10Y");
  e.set_status(v1::ENTRY_STATUS_PUBLISHED);
  e.set_next_review_due("2027-06-30");
  e.set_synthetic(true);
  return e;
}

v1::Withholding SampleWithholding(int item, const std::string& review) {
  v1::Withholding w;
  w.set_gia_article18_item(item);
  w.set_deciding_unit("資訊室");
  w.set_review_date(review);
  return w;
}

v1::ProviderRequestRecord SampleRequest(const std::string& request_id,
                                        absl::Time sent_at) {
  v1::ProviderRequestRecord r;
  r.set_request_id(request_id);
  r.set_doc_no("北區國稅字第" + request_id + "號");
  r.set_requesting_unit("審查科");
  r.set_officer_id("officer-7");
  r.mutable_sent_at()->set_seconds(absl::ToUnixSeconds(sent_at));
  r.set_provider_name("測試電信");
  r.set_provider_type(v1::PROVIDER_TYPE_MOBILE_TELECOM);
  r.mutable_legal_basis()->set_statute("稅捐稽徵法");
  r.mutable_legal_basis()->set_article("第30條");
  r.set_purpose_category(v1::PURPOSE_CATEGORY_TAX_INVESTIGATION);
  r.add_data_types(v1::REQUESTED_DATA_TYPE_SUBSCRIBER_INFO);
  r.set_identifier_type(v1::IDENTIFIER_TYPE_PHONE);
  r.set_identifiers_count(2);
  r.set_urgency(v1::URGENCY_ROUTINE);
  r.set_external_authorisation(v1::EXTERNAL_AUTHORISATION_NONE);
  r.set_outcome(v1::REQUEST_OUTCOME_PRODUCED_FULL);
  r.set_case_ref("case/" + request_id);
  return r;
}

std::string SamplePurposesCsv() {
  return "code,name_zh\n157,調查、統計與研究分析\n002,人事管理\n";
}
std::string SampleCategoriesCsv() {
  return "code,name_zh\nC001,辨識個人者\nC003,政府資料中之辨識者\nC111,"
         "健康紀錄\n";
}

std::vector<v1::DisclosureEntry> SampleEntries(
    const std::string& agency_id, const std::vector<std::string>& ids) {
  std::vector<v1::DisclosureEntry> out(1);
  out[0].set_key("agency");
  *out[0].mutable_agency_profile() = SampleProfile(agency_id);
  for (const auto& id : ids) {
    v1::DisclosureEntry& e = out.emplace_back();
    e.set_key(absl::StrCat("db/", id));
    *e.mutable_database() = SampleDatabase(agency_id, id);
  }
  return out;
}

}  // namespace disclosure::testing
