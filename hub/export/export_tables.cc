#include "hub/export/export_tables.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/public_form.h"
#include "core/request_counts.h"
#include "disclosure/v1/export.pb.h"
#include "format/status_macros.h"
#include "format/withholding.h"
#include "hub/export/export_labels.h"
#include "sheets/proto_csv.h"
#include "sheets/tables.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;

// UTF-8 byte order mark: Excel then opens the CSV files as UTF-8.
constexpr absl::string_view kBom = "\xEF\xBB\xBF";

constexpr absl::string_view kStatisticsHeader =
    "agency_id,period,version,synthetic,legal_basis_statute,"
    "legal_basis_article,purpose_category,purpose_category_zh,"
    "purpose_category_en,provider_type,provider_type_zh,provider_type_en,"
    "urgency,urgency_zh,urgency_en,requests,identifiers_specified,"
    "requests_data_produced,requests_no_data,requests_refused,"
    "requests_pending,banded,band,requests_by_data_type,withheld\r\n";

constexpr absl::string_view kTotalsHeader =
    "agency_id,period,version,synthetic,reporting_status,"
    "reporting_status_zh,reporting_status_en,requests,identifiers_specified,"
    "requests_data_produced,requests_no_data,requests_refused,"
    "requests_pending,banded_rows,requests_low,requests_high,counting_rule,"
    "correction_note,bundle,withheld_rows\r\n";

// "CODE,zh,en" cells of one enum value.
std::string EnumCells(const std::string& value_name) {
  const v1::Label l = EnumValueLabel(value_name);
  return absl::StrCat(value_name, ",", CsvQuote(l.zh_tw()), ",",
                      CsvQuote(l.en()));
}

std::string CountCells(const v1::RequestCounts& c) {
  return absl::StrCat(c.requests(), ",", c.identifiers_specified(), ",",
                      c.requests_data_produced(), ",", c.requests_no_data(),
                      ",", c.requests_refused(), ",", c.requests_pending());
}

// "REQUESTED_DATA_TYPE_SUBSCRIBER_INFO=2;...": overlapping by design (a
// request for two types counts under both), so never a count column.
std::string DataTypesCell(const v1::RequestStatisticsRow& row) {
  std::vector<std::string> parts;
  for (const v1::DataTypeCount& c : row.data_types()) {
    parts.push_back(absl::StrCat(v1::RequestedDataType_Name(c.data_type()), "=",
                                 c.requests()));
  }
  return absl::StrJoin(parts, ";");
}

std::string CodeNames(
    const google::protobuf::RepeatedPtrField<v1::CodeRef>& refs,
    const google::protobuf::Map<std::string, v1::Label>& labels) {
  std::vector<std::string> names;
  for (const v1::CodeRef& r : refs) {
    auto it = labels.find(r.code());
    names.push_back(it == labels.end() ? "" : it->second.zh_tw());
  }
  return absl::StrJoin(names, ";");
}

}  // namespace

ExportTables::ExportTables(const std::string& dir, const Vocabularies* vocab)
    : vocab_(vocab),
      databases_json_(dir, "databases.json"),
      databases_csv_(dir, "databases.csv"),
      profiles_json_(dir, "profiles.json"),
      statistics_json_(dir, "statistics.json"),
      statistics_csv_(dir, "statistics.csv"),
      totals_csv_(dir, "statistics-totals.csv"),
      databases_(&databases_json_),
      profiles_(&profiles_json_),
      statistics_(&statistics_json_) {
  const sheets::TableSpec& spec = **sheets::FindTable("databases");
  databases_csv_.Append(absl::StrCat(
      kBom, "entry_id,", absl::StrJoin(spec.columns, ","),
      ",specific_purposes_names,data_categories_names,bundle,withheld\r\n"));
  statistics_csv_.Append(absl::StrCat(kBom, kStatisticsHeader));
  totals_csv_.Append(absl::StrCat(kBom, kTotalsHeader));
}

void ExportTables::Add(const std::string& agency_id,
                       const v1::DisclosureEntry& entry,
                       const std::string& bundle_path) {
  if (entry.has_database()) {
    AddDatabase(agency_id, entry.database(), bundle_path);
  } else if (entry.has_statistics()) {
    AddStatistics(agency_id, entry.statistics(), bundle_path);
  } else if (entry.has_agency_profile()) {
    profiles_.Add(absl::StrCat(
        "{\"agency_id\":\"", agency_id, "\",\"bundle\":\"", bundle_path,
        "\",\"profile\":", ToJsonStated(entry.agency_profile()), "}"));
  }
}

void ExportTables::AddDatabase(const std::string& agency_id,
                               const v1::DatabaseEntry& db,
                               const std::string& bundle_path) {
  v1::ExportedDatabase out = PublicDatabase(agency_id, db, bundle_path);
  *out.mutable_labels() = EntryLabels(db, vocab_);
  databases_.Add(ToJsonStated(out));

  const sheets::TableSpec& spec = **sheets::FindTable("databases");
  std::vector<std::string> row = {CsvQuote(out.entry_id())};
  for (const auto& c : spec.columns) {
    row.push_back(
        CsvQuote(sheets::GetCell(db, c, sheets::EnumSpelling::kProtoName)));
  }
  row.push_back(CsvQuote(CodeNames(db.specific_purposes(), out.labels())));
  row.push_back(CsvQuote(CodeNames(db.data_categories(), out.labels())));
  row.push_back(CsvQuote(bundle_path));
  row.push_back(CsvQuote(WithheldCell(WithheldItems(db))));
  databases_csv_.Append(absl::StrCat(absl::StrJoin(row, ","), "\r\n"));
}

void ExportTables::AddStatistics(const std::string& agency_id,
                                 const v1::RequestStatistics& s,
                                 const std::string& bundle_path) {
  statistics_.Add(
      PrintedWithoutUnknowns(PublicStatistics(agency_id, s, bundle_path)));

  const std::string head =
      absl::StrCat(CsvQuote(agency_id), ",", CsvQuote(s.period()), ",",
                   s.version(), ",", s.synthetic() ? "true" : "false", ",");
  int banded = 0, withheld = 0;
  for (const v1::RequestStatisticsRow& row : s.rows()) {
    if (row.suppressed()) ++banded;
    if (row.has_withheld()) ++withheld;
    // A banded or withheld row's counts are not published: empty cells,
    // never zeros.
    const std::string counts =
        CountsHidden(row) ? std::string(",,,,,") : CountCells(row.counts());
    const std::string withheld_cell =
        row.has_withheld() ? WithheldCell({{"row", &row.withheld()}}) : "";
    statistics_csv_.Append(absl::StrCat(
        head, CsvQuote(row.legal_basis().statute()), ",",
        CsvQuote(row.legal_basis().article()), ",",
        EnumCells(v1::PurposeCategory_Name(row.purpose_category())), ",",
        EnumCells(v1::ProviderType_Name(row.provider_type())), ",",
        EnumCells(v1::Urgency_Name(row.urgency())), ",", counts, ",",
        row.suppressed() ? "true" : "false", ",", CsvQuote(row.band()), ",",
        CsvQuote(DataTypesCell(row)), ",", CsvQuote(withheld_cell), "\r\n"));
  }
  // A total cell holds the period's total or nothing: "not tracked" is no
  // number, and with banded rows the signed totals cover the published rows
  // only (their sum is in statistics.csv), which is not the period's total.
  const bool unknown =
      s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED || banded > 0 ||
      withheld > 0;
  // A withheld row's count has no bound: the range's high end is empty.
  const std::optional<CountRange> range = PeriodRequests(s);
  totals_csv_.Append(absl::StrCat(
      head, EnumCells(v1::ReportingStatus_Name(s.reporting_status())), ",",
      unknown ? std::string(",,,,,") : CountCells(s.totals()), ",", banded, ",",
      range ? absl::StrCat(range->low, ",",
                           range->open ? "" : absl::StrCat(range->high))
            : std::string(","),
      ",", CsvQuote(s.counting_rule()), ",", CsvQuote(s.correction_note()), ",",
      CsvQuote(bundle_path), ",", withheld, "\r\n"));
}

absl::Status ExportTables::Close(ExportListing* listing) {
  databases_.End();
  profiles_.End();
  statistics_.End();
  for (ExportFile* f : {&databases_json_, &databases_csv_, &profiles_json_,
                        &statistics_json_, &statistics_csv_, &totals_csv_}) {
    DN_RETURN_IF_ERROR(f->Close(listing));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub
