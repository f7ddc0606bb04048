#include "sheets/tables.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/json.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "disclosure/v1/request.pb.h"
#include "sheets/examples.h"
#include "sheets/proto_csv.h"

namespace disclosure::sheets {
namespace {

namespace v1 = disclosure::v1;

std::vector<TableSpec> MakeTables() {
  std::vector<TableSpec> t;
  t.push_back({"databases",
               v1::DatabaseEntry::descriptor(),
               "",
               {"database_id",
                "agency_id",
                "file_name.zh_tw",
                "file_name.en",
                "description.zh_tw",
                "description.en",
                "contact.unit",
                "contact.phone",
                "contact.email",
                "contact.address",
                "contact.url",
                "contact.hours",
                "holding_basis",
                "collection_ground",
                "specific_purposes",
                "data_categories",
                "sensitive_types",
                "art6_ground",
                "subject_categories.zh_tw",
                "subject_categories.en",
                "record_sources.zh_tw",
                "record_sources.en",
                "approx_subjects.approx",
                "approx_subjects.as_of",
                "opt_out.available",
                "opt_out.scope",
                "opt_out.channel_ids",
                "opt_out.effective_rule",
                "opt_out.legal_basis",
                "oversight",
                "retention",
                "security_summary",
                "intl_transfer",
                "access_exemptions",
                "status",
                "change_note",
                "last_reviewed_at",
                "next_review_due",
                "source_url",
                "source_content_sha256",
                "attested_by.name",
                "attested_by.role",
                "attested_by.date",
                "system_of_records_url",
                "synthetic"},
               {"database_id"},
               ""});
  t.push_back({"uses",
               v1::OutOfPurposeUse::descriptor(),
               "out_of_purpose_uses",
               {"database_id",
                "use_id",
                "recipient_name.zh_tw",
                "recipient_name.en",
                "recipient_type",
                "purpose.zh_tw",
                "purpose.en",
                "purpose_codes",
                "legal_ground",
                "specific_law",
                "consent.form",
                "consent.obtained_how",
                "consent.withdrawal_channel",
                "identifiability",
                "access_mode",
                "linked_entries",
                "approval_body",
                "approval_procedure_url",
                "decision_deadline_days",
                "opt_out_honoured",
                "period_stats",
                "valid_from",
                "valid_to",
                "status",
                "approved_projects_url",
                "withheld.gia_article18_item",
                "withheld.other_law.statute",
                "withheld.other_law.article",
                "withheld.deciding_unit",
                "withheld.review_date",
                "recipient_withheld.gia_article18_item",
                "recipient_withheld.other_law.statute",
                "recipient_withheld.other_law.article",
                "recipient_withheld.deciding_unit",
                "recipient_withheld.review_date"},
               {"database_id", "use_id"},
               "database_id"});
  t.push_back({"linkages",
               v1::Linkage::descriptor(),
               "linkages",
               {"database_id", "linked_entry_id", "external_name",
                "join_key_type", "purpose.zh_tw", "purpose.en", "legal_basis",
                "direction", "withheld.gia_article18_item",
                "withheld.other_law.statute", "withheld.other_law.article",
                "withheld.deciding_unit", "withheld.review_date"},
               {"database_id"},
               "database_id"});
  t.push_back(
      {"channels",
       v1::RightsChannel::descriptor(),
       "rights_channels",
       {"database_id", "channel_id", "name.zh_tw", "name.en", "right", "method",
        "where.unit", "where.address", "where.url", "where.phone",
        "where.email", "where.hours", "id_verification", "fee", "deadline_days",
        "extension_days", "effective_rule", "refusal_grounds", "redress"},
       {"database_id", "channel_id"},
       "database_id"});
  t.push_back(
      {"withholding",
       v1::WithheldField::descriptor(),
       "withheld_fields",
       {"database_id", "field", "withholding.gia_article18_item",
        "withholding.other_law.statute", "withholding.other_law.article",
        "withholding.deciding_unit", "withholding.review_date"},
       {"database_id", "field"},
       "database_id"});
  t.push_back({"profile",
               v1::AgencyProfile::descriptor(),
               "",
               {"agency_id", "name.zh_tw", "name.en", "parent_agency_id",
                "contact.unit", "contact.phone", "contact.email",
                "contact.address", "contact.url", "contact.hours",
                "data_protection_officer.name", "data_protection_officer.title",
                "data_protection_officer.contact.email",
                "data_protection_officer.contact.phone", "privacy_page_url",
                "synthetic"},
               {"agency_id"},
               ""});
  t.push_back({"requests",
               v1::ProviderRequestRecord::descriptor(),
               "",
               {"request_id",
                "doc_no",
                "requesting_unit",
                "officer_id",
                "sent_at",
                "responded_at",
                "provider_name",
                "provider_type",
                "legal_basis.statute",
                "legal_basis.article",
                "purpose_category",
                "data_types",
                "identifier_type",
                "identifiers_count",
                "urgency",
                "external_authorisation",
                "outcome",
                "subject_notified_at",
                "notice_deferred_reason",
                "obtained_data_destroy_by",
                "case_ref",
                "correction_reason"},
               {"request_id"},
               "correction_reason"});
  return t;
}

}  // namespace

const std::vector<TableSpec>& AllTables() {
  static const std::vector<TableSpec>* tables =
      new std::vector<TableSpec>(MakeTables());
  return *tables;
}

absl::StatusOr<const TableSpec*> FindTable(const std::string& name) {
  std::vector<std::string> names;
  for (const TableSpec& t : AllTables()) {
    if (t.name == name) return &t;
    names.push_back(t.name);
  }
  return absl::NotFoundError(
      absl::Substitute(_("no table \"$0\"; choose one of: $1"), name,
                       absl::StrJoin(names, ", ")));
}

std::vector<std::string> ExampleRow(const TableSpec& spec) {
  const v1::DatabaseEntry db = ExampleDatabase();
  const v1::AgencyProfile profile = ExampleProfile();
  const v1::ProviderRequestRecord request = ExampleRequest();
  const google::protobuf::Message* row = &db;
  if (spec.name == "uses") row = &db.out_of_purpose_uses(0);
  if (spec.name == "linkages") row = &db.linkages(0);
  if (spec.name == "channels") row = &db.rights_channels(0);
  // Kept apart from the example database, which imports into a node of
  // either format.
  const v1::WithheldField withheld = ExampleWithheldField();
  if (spec.name == "withholding") row = &withheld;
  if (spec.name == "profile") row = &profile;
  if (spec.name == "requests") row = &request;
  std::vector<std::string> cells;
  for (const std::string& c : spec.columns) {
    std::string cell = c == "database_id" && !spec.parent_field.empty()
                           ? db.database_id()
                       : c == spec.side_column ? ""
                                               : GetCell(*row, c);
    if (cells.empty()) cell = absl::StrCat(kExampleMarker, cell);
    cells.push_back(std::move(cell));
  }
  return cells;
}

std::string CsvTemplate(const TableSpec& spec) {
  std::vector<std::string> header, example;
  for (const std::string& c : spec.columns) header.push_back(CsvQuote(c));
  for (const std::string& cell : ExampleRow(spec))
    example.push_back(CsvQuote(cell));
  return absl::StrCat("\xEF\xBB\xBF", absl::StrJoin(header, ","), "\r\n",
                      absl::StrJoin(example, ","), "\r\n");
}

absl::StatusOr<std::string> JsonTemplate(const std::string& name) {
  if (name == "databases") {
    v1::node::UpsertDatabaseEntriesRequest r;
    *r.add_entries() = ExampleDatabase();
    return ToJson(r, /*pretty=*/true);
  }
  if (name == "profile") return ToJson(ExampleProfile(), /*pretty=*/true);
  if (name == "requests") {
    v1::node::AppendRequestRecordsRequest r;
    *r.add_records() = ExampleRequest();
    return ToJson(r, /*pretty=*/true);
  }
  return absl::NotFoundError(absl::Substitute(
      _("no JSON template \"$0\"; choose databases, profile or requests"),
      name));
}

}  // namespace disclosure::sheets
