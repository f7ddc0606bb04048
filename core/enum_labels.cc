#include "core/enum_labels.h"

#include "absl/container/flat_hash_map.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/participation.pb.h"
#include "disclosure/v1/request.pb.h"
#include "disclosure/v1/statistics.pb.h"

namespace disclosure {
namespace {

struct Row {
  absl::string_view value;
  EnumLabel label;
};

// Wording follows the law's own terms where it has them (PDPA, 通保法) and
// plain words elsewhere. Reviewed with docs/domain.md.
constexpr Row kLabels[] = {
    // CollectionGround (PDPA Art. 15)
    {"COLLECTION_GROUND_ART15_1_STATUTORY_DUTY",
     {"執行法定職務必要範圍內（個資法第15條第1款）",
      "Within the agency's statutory duties (PDPA Art. 15(1))"}},
    {"COLLECTION_GROUND_ART15_2_CONSENT",
     {"經當事人同意（個資法第15條第2款）",
      "Consent of the data subject (PDPA Art. 15(2))"}},
    {"COLLECTION_GROUND_ART15_3_NO_HARM",
     {"對當事人權益無侵害（個資法第15條第3款）",
      "No harm to the data subject (PDPA Art. 15(3))"}},
    // LegalGround (PDPA Art. 16, Art. 6(1))
    {"LEGAL_GROUND_ART16_1_EXPRESSLY_PROVIDED_BY_LAW",
     {"法律明文規定（第16條第1款）", "Expressly provided by law (Art. 16(1))"}},
    {"LEGAL_GROUND_ART16_2_NATIONAL_SECURITY_OR_PUBLIC_INTEREST",
     {"維護國家安全或增進公共利益所必要（第16條第2款）",
      "National security or public interest (Art. 16(2))"}},
    {"LEGAL_GROUND_ART16_3_AVERT_DANGER_TO_SUBJECT",
     {"免除當事人之生命、身體、自由或財產上之危險（第16條第3款）",
      "To avert danger to the data subject (Art. 16(3))"}},
    {"LEGAL_GROUND_ART16_4_PREVENT_HARM_TO_OTHERS",
     {"防止他人權益之重大危害（第16條第4款）",
      "To prevent serious harm to others (Art. 16(4))"}},
    {"LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH",
     {"公共利益之統計或學術研究，且無從識別特定當事人（第16條第5款）",
      "Statistics or research in the public interest, not identifying "
      "anyone (Art. 16(5))"}},
    {"LEGAL_GROUND_ART16_6_BENEFITS_SUBJECT",
     {"有利於當事人權益（第16條第6款）",
      "Benefits the data subject (Art. 16(6))"}},
    {"LEGAL_GROUND_ART16_7_CONSENT",
     {"經當事人同意（第16條第7款）",
      "Consent of the data subject (Art. 16(7))"}},
    {"LEGAL_GROUND_ART6_1_EXPRESSLY_PROVIDED_BY_LAW",
     {"法律明文規定（第6條第1項第1款）",
      "Expressly provided by law (Art. 6(1)(1))"}},
    {"LEGAL_GROUND_ART6_2_STATUTORY_DUTY_WITH_SAFEGUARDS",
     {"執行法定職務必要且有適當安全維護措施（第6條第1項第2款）",
      "Statutory duty with security measures (Art. 6(1)(2))"}},
    {"LEGAL_GROUND_ART6_3_LAWFULLY_PUBLIC",
     {"當事人自行公開或其他已合法公開（第6條第1項第3款）",
      "Made public by the subject or lawfully public (Art. 6(1)(3))"}},
    {"LEGAL_GROUND_ART6_4_STATISTICS_OR_RESEARCH",
     {"醫療、衛生或犯罪預防之統計或學術研究（第6條第1項第4款）",
      "Health or crime-prevention statistics or research (Art. 6(1)(4))"}},
    {"LEGAL_GROUND_ART6_5_ASSISTS_STATUTORY_DUTY",
     {"協助公務機關執行法定職務（第6條第1項第5款）",
      "Assists a statutory duty (Art. 6(1)(5))"}},
    {"LEGAL_GROUND_ART6_6_WRITTEN_CONSENT",
     {"經當事人書面同意（第6條第1項第6款）",
      "Written consent of the subject (Art. 6(1)(6))"}},
    // SensitiveType (Art. 6(1))
    {"SENSITIVE_TYPE_MEDICAL_RECORDS", {"病歷", "Medical records"}},
    {"SENSITIVE_TYPE_MEDICAL_CARE", {"醫療", "Medical care"}},
    {"SENSITIVE_TYPE_GENETIC", {"基因", "Genetic data"}},
    {"SENSITIVE_TYPE_SEX_LIFE", {"性生活", "Sex life"}},
    {"SENSITIVE_TYPE_HEALTH_EXAM", {"健康檢查", "Health examinations"}},
    {"SENSITIVE_TYPE_CRIMINAL_RECORD", {"犯罪前科", "Criminal records"}},
    // DataSubjectRight (Art. 3; 111-憲判-13)
    {"DATA_SUBJECT_RIGHT_QUERY_VIEW",
     {"查詢或請求閱覽", "See your data (query or inspect)"}},
    {"DATA_SUBJECT_RIGHT_COPY", {"請求製給複製本", "Get a copy"}},
    {"DATA_SUBJECT_RIGHT_CORRECT",
     {"請求補充或更正", "Correct or complete it"}},
    {"DATA_SUBJECT_RIGHT_STOP",
     {"請求停止蒐集、處理或利用", "Stop collection, processing or use"}},
    {"DATA_SUBJECT_RIGHT_DELETE", {"請求刪除", "Delete it"}},
    {"DATA_SUBJECT_RIGHT_OPT_OUT_SECONDARY_USE",
     {"請求停止目的外利用（憲判13）",
      "Opt out of uses outside the original purpose"}},
    // ChannelMethod
    {"CHANNEL_METHOD_COUNTER", {"臨櫃", "In person at a counter"}},
    {"CHANNEL_METHOD_ONLINE", {"線上表單", "Online form"}},
    {"CHANNEL_METHOD_APP", {"行動應用程式", "Mobile app"}},
    {"CHANNEL_METHOD_MAIL", {"郵寄", "Post"}},
    {"CHANNEL_METHOD_EMAIL", {"電子郵件", "Email"}},
    {"CHANNEL_METHOD_PHONE", {"電話", "Phone"}},
    // EntryStatus
    {"ENTRY_STATUS_DRAFT", {"草稿", "Draft"}},
    {"ENTRY_STATUS_PUBLISHED", {"公開中", "Published"}},
    {"ENTRY_STATUS_WITHDRAWN", {"已停止保有", "Withdrawn (no longer held)"}},
    // RecipientType
    {"RECIPIENT_TYPE_PUBLIC_AGENCY", {"公務機關", "Public agency"}},
    {"RECIPIENT_TYPE_ACADEMIC", {"學術研究機構", "Academic institution"}},
    {"RECIPIENT_TYPE_ADMINISTRATIVE_CORPORATION",
     {"行政法人", "Administrative corporation"}},
    {"RECIPIENT_TYPE_OTHER", {"其他", "Other"}},
    // Identifiability
    {"IDENTIFIABILITY_RAW", {"可直接識別", "Directly identifying"}},
    {"IDENTIFIABILITY_PSEUDONYMISED",
     {"假名化（可回復連結）", "Pseudonymised (can be re-linked)"}},
    {"IDENTIFIABILITY_DE_IDENTIFIED",
     {"去識別化（無從識別）", "De-identified (cannot identify anyone)"}},
    {"IDENTIFIABILITY_AGGREGATE", {"僅統計數據", "Statistics only"}},
    // AccessMode
    {"ACCESS_MODE_ONSITE_ENCLAVE", {"現場資料分析室", "On-site analysis room"}},
    {"ACCESS_MODE_REMOTE_ENCLAVE",
     {"遠端安全環境", "Remote secure environment"}},
    {"ACCESS_MODE_FILE_DELIVERY", {"交付資料檔", "Data files handed over"}},
    {"ACCESS_MODE_API", {"應用程式介面（逐筆）", "API, record by record"}},
    {"ACCESS_MODE_QUERY_SERVICE",
     {"僅回覆查詢結果", "Answers to queries only"}},
    // JoinKeyType
    {"JOIN_KEY_TYPE_NATIONAL_ID",
     {"身分證統一編號（明碼）", "National ID number, in clear"}},
    {"JOIN_KEY_TYPE_HASHED_NATIONAL_ID",
     {"身分證統一編號之雜湊或假名", "Hash or pseudonym of the national ID"}},
    {"JOIN_KEY_TYPE_HOUSEHOLD", {"戶號", "Household registration number"}},
    {"JOIN_KEY_TYPE_BUSINESS_ID", {"營利事業統一編號", "Business ID number"}},
    {"JOIN_KEY_TYPE_OTHER", {"其他", "Other"}},
    // OversightType
    {"OVERSIGHT_TYPE_INTERNAL", {"機關內部委員會", "Internal committee"}},
    {"OVERSIGHT_TYPE_ETHICS", {"研究倫理審查委員會", "Research ethics board"}},
    {"OVERSIGHT_TYPE_INDEPENDENT", {"獨立機關", "Independent authority"}},
    // UseStatus
    {"USE_STATUS_ACTIVE", {"進行中", "Active"}},
    {"USE_STATUS_SUSPENDED", {"暫停", "Suspended"}},
    {"USE_STATUS_ENDED", {"已結束", "Ended"}},
    // Consent.Form
    {"FORM_WRITTEN", {"書面", "Written"}},
    {"FORM_ELECTRONIC", {"電子", "Electronic"}},
    // Linkage.Direction
    {"DIRECTION_OUTBOUND",
     {"提供對方（本資料庫之資料送往對方）",
      "Outbound (this database's data goes to the partner)"}},
    {"DIRECTION_INBOUND",
     {"由對方提供（對方之資料進入本資料庫）",
      "Inbound (the partner's data comes into this database)"}},
    {"DIRECTION_BOTH", {"雙向", "Both ways"}},
    // ProviderType
    {"PROVIDER_TYPE_FIXED_TELECOM", {"固網電信業者", "Fixed-line telecom"}},
    {"PROVIDER_TYPE_MOBILE_TELECOM", {"行動電信業者", "Mobile telecom"}},
    {"PROVIDER_TYPE_ISP", {"網際網路接取服務業者", "Internet access provider"}},
    {"PROVIDER_TYPE_SOCIAL_PLATFORM", {"社群平臺", "Social platform"}},
    {"PROVIDER_TYPE_MESSAGING", {"通訊軟體", "Messaging service"}},
    {"PROVIDER_TYPE_E_COMMERCE", {"電子商務平臺", "E-commerce platform"}},
    {"PROVIDER_TYPE_CROSS_BORDER", {"境外業者", "Provider based abroad"}},
    // PurposeCategory
    {"PURPOSE_CATEGORY_TAX_INVESTIGATION", {"租稅調查", "Tax investigation"}},
    {"PURPOSE_CATEGORY_CONSUMER_PROTECTION",
     {"消費者保護", "Consumer protection"}},
    {"PURPOSE_CATEGORY_FOOD_AND_DRUG",
     {"食品藥物管理", "Food and drug safety"}},
    {"PURPOSE_CATEGORY_ANIMAL_PLANT_PROTECTION",
     {"動植物防疫檢疫", "Animal and plant health"}},
    {"PURPOSE_CATEGORY_LABOUR", {"勞動檢查", "Labour inspection"}},
    {"PURPOSE_CATEGORY_EMERGENCY_RESCUE", {"緊急救難", "Emergency rescue"}},
    {"PURPOSE_CATEGORY_OTHER", {"其他", "Other"}},
    // RequestedDataType (通保法)
    {"REQUESTED_DATA_TYPE_SUBSCRIBER_INFO",
     {"使用者資料", "Subscriber information"}},
    {"REQUESTED_DATA_TYPE_TRAFFIC", {"通信紀錄", "Traffic records"}},
    {"REQUESTED_DATA_TYPE_IP_LOGIN_LOGS",
     {"IP及登入紀錄", "IP and login logs"}},
    {"REQUESTED_DATA_TYPE_TRANSACTIONS", {"交易紀錄", "Transactions"}},
    {"REQUESTED_DATA_TYPE_CONTENT", {"通訊內容", "Content"}},
    // IdentifierType
    {"IDENTIFIER_TYPE_PHONE", {"電話號碼", "Phone number"}},
    {"IDENTIFIER_TYPE_ACCOUNT", {"帳號", "Account"}},
    {"IDENTIFIER_TYPE_IP", {"IP位址", "IP address"}},
    {"IDENTIFIER_TYPE_DEVICE", {"裝置識別碼", "Device identifier"}},
    {"IDENTIFIER_TYPE_PAYMENT", {"支付工具", "Payment instrument"}},
    // Urgency
    {"URGENCY_ROUTINE", {"一般", "Routine"}},
    {"URGENCY_EMERGENCY", {"緊急", "Emergency"}},
    // ExternalAuthorisation (通保法 Art. 11-1)
    {"EXTERNAL_AUTHORISATION_NONE", {"無", "None"}},
    {"EXTERNAL_AUTHORISATION_PROSECUTOR", {"檢察官", "Prosecutor"}},
    {"EXTERNAL_AUTHORISATION_COURT", {"法院", "Court"}},
    // RequestOutcome
    {"REQUEST_OUTCOME_PRODUCED_FULL", {"全部提供", "All data produced"}},
    {"REQUEST_OUTCOME_PRODUCED_PARTIAL", {"部分提供", "Some data produced"}},
    {"REQUEST_OUTCOME_NO_DATA", {"查無資料", "No such data"}},
    {"REQUEST_OUTCOME_REFUSED_BY_PROVIDER",
     {"業者拒絕", "Refused by provider"}},
    {"REQUEST_OUTCOME_WITHDRAWN", {"撤回", "Withdrawn"}},
    {"REQUEST_OUTCOME_PENDING", {"尚未回覆", "No answer yet"}},
    // ReportingStatus
    {"REPORTING_STATUS_REPORTED", {"已填報", "Reported"}},
    {"REPORTING_STATUS_ZERO", {"本期無調取", "None this period"}},
    {"REPORTING_STATUS_NOT_TRACKED", {"未統計", "Not tracked"}},
    // StatisticsScope
    {"STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION",
     {"行政管制目的", "Administrative regulation"}},
    // ParticipationKind
    {"PARTICIPATION_KIND_QUESTION", {"提問", "Question"}},
    {"PARTICIPATION_KIND_OPINION", {"意見", "Opinion"}},
    // OpinionHandling
    {"OPINION_HANDLING_ADOPTED", {"採納", "Adopted"}},
    {"OPINION_HANDLING_PARTLY_ADOPTED", {"部分採納", "Partly adopted"}},
    {"OPINION_HANDLING_NOT_ADOPTED", {"不採納", "Not adopted"}},
};

}  // namespace

EnumLabel LabelOf(absl::string_view value_name) {
  static const auto* const kMap = [] {
    auto* m = new absl::flat_hash_map<absl::string_view, EnumLabel>();
    for (const Row& r : kLabels) m->emplace(r.value, r.label);
    return m;
  }();
  auto it = kMap->find(value_name);
  return it == kMap->end() ? EnumLabel{} : it->second;
}

std::vector<const google::protobuf::EnumDescriptor*> PublicEnums() {
  namespace v1 = disclosure::v1;
  return {v1::CollectionGround_descriptor(),
          v1::LegalGround_descriptor(),
          v1::SensitiveType_descriptor(),
          v1::DataSubjectRight_descriptor(),
          v1::ChannelMethod_descriptor(),
          v1::EntryStatus_descriptor(),
          v1::RecipientType_descriptor(),
          v1::Identifiability_descriptor(),
          v1::AccessMode_descriptor(),
          v1::JoinKeyType_descriptor(),
          v1::OversightType_descriptor(),
          v1::UseStatus_descriptor(),
          v1::Consent::Form_descriptor(),
          v1::Linkage::Direction_descriptor(),
          v1::ProviderType_descriptor(),
          v1::PurposeCategory_descriptor(),
          v1::RequestedDataType_descriptor(),
          v1::IdentifierType_descriptor(),
          v1::Urgency_descriptor(),
          v1::ExternalAuthorisation_descriptor(),
          v1::RequestOutcome_descriptor(),
          v1::ReportingStatus_descriptor(),
          v1::StatisticsScope_descriptor(),
          v1::ParticipationKind_descriptor(),
          v1::OpinionHandling_descriptor()};
}

}  // namespace disclosure
