#include "hub/export/static_export.h"

#include <unistd.h>

#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/encoding.h"
#include "core/entry_key.h"
#include "core/file_util.h"
#include "core/sha256.h"
#include "google/protobuf/util/json_util.h"
#include "hub/service/index_service.h"
#include "tools/import/proto_csv.h"
#include "tools/import/tables.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

std::string Json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  o.always_print_primitive_fields = true;  // "met": false must be visible
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

class Writer {
 public:
  explicit Writer(std::string dir) : dir_(std::move(dir)) {}
  absl::Status Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (absl::Status s = WriteNewFile(path, content, 0644); !s.ok()) return s;
    listing_[name] = HexEncode(AsBytes(Sha256::Of(content)));
    return absl::OkStatus();
  }
  const std::map<std::string, std::string>& listing() const { return listing_; }

 private:
  std::string dir_;
  std::map<std::string, std::string> listing_;
};

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
  Writer w(dir);

  // Agencies and their checkpoints.
  std::vector<std::string> agencies_json;
  std::string checkpoints_text;
  for (const auto& a : SummarizeAgencies(store, index, registry)) {
    agencies_json.push_back(Json(a));
    if (!a.checkpoint().empty()) {
      if (auto s = w.Write(absl::StrCat("checkpoints/", a.agency_id(), ".note"),
                           a.checkpoint());
          !s.ok()) {
        return s;
      }
      absl::StrAppend(&checkpoints_text, "agency ", a.agency_id(), " sequence ",
                      a.latest_sequence(), "\n");
    }
  }
  if (auto s = w.Write(
          "agencies.json",
          absl::StrCat("[", absl::StrJoin(agencies_json, ",\n"), "]\n"));
      !s.ok()) {
    return s;
  }

  // Databases: JSON, CSV (the import layout plus entry_id), proof bundles.
  const import::TableSpec& spec = **import::FindTable("databases");
  std::string csv =
      "\xEF\xBB\xBF"
      "entry_id," +
      absl::StrJoin(spec.columns, ",") + "\r\n";
  std::vector<std::string> dbs_json, stats_json;
  std::string stats_csv =
      "\xEF\xBB\xBF"
      "agency_id,period,reporting_status,legal_basis,article,purpose_category,"
      "provider_type,data_type,urgency,requests,identifiers_specified,requests_"
      "data_produced,"
      "requests_no_data,requests_refused,suppressed,band\r\n";
  std::map<std::string, std::vector<v1::DisclosureEntry>> by_agency;
  for (const auto& reg : registry) {
    absl::StatusOr<AgencyProofs> proofs =
        AgencyProofs::Load(store, reg.agency_id());
    v1h::SearchDatabasesRequest all;
    all.set_agency_id(reg.agency_id());
    all.set_include_withdrawn(true);
    all.set_page_size(500);
    for (std::string token;;) {
      all.set_page_token(token);
      auto page = index.Search(all);
      for (const auto& hit : page.hits()) {
        dbs_json.push_back(absl::StrCat("{\"entry_id\":\"", hit.entry_id(),
                                        "\",\"entry\":", Json(hit.entry()),
                                        "}"));
        std::vector<std::string> row = {import::CsvQuote(hit.entry_id())};
        for (const auto& c : spec.columns)
          row.push_back(import::CsvQuote(import::GetCell(hit.entry(), c)));
        absl::StrAppend(&csv, absl::StrJoin(row, ","), "\r\n");
        auto bundle =
            proofs.ok() ? proofs->Bundle(DatabaseKey(hit.entry().database_id()))
                        : absl::StatusOr<v1::ProofBundle>(proofs.status());
        if (bundle.ok()) {
          if (auto s =
                  w.Write(absl::StrCat("bundles/", reg.agency_id(), "/",
                                       hit.entry().database_id(), ".bundle"),
                          bundle->SerializeAsString());
              !s.ok()) {
            return s;
          }
        }
      }
      token = page.next_page_token();
      if (token.empty()) break;
    }
  }
  for (const auto& e : index.AllEntries()) {
    if (!e.has_statistics()) continue;
    const auto& s = e.statistics();
    stats_json.push_back(Json(s));
    const std::string status = v1::ReportingStatus_Name(s.reporting_status());
    if (s.rows().empty()) {
      absl::StrAppend(&stats_csv, import::CsvQuote(s.agency_id()), ",",
                      s.period(), ",", status, ",,,,,,,", s.totals().requests(),
                      ",,,,,,\r\n");
    }
    for (const auto& row : s.rows()) {
      absl::StrAppend(
          &stats_csv, import::CsvQuote(s.agency_id()), ",", s.period(), ",",
          status, ",", import::CsvQuote(row.legal_basis().statute()), ",",
          import::CsvQuote(row.legal_basis().article()), ",",
          v1::PurposeCategory_Name(row.purpose_category()), ",",
          v1::ProviderType_Name(row.provider_type()), ",",
          v1::RequestedDataType_Name(row.data_type()), ",",
          v1::Urgency_Name(row.urgency()), ",", row.counts().requests(), ",",
          row.counts().identifiers_specified(), ",",
          row.counts().requests_data_produced(), ",",
          row.counts().requests_no_data(), ",", row.counts().requests_refused(),
          ",", row.suppressed() ? "true" : "false", ",", row.band(), "\r\n");
    }
  }
  for (const auto& [name, content] :
       {std::pair<std::string, std::string>{
            "databases.json",
            absl::StrCat("[", absl::StrJoin(dbs_json, ",\n"), "]\n")},
        {"databases.csv", csv},
        {"statistics.json",
         absl::StrCat("[", absl::StrJoin(stats_json, ",\n"), "]\n")},
        {"statistics.csv", stats_csv},
        {"linkages.json", Json(index.LinkageGraph({})) + "\n"}}) {
    if (auto s = w.Write(name, content); !s.ok()) return s;
  }
  std::vector<std::string> ids;
  for (const auto& reg : registry) ids.push_back(reg.agency_id());
  if (auto s =
          w.Write("coverage.json",
                  Json(index.Coverage(ids, LastCompletedHalfYear(now))) + "\n");
      !s.ok()) {
    return s;
  }

  // The listing, and the signed note committing to it.
  std::string listing =
      absl::StrCat("disclosure-net/export/v1\ntime ", absl::ToUnixSeconds(now),
                   "\n", checkpoints_text);
  for (const auto& [name, sha] : w.listing())
    absl::StrAppend(&listing, "file ", sha, " ", name, "\n");
  if (auto s = WriteNewFile(dir + "/export-manifest.txt", listing, 0644);
      !s.ok())
    return s;
  const std::string text = absl::StrCat(
      "disclosure-net/export/v1\ntime ", absl::ToUnixSeconds(now),
      "\nexport-manifest.txt ", HexEncode(AsBytes(Sha256::Of(listing))), "\n");
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
