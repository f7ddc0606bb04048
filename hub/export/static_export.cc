#include "hub/export/static_export.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "core/csv.h"
#include "core/encoding.h"
#include "core/entry_key.h"
#include "core/file_util.h"
#include "core/json.h"
#include "core/periods.h"
#include "core/sha256.h"
#include "core/status_macros.h"
#include "hub/index/agency_summary.h"
#include "hub/proofs/agency_proofs.h"
#include "sheets/proto_csv.h"
#include "sheets/tables.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

// One file of the export, written as it is produced (so the export's
// memory does not grow with any agency's data) and hashed on the way.
class ExportFile {
 public:
  ExportFile(const std::string& dir, std::string name)
      : name_(std::move(name)), path_(dir + "/" + name_) {
    std::error_code ec;
    fs::create_directories(fs::path(path_).parent_path(), ec);
    file_ = fopen(path_.c_str(), "wx");
    if (file_ == nullptr) status_ = ErrnoStatus(errno, "creating", path_);
  }
  ~ExportFile() {
    if (file_ != nullptr) fclose(file_);
  }
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  void Append(absl::string_view data) {
    if (!status_.ok()) return;
    sha_.Update(data);
    if (fwrite(data.data(), 1, data.size(), file_) != data.size()) {
      status_ = ErrnoStatus(errno, "writing", path_);
    }
  }
  // Closes the file; its name and SHA-256 go into `listing`.
  absl::Status Close(std::map<std::string, std::string>* listing) {
    if (file_ != nullptr && fclose(file_) != 0 && status_.ok()) {
      status_ = ErrnoStatus(errno, "closing", path_);
    }
    file_ = nullptr;
    if (status_.ok()) (*listing)[name_] = HexEncode(AsBytes(sha_.Finish()));
    return status_;
  }

 private:
  std::string name_;
  std::string path_;
  FILE* file_ = nullptr;
  Sha256 sha_;
  absl::Status status_;
};

// A JSON array written one element at a time.
class JsonArray {
 public:
  explicit JsonArray(ExportFile* f) : f_(f) { f_->Append("["); }
  void Add(absl::string_view element) {
    f_->Append(first_ ? "" : ",\n");
    f_->Append(element);
    first_ = false;
  }
  void End() { f_->Append("]\n"); }

 private:
  ExportFile* f_;
  bool first_ = true;
};

absl::Status WriteWhole(const std::string& dir, const std::string& name,
                        absl::string_view content,
                        std::map<std::string, std::string>* listing) {
  ExportFile f(dir, name);
  f.Append(content);
  return f.Close(listing);
}

constexpr absl::string_view kStatisticsHeader =
    "agency_id,period,reporting_status,legal_basis,article,purpose_category,"
    "provider_type,urgency,requests,identifiers_specified,requests_"
    "data_produced,requests_no_data,requests_refused,suppressed,band,"
    "data_types\r\n";

// "SUBSCRIBER_INFO=2;IP_LOGIN_LOGS=1": the row's requests by data type
// (overlapping: a request for two types counts under both).
std::string DataTypesCell(const v1::RequestStatisticsRow& row) {
  std::vector<std::string> parts;
  for (const v1::DataTypeCount& c : row.data_types()) {
    const std::string name = v1::RequestedDataType_Name(c.data_type());
    parts.push_back(absl::StrCat(
        absl::StripPrefix(name, "REQUESTED_DATA_TYPE_"), "=", c.requests()));
  }
  return absl::StrJoin(parts, ";");
}

void AppendStatisticsCsv(const v1::RequestStatistics& s, ExportFile* csv) {
  const std::string status = v1::ReportingStatus_Name(s.reporting_status());
  if (s.rows().empty()) {
    // "Not tracked" is no number: its requests cell stays empty.
    const std::string requests =
        s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED
            ? ""
            : absl::StrCat(s.totals().requests());
    csv->Append(absl::StrCat(CsvQuote(s.agency_id()), ",", s.period(), ",",
                             status, ",,,,,,", requests, ",,,,,,,\r\n"));
  }
  for (const auto& row : s.rows()) {
    // A banded row's counts are withheld: empty cells, never zeros.
    const std::string counts =
        row.suppressed()
            ? std::string(",,,,")
            : absl::StrCat(row.counts().requests(), ",",
                           row.counts().identifiers_specified(), ",",
                           row.counts().requests_data_produced(), ",",
                           row.counts().requests_no_data(), ",",
                           row.counts().requests_refused());
    csv->Append(absl::StrCat(CsvQuote(s.agency_id()), ",", s.period(), ",",
                             status, ",", CsvQuote(row.legal_basis().statute()),
                             ",", CsvQuote(row.legal_basis().article()), ",",
                             v1::PurposeCategory_Name(row.purpose_category()),
                             ",", v1::ProviderType_Name(row.provider_type()),
                             ",", v1::Urgency_Name(row.urgency()), ",", counts,
                             ",", row.suppressed() ? "true" : "false", ",",
                             row.band(), ",", CsvQuote(DataTypesCell(row)),
                             "\r\n"));
  }
}

// databases.json, databases.csv and a proof bundle per database, one page
// of the index at a time. A database whose bundle cannot be built is named
// in the returned error: an export without it would not be verifiable.
absl::Status WriteDatabases(const HubStore& store, const DisclosureIndex& index,
                            const std::vector<v1h::RegisteredAgency>& registry,
                            const std::string& dir,
                            std::map<std::string, std::string>* listing) {
  const sheets::TableSpec& spec = **sheets::FindTable("databases");
  ExportFile json_file(dir, "databases.json");
  ExportFile csv(dir, "databases.csv");
  csv.Append(absl::StrCat("\xEF\xBB\xBF", "entry_id,",
                          absl::StrJoin(spec.columns, ","), "\r\n"));
  JsonArray json(&json_file);
  for (const auto& reg : registry) {
    absl::StatusOr<AgencyProofs> proofs =
        AgencyProofs::Load(store, reg.agency_id());
    v1h::SearchDatabasesRequest all;
    all.set_agency_id(reg.agency_id());
    all.set_include_withdrawn(true);
    all.set_page_size(500);
    for (std::string token;;) {
      all.set_page_token(token);
      absl::StatusOr<v1h::SearchDatabasesResponse> page = index.Search(all);
      if (!page.ok()) return page.status();
      for (const auto& hit : page->hits()) {
        json.Add(absl::StrCat("{\"entry_id\":\"", hit.entry_id(),
                              "\",\"entry\":", ToJson(hit.entry()), "}"));
        std::vector<std::string> row = {CsvQuote(hit.entry_id())};
        for (const auto& c : spec.columns)
          row.push_back(CsvQuote(sheets::GetCell(hit.entry(), c)));
        csv.Append(absl::StrCat(absl::StrJoin(row, ","), "\r\n"));
        if (!proofs.ok()) {
          return absl::Status(proofs.status().code(),
                              absl::StrCat("bundle of ", hit.entry_id(), ": ",
                                           proofs.status().message()));
        }
        absl::StatusOr<v1::ProofBundle> bundle =
            proofs->Bundle(DatabaseKey(hit.entry().database_id()));
        if (!bundle.ok()) {
          return absl::Status(bundle.status().code(),
                              absl::StrCat("bundle of ", hit.entry_id(), ": ",
                                           bundle.status().message()));
        }
        DN_RETURN_IF_ERROR(
            WriteWhole(dir,
                       absl::StrCat("bundles/", reg.agency_id(), "/",
                                    hit.entry().database_id(), ".bundle"),
                       bundle->SerializeAsString(), listing));
      }
      token = page->next_page_token();
      if (token.empty()) break;
    }
  }
  json.End();
  DN_RETURN_IF_ERROR(json_file.Close(listing));
  return csv.Close(listing);
}

absl::Status WriteStatistics(const DisclosureIndex& index,
                             const std::vector<v1h::RegisteredAgency>& registry,
                             const std::string& dir,
                             std::map<std::string, std::string>* listing) {
  ExportFile json_file(dir, "statistics.json");
  ExportFile csv(dir, "statistics.csv");
  csv.Append(absl::StrCat("\xEF\xBB\xBF", kStatisticsHeader));
  JsonArray json(&json_file);
  for (const auto& reg : registry) {
    for (const auto& s : index.Statistics(reg.agency_id())) {
      json.Add(ToJson(s));
      AppendStatisticsCsv(s, &csv);
    }
  }
  json.End();
  DN_RETURN_IF_ERROR(json_file.Close(listing));
  return csv.Close(listing);
}

// linkages.json: {"edges": [...]} one page of the graph at a time.
absl::Status WriteLinkages(const DisclosureIndex& index, const std::string& dir,
                           std::map<std::string, std::string>* listing) {
  ExportFile f(dir, "linkages.json");
  f.Append("{\"edges\":");
  JsonArray edges(&f);
  v1h::GetLinkageGraphRequest req;
  for (std::string token;;) {
    req.set_page_token(token);
    absl::StatusOr<v1h::GetLinkageGraphResponse> page = index.LinkageGraph(req);
    if (!page.ok()) return page.status();
    for (const auto& e : page->edges()) edges.Add(ToJson(e));
    token = page->next_page_token();
    if (token.empty()) break;
  }
  edges.End();
  f.Append("}\n");
  return f.Close(listing);
}

}  // namespace

absl::Status WriteExport(const HubStore& store, const DisclosureIndex& index,
                         const std::vector<v1h::RegisteredAgency>& registry,
                         const NoteSigner& signer, absl::Time now,
                         const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir))
    return absl::AlreadyExistsError(absl::StrCat(dir, " already exists"));
  fs::create_directories(dir, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat("creating ", dir, ": ", ec.message()));
  std::map<std::string, std::string> listing;  // file name -> SHA-256 hex

  // Agencies and their checkpoints.
  std::string checkpoints_text;
  {
    ExportFile agencies(dir, "agencies.json");
    JsonArray json(&agencies);
    for (const auto& a : SummarizeAgencies(store, index, registry, now)) {
      json.Add(ToJson(a));
      if (a.checkpoint().empty()) continue;
      DN_RETURN_IF_ERROR(
          WriteWhole(dir, absl::StrCat("checkpoints/", a.agency_id(), ".note"),
                     a.checkpoint(), &listing));
      absl::StrAppend(&checkpoints_text, "agency ", a.agency_id(), " sequence ",
                      a.latest_sequence(), "\n");
    }
    json.End();
    DN_RETURN_IF_ERROR(agencies.Close(&listing));
  }
  DN_RETURN_IF_ERROR(WriteDatabases(store, index, registry, dir, &listing));
  DN_RETURN_IF_ERROR(WriteStatistics(index, registry, dir, &listing));
  DN_RETURN_IF_ERROR(WriteLinkages(index, dir, &listing));
  std::vector<std::string> ids;
  for (const auto& reg : registry) ids.push_back(reg.agency_id());
  DN_RETURN_IF_ERROR(WriteWhole(
      dir, "coverage.json",
      ToJson(index.Coverage(
          ids, LastCompletedPeriod(now, v1::node::STATISTICS_PERIOD_HALF_YEAR)
                   .label)) +
          "\n",
      &listing));

  // The listing, and the signed note committing to it.
  std::string text_listing =
      absl::StrCat("disclosure-net/export/v1\ntime ", absl::ToUnixSeconds(now),
                   "\n", checkpoints_text);
  for (const auto& [name, sha] : listing)
    absl::StrAppend(&text_listing, "file ", sha, " ", name, "\n");
  if (auto s = WriteNewFile(dir + "/export-manifest.txt", text_listing, 0644);
      !s.ok())
    return s;
  const std::string text =
      absl::StrCat("disclosure-net/export/v1\ntime ", absl::ToUnixSeconds(now),
                   "\nexport-manifest.txt ",
                   HexEncode(AsBytes(Sha256::Of(text_listing))), "\n");
  auto note = SignNote(text, {&signer});
  if (!note.ok()) return note.status();
  return WriteNewFile(dir + "/export-manifest.note", *note, 0644);
}

absl::Status ExportAtomically(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<v1h::RegisteredAgency>& registry,
    const NoteSigner& signer, absl::Time now, const std::string& link) {
  const fs::path l(link);
  std::error_code ec;
  fs::create_directories(l.parent_path(), ec);
  const std::string target =
      absl::StrCat(l.filename().string(), "-", absl::ToUnixNanos(absl::Now()));
  const std::string target_path = (l.parent_path() / target).string();
  if (absl::Status s =
          WriteExport(store, index, registry, signer, now, target_path);
      !s.ok()) {
    fs::remove_all(target_path, ec);
    return s;
  }
  std::string previous;
  if (fs::is_symlink(l)) previous = fs::read_symlink(l).string();
  if (fs::exists(l) && !fs::is_symlink(l)) {
    return absl::FailedPreconditionError(
        absl::StrCat(link, " exists and is not a symlink; move it away"));
  }
  const std::string tmp_link = link + ".new";
  fs::remove(tmp_link, ec);
  fs::create_directory_symlink(target, tmp_link, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat("symlink: ", ec.message()));
  if (rename(tmp_link.c_str(), link.c_str()) != 0) {
    return ErrnoStatus(errno, "renaming", tmp_link);
  }
  if (!previous.empty() && previous != target)
    fs::remove_all(l.parent_path() / previous, ec);
  return absl::OkStatus();
}

}  // namespace disclosure::hub
