#include "hub/export/export_tables.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/i18n.h"
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
    : vocab_(vocab) {
  for (int i = 0; i < kTableCount; ++i) {
    const Table t = static_cast<Table>(i);
    files_[i] = std::make_unique<ExportFile>(dir, TableFileName(t));
    if (IsJsonTable(t))
      arrays_[i] = std::make_unique<JsonArrayWriter>(files_[i].get());
    previous_fds_[i] = -1;
  }
  const sheets::TableSpec& spec = **sheets::FindTable("databases");
  file(Table::kDatabasesCsv)
      .Append(absl::StrCat(kBom, "entry_id,", absl::StrJoin(spec.columns, ","),
                           ",specific_purposes_names,data_categories_names,"
                           "bundle,withheld\r\n"));
  file(Table::kStatisticsCsv).Append(absl::StrCat(kBom, kStatisticsHeader));
  file(Table::kTotalsCsv).Append(absl::StrCat(kBom, kTotalsHeader));
}

ExportTables::~ExportTables() {
  for (int fd : previous_fds_)
    if (fd >= 0) close(fd);
}

void ExportTables::BeginAgency(const std::string& agency_id) {
  agency_ = agency_id;
  agency_rows_ = AgencyRows();
  begun_.fill(false);
}

void ExportTables::EndAgency(const std::string& inputs) {
  if (agency_.empty()) return;
  agency_rows_.inputs = inputs;
  rows_.agencies[agency_] = std::move(agency_rows_);
  agency_.clear();
}

void ExportTables::BeginRow(Table t) {
  const int i = static_cast<int>(t);
  if (arrays_[i] != nullptr) arrays_[i]->BeginElement();
  if (!agency_.empty() && !begun_[i]) {
    agency_rows_.ranges[i].begin = file(t).size();
    begun_[i] = true;
  }
}

void ExportTables::EndRow(Table t) {
  const int i = static_cast<int>(t);
  if (!agency_.empty()) agency_rows_.ranges[i].end = file(t).size();
}

void ExportTables::Put(Table t, absl::string_view row) {
  BeginRow(t);
  file(t).Append(row);
  EndRow(t);
}

bool ExportTables::OpenPrevious(const TableRows& previous) {
  if (previous_state_ != Previous::kUnopened)
    return previous_state_ == Previous::kOpen;
  previous_state_ = Previous::kOpen;
  for (int i = 0; i < kTableCount; ++i) {
    const std::string path = absl::StrCat(previous.export_dir, "/",
                                          TableFileName(static_cast<Table>(i)));
    previous_fds_[i] = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (previous_fds_[i] < 0 || fstat(previous_fds_[i], &st) != 0 ||
        static_cast<uint64_t>(st.st_size) != previous.sizes[i]) {
      previous_state_ = Previous::kUnusable;
    }
  }
  return previous_state_ == Previous::kOpen;
}

absl::Status ExportTables::CopyRange(Table t, const RowRange& range) {
  const int fd = previous_fds_[static_cast<int>(t)];
  std::string buffer;
  for (uint64_t at = range.begin; at < range.end;) {
    buffer.resize(std::min<uint64_t>(range.end - at, 1 << 20));
    const ssize_t n = pread(fd, buffer.data(), buffer.size(), at);
    if (n <= 0) {
      return n < 0 ? ErrnoStatus(errno, _("reading the previous export's"),
                                 TableFileName(t))
                   : absl::DataLossError(absl::StrCat("the previous export's ",
                                                      TableFileName(t),
                                                      " was cut short"));
    }
    file(t).Append(absl::string_view(buffer.data(), n));
    at += n;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ExportTables::CopyAgency(const TableRows& previous,
                                              const AgencyRows& rows) {
  for (int i = 0; i < kTableCount; ++i) {
    const RowRange& r = rows.ranges[i];
    if (r.begin > r.end || r.end > previous.sizes[i]) return false;
  }
  if (!OpenPrevious(previous)) return false;
  for (int i = 0; i < kTableCount; ++i) {
    const Table t = static_cast<Table>(i);
    if (rows.ranges[i].empty()) continue;
    BeginRow(t);
    DN_RETURN_IF_ERROR(CopyRange(t, rows.ranges[i]));
    EndRow(t);
  }
  return true;
}

void ExportTables::Add(const std::string& agency_id,
                       const v1::DisclosureEntry& entry,
                       const std::string& bundle_path) {
  if (entry.has_database()) {
    AddDatabase(agency_id, entry.database(), bundle_path);
  } else if (entry.has_statistics()) {
    AddStatistics(agency_id, entry.statistics(), bundle_path);
  } else if (entry.has_agency_profile()) {
    Put(Table::kProfilesJson,
        absl::StrCat(
            "{\"agency_id\":\"", agency_id, "\",\"bundle\":\"", bundle_path,
            "\",\"profile\":", ToJsonStated(entry.agency_profile()), "}"));
  }
}

void ExportTables::AddDatabase(const std::string& agency_id,
                               const v1::DatabaseEntry& db,
                               const std::string& bundle_path) {
  v1::ExportedDatabase out = PublicDatabase(agency_id, db, bundle_path);
  *out.mutable_labels() = EntryLabels(db, vocab_);
  Put(Table::kDatabasesJson, ToJsonStated(out));

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
  Put(Table::kDatabasesCsv, absl::StrCat(absl::StrJoin(row, ","), "\r\n"));
}

void ExportTables::AddStatistics(const std::string& agency_id,
                                 const v1::RequestStatistics& s,
                                 const std::string& bundle_path) {
  Put(Table::kStatisticsJson,
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
    Put(Table::kStatisticsCsv,
        absl::StrCat(
            head, CsvQuote(row.legal_basis().statute()), ",",
            CsvQuote(row.legal_basis().article()), ",",
            EnumCells(v1::PurposeCategory_Name(row.purpose_category())), ",",
            EnumCells(v1::ProviderType_Name(row.provider_type())), ",",
            EnumCells(v1::Urgency_Name(row.urgency())), ",", counts, ",",
            row.suppressed() ? "true" : "false", ",", CsvQuote(row.band()), ",",
            CsvQuote(DataTypesCell(row)), ",", CsvQuote(withheld_cell),
            "\r\n"));
  }
  // A total cell holds the period's total or nothing: "not tracked" is no
  // number, and with banded rows the signed totals cover the published rows
  // only (their sum is in statistics.csv), which is not the period's total.
  const bool unknown =
      s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED || banded > 0 ||
      withheld > 0;
  // A withheld row's count has no bound: the range's high end is empty.
  const std::optional<CountRange> range = PeriodRequests(s);
  Put(Table::kTotalsCsv,
      absl::StrCat(
          head, EnumCells(v1::ReportingStatus_Name(s.reporting_status())), ",",
          unknown ? std::string(",,,,,") : CountCells(s.totals()), ",", banded,
          ",",
          range ? absl::StrCat(range->low, ",",
                               range->open ? "" : absl::StrCat(range->high))
                : std::string(","),
          ",", CsvQuote(s.counting_rule()), ",", CsvQuote(s.correction_note()),
          ",", CsvQuote(bundle_path), ",", withheld, "\r\n"));
}

absl::Status ExportTables::Close(ExportListing* listing) {
  for (int i = 0; i < kTableCount; ++i) {
    if (arrays_[i] != nullptr) arrays_[i]->End();
    rows_.sizes[i] = files_[i]->size();
    DN_RETURN_IF_ERROR(files_[i]->Close(listing));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub
