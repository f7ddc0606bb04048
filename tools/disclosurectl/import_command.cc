// disclosurectl import / template: agency spreadsheets (CSV) and JSON into
// the node, all or nothing, with every problem reported by file, line and
// column.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "core/encoding.h"
#include "core/file_util.h"
#include "core/sha256.h"
#include "google/protobuf/util/json_util.h"
#include "sheets/tables.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/import/csv_importer.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using import::ImportProblem;
using import::ProblemList;

struct ImportArgs {
  std::string file;
  std::string uses, linkages, channels;
  uint32_t batch = 1000;
  bool dry_run = false;
};

bool IsJson(const std::string& path) { return absl::EndsWith(path, ".json"); }

// Prints every kept problem and how many there are in all; exit 1.
int Report(const char* command, const ProblemList& problems, bool json) {
  const size_t kept = problems.kept().size();
  if (json) {
    std::cout << "{\"applied\":false,\"problem_count\":" << problems.size()
              << ",\"problems\":[";
    for (size_t i = 0; i < kept; ++i) {
      const auto& p = problems[i];
      std::cout << (i ? "," : "") << "{\"file\":" << JsonQuoted(p.file)
                << ",\"line\":" << p.line
                << ",\"column\":" << JsonQuoted(p.column)
                << ",\"reason\":" << JsonQuoted(p.reason) << "}";
    }
    std::cout << "]}" << std::endl;
  } else {
    std::cerr << "disclosurectl " << command
              << ": rejected, nothing was written; " << problems.size()
              << " problem(s)";
    if (kept < problems.size()) {
      std::cerr << ", the first " << kept
                << " listed (fix them and check again for the rest)";
    }
    std::cerr << ":\n";
    for (const auto& p : problems) {
      std::cerr << "  " << p.file;
      if (p.line > 0) std::cerr << ":" << p.line;
      if (!p.column.empty()) std::cerr << " [" << p.column << "]";
      std::cerr << ": " << p.reason << "\n";
    }
  }
  return kExitInvalid;
}

int Report(const char* command, ImportProblem problem, bool json) {
  ProblemList one;
  one.push_back(std::move(problem));
  return Report(command, one, json);
}

// Maps a server problem on entry `index` back to the spreadsheet cell.
ImportProblem Locate(const import::DatabaseImport& imp,
                     const v1n::ValidationProblem& p,
                     const std::string& fallback_file) {
  if (p.item_index() < 0 ||
      static_cast<size_t>(p.item_index()) >= imp.entry_sources.size()) {
    return {fallback_file, 0, p.field(), p.reason()};
  }
  const size_t i = static_cast<size_t>(p.item_index());
  // "out_of_purpose_uses[2].legal_ground" -> uses.csv row of use 2.
  const std::string& field = p.field();
  const size_t bracket = field.find('[');
  if (bracket != std::string::npos) {
    const std::string parent = field.substr(0, bracket);
    auto it = imp.child_sources[i].find(parent);
    size_t k = 0;
    const size_t close = field.find(']', bracket);
    if (it != imp.child_sources[i].end() && close != std::string::npos &&
        absl::SimpleAtoi(field.substr(bracket + 1, close - bracket - 1), &k) &&
        k < it->second.size()) {
      std::string column =
          close + 2 <= field.size() ? field.substr(close + 2) : "";
      return {it->second[k].file, it->second[k].line, column, p.reason()};
    }
  }
  return {imp.entry_sources[i].file, imp.entry_sources[i].line, field,
          p.reason()};
}

void Progress(const std::string& what, int64_t n, bool done) {
  static const bool tty = isatty(STDERR_FILENO);
  if (!tty) return;
  std::cerr << "\r" << what << ": " << n << " rows" << (done ? "\n" : "")
            << std::flush;
}

int ImportDatabases(const ImportArgs& a, const AdminConnection& conn) {
  constexpr const char* kCmd = "import databases";
  v1n::UpsertDatabaseEntriesRequest req;
  import::DatabaseImport imp;
  if (IsJson(a.file)) {
    auto text = ReadFile(a.file, 256 << 20);
    if (!text.ok())
      return PrintError(kCmd, text.status().message()), kExitFailure;
    std::string wrapped =
        absl::StartsWith(absl::StripLeadingAsciiWhitespace(*text), "[")
            ? absl::StrCat("{\"entries\":", *text, "}")
            : *text;
    auto s = google::protobuf::util::JsonStringToMessage(wrapped, &req);
    if (!s.ok())
      return Report(kCmd, {a.file, 0, "", std::string(s.message())}, conn.json);
    for (int i = 0; i < req.entries_size(); ++i)
      imp.entry_sources.push_back({a.file, 0});
    imp.child_sources.resize(req.entries_size());
  } else {
    std::vector<import::TableFile> children;
    for (const auto& [name, path] :
         {std::pair<const char*, std::string>{"uses", a.uses},
          {"linkages", a.linkages},
          {"channels", a.channels}}) {
      if (!path.empty()) children.push_back({*sheets::FindTable(name), path});
    }
    imp = import::ReadDatabaseTables({*sheets::FindTable("databases"), a.file},
                                     children, CsvLimits());
    for (const std::string& note : imp.notes)
      std::cerr << "note: " << note << "\n";
    if (!imp.read_error.ok()) {
      return PrintError(kCmd, imp.read_error.message()), kExitFailure;
    }
    if (!imp.problems.empty()) return Report(kCmd, imp.problems, conn.json);
    for (auto& e : imp.entries) *req.add_entries() = std::move(e);
  }
  auto stub = conn.Connect();
  if (!stub.ok()) return PrintError(kCmd, stub.status().message()), kExitUsage;
  // Fill the holding agency from the node when the sheet leaves it out.
  v1n::GetStatusResponse status;
  grpc::Status s = (*stub)->GetStatus(conn.Context().get(), {}, &status);
  if (!s.ok())
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), kExitFailure;
  for (auto& e : *req.mutable_entries()) {
    if (e.agency_id().empty()) e.set_agency_id(status.agency_id());
  }
  req.set_dry_run(a.dry_run);
  v1n::WriteResponse resp;
  s = (*stub)->UpsertDatabaseEntries(conn.Context().get(), req, &resp);
  if (!s.ok())
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), kExitFailure;
  if (!resp.problems().empty()) {
    ProblemList problems;
    for (const auto& p : resp.problems())
      problems.push_back(Locate(imp, p, a.file));
    return Report(kCmd, problems, conn.json);
  }
  if (conn.json) {
    std::cout << "{\"applied\":" << (resp.applied() ? "true" : "false")
              << ",\"entries\":" << req.entries_size()
              << ",\"written\":" << resp.written() << "}" << std::endl;
  } else {
    std::cout << (a.dry_run ? "valid: " : "imported: ") << req.entries_size()
              << " database entries (" << resp.written()
              << " new or changed)\n";
  }
  return kExitOk;
}

int ImportProfile(const ImportArgs& a, const AdminConnection& conn) {
  constexpr const char* kCmd = "import profile";
  v1n::UpsertAgencyProfileRequest req;
  ProblemList problems;
  if (IsJson(a.file)) {
    auto text = ReadFile(a.file, 16 << 20);
    if (!text.ok())
      return PrintError(kCmd, text.status().message()), kExitFailure;
    auto s = google::protobuf::util::JsonStringToMessage(*text,
                                                         req.mutable_profile());
    if (!s.ok())
      return Report(kCmd, {a.file, 0, "", std::string(s.message())}, conn.json);
  } else {
    auto profile = import::ReadProfileTable(a.file, &problems);
    if (!profile.ok())
      return PrintError(kCmd, profile.status().message()), kExitFailure;
    *req.mutable_profile() = *profile;
    if (!a.channels.empty()) {
      // Agency default channels are the channel rows with database_id "*".
      auto imp = import::ReadDatabaseTables(
          {*sheets::FindTable("databases"), "/dev/null"},
          {{*sheets::FindTable("channels"), a.channels}}, CsvLimits());
      if (!imp.read_error.ok()) {
        return PrintError(kCmd, imp.read_error.message()), kExitFailure;
      }
      for (auto& p : imp.problems) {
        if (p.file == a.channels && p.column != "database_id")
          problems.push_back(p);
      }
      for (auto& c : imp.default_channels)
        *req.mutable_profile()->add_default_rights_channels() = c;
    }
  }
  if (!problems.empty()) return Report(kCmd, problems, conn.json);
  auto stub = conn.Connect();
  if (!stub.ok()) return PrintError(kCmd, stub.status().message()), kExitUsage;
  req.set_dry_run(a.dry_run);
  v1n::WriteResponse resp;
  grpc::Status s =
      (*stub)->UpsertAgencyProfile(conn.Context().get(), req, &resp);
  if (!s.ok())
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), kExitFailure;
  if (!resp.problems().empty()) {
    for (const auto& p : resp.problems())
      problems.push_back({a.file, 0, p.field(), p.reason()});
    return Report(kCmd, problems, conn.json);
  }
  std::cout << (conn.json   ? "{\"applied\":true}"
                : a.dry_run ? "valid: agency profile"
                            : "imported: agency profile")
            << std::endl;
  return kExitOk;
}

// A call that ended without the node's answer may still have committed.
bool MayHaveCommitted(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

// After a lost connection: asks the node whether the import committed and
// says so, and that running the same import again is safe.
int ReportLostImport(const char* cmd, const AdminConnection& conn,
                     const std::string& import_id, const grpc::Status& lost) {
  const std::string what = DescribeRpcError(lost, conn.address);
  v1n::GetImportStatusResponse status;
  grpc::Status asked = grpc::Status(grpc::StatusCode::UNAVAILABLE, "");
  for (int attempt = 0; attempt < 5 && !asked.ok(); ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Seconds(2));
    auto stub = conn.Connect();
    if (!stub.ok()) continue;
    v1n::GetImportStatusRequest req;
    req.set_import_id(import_id);
    asked = (*stub)->GetImportStatus(conn.Context().get(), req, &status);
  }
  if (!asked.ok()) {
    PrintError(
        cmd, absl::StrCat("the connection was lost (", what,
                          ") and the node cannot be asked whether the import "
                          "was committed. Run the same command again when the "
                          "node is back: imports are idempotent, so records "
                          "already written are counted as already present."));
    return kExitFailure;
  }
  if (status.committed()) {
    std::cout << "imported: the connection was lost after the node "
                 "committed the import ("
              << status.written() << " new, " << status.duplicates()
              << " already present)\n";
    return kExitOk;
  }
  PrintError(cmd, absl::StrCat("the connection was lost (", what,
                               "); the node did not commit the import, so "
                               "nothing was written. Running the same "
                               "command again is safe."));
  return kExitFailure;
}

int ImportRequests(const ImportArgs& a, const AdminConnection& conn) {
  constexpr const char* kCmd = "import requests";
  std::vector<v1::ProviderRequestRecord> json_records;
  ProblemList problems;
  std::vector<size_t> lines;  // per record, for mapping server problems
  const bool json = IsJson(a.file);
  // The file is read once: what is checked is exactly what is sent, and its
  // hash names the import, so a lost connection can be asked about.
  std::string encoding;
  absl::StatusOr<std::string> text =
      json ? ReadFile(a.file, 512 << 20)
           : import::ReadTableFile(a.file, CsvLimits(), &encoding);
  if (!text.ok())
    return PrintError(kCmd, text.status().message()), kExitFailure;
  const std::string import_id =
      absl::StrCat("sha256:", HexEncode(AsBytes(Sha256::Of(*text))));
  if (json) {
    v1n::AppendRequestRecordsRequest all;
    std::string wrapped =
        absl::StartsWith(absl::StripLeadingAsciiWhitespace(*text), "[")
            ? absl::StrCat("{\"records\":", *text, "}")
            : *text;
    auto s = google::protobuf::util::JsonStringToMessage(wrapped, &all);
    if (!s.ok())
      return Report(kCmd, {a.file, 0, "", std::string(s.message())}, conn.json);
    json_records.assign(all.records().begin(), all.records().end());
    lines.assign(json_records.size(), 0);
  } else {
    // First pass: parse everything locally, so a bad file is refused whole
    // before anything is sent.
    int64_t n = 0;
    import::ParseRequestsText(
        a.file, *text, CsvLimits(),
        [&](v1::ProviderRequestRecord&&, size_t line) {
          lines.push_back(line);
    if (++n % 10000 == 0) Progress("checking", n, false);
  },
        &problems);
  Progress("checking", n, true);
  if (encoding == "Big5/CP950" || absl::StartsWith(encoding, "UTF-16"))
    std::cerr << "note: " << a.file << ": converted from " << encoding
              << " to UTF-8\n";
  if (!problems.empty()) return Report(kCmd, problems, conn.json);
}

auto stub = conn.Connect();
if (!stub.ok()) return PrintError(kCmd, stub.status().message()), kExitUsage;
auto ctx = conn.Context();
v1n::AppendRequestRecordsResponse resp;
auto writer = (*stub) -> AppendRequestRecords(ctx.get(), &resp);
v1n::AppendRequestRecordsRequest batch;
int64_t sent = 0;
bool stream_ok = true;
const auto flush = [&] {
  if (batch.records_size() == 0) return;
  batch.set_dry_run(a.dry_run);
  if (sent == 0) batch.set_import_id(import_id);
  stream_ok = stream_ok && writer->Write(batch);
  sent += batch.records_size();
  Progress("sending", sent, false);
  batch.Clear();
};
const auto add = [&](v1::ProviderRequestRecord&& r) {
  *batch.add_records() = std::move(r);
  if (static_cast<uint32_t>(batch.records_size()) >= a.batch) flush();
};
if (json) {
  for (auto& r : json_records) add(std::move(r));
} else {
  // The same text that was checked: parsing it again cannot fail.
  ProblemList second_pass;
    import::ParseRequestsText(
        a.file, *text, CsvLimits(),
        [&](v1::ProviderRequestRecord&& r, size_t) { add(std::move(r));
},
        &second_pass);
}  // namespace
flush();
Progress("sending", sent, true);
writer->WritesDone();
grpc::Status s = writer->Finish();
if (!s.ok() && !a.dry_run && MayHaveCommitted(s.error_code())) {
  return ReportLostImport(kCmd, conn, import_id, s);
}
if (!s.ok())
  return PrintError(kCmd, DescribeRpcError(s, conn.address)), kExitFailure;
if (!resp.problems().empty()) {
  for (const auto& p : resp.problems()) {
    const size_t line =
        p.item_index() >= 0 &&
                static_cast<size_t>(p.item_index()) < lines.size()
            ? lines[static_cast<size_t>(p.item_index())]
            : 0;
    problems.push_back({a.file, line, p.field(), p.reason()});
  }
  return Report(kCmd, problems, conn.json);
}
if (conn.json) {
  std::cout << "{\"applied\":" << (a.dry_run ? "false" : "true")
            << ",\"received\":" << resp.received()
            << ",\"written\":" << resp.written()
            << ",\"duplicates\":" << resp.duplicates() << "}" << std::endl;
} else {
  std::cout << (a.dry_run ? "valid: " : "imported: ") << resp.received()
            << " records (" << resp.written() << " new, " << resp.duplicates()
            << " already present)\n";
}
return kExitOk;
}  // namespace disclosure::cli

}  // namespace

void AddImportCommands(CLI::App& app, int* exit_code) {
  CLI::App* imp = app.add_subcommand(
      "import",
      "Import agency data from CSV or JSON into the node (all or nothing)");
  imp->require_subcommand(1);
  auto conn = std::make_shared<AdminConnection>();
  auto args = std::make_shared<ImportArgs>();

  CLI::App* dbs = imp->add_subcommand(
      "databases", "Database entries (databases.csv or .json)");
  dbs->add_option("FILE", args->file, "databases.csv or a JSON list of entries")
      ->required();
  dbs->add_option("--uses", args->uses, "uses.csv: out-of-purpose uses");
  dbs->add_option("--linkages", args->linkages, "linkages.csv");
  dbs->add_option("--channels", args->channels,
                  "channels.csv: rights channels");
  dbs->add_flag("--dry-run", args->dry_run, "Validate only; write nothing");
  conn->AddOptions(dbs);
  dbs->callback([=] { *exit_code = ImportDatabases(*args, *conn); });

  CLI::App* prof = imp->add_subcommand(
      "profile", "The agency profile (profile.csv or .json)");
  prof->add_option("FILE", args->file, "profile.csv or profile.json")
      ->required();
  prof->add_option(
      "--channels", args->channels,
      "channels.csv: rows with database_id \"*\" are default channels");
  prof->add_flag("--dry-run", args->dry_run, "Validate only; write nothing");
  conn->AddOptions(prof);
  prof->callback([=] { *exit_code = ImportProfile(*args, *conn); });

  CLI::App* reqs = imp->add_subcommand(
      "requests",
      "Raw provider request records (requests.csv or .json); stay on the node");
  reqs->add_option("FILE", args->file, "requests.csv or a JSON list of records")
      ->required();
  reqs->add_option("--batch", args->batch, "Records per message")
      ->check(CLI::Range(1, 10000));
  reqs->add_flag("--dry-run", args->dry_run, "Validate only; write nothing");
  conn->AddOptions(reqs);
  reqs->callback([=] { *exit_code = ImportRequests(*args, *conn); });

  auto name = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("csv");
  CLI::App* tmpl = app.add_subcommand("template",
                                      "Print a template to fill in: databases, "
                                      "uses, linkages, channels, profile, "
                                      "requests");
  tmpl->add_option("NAME", *name, "Which template")->required();
  tmpl->add_option("--format", *format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  tmpl->callback([=] {
    if (*format == "json") {
      auto t = sheets::JsonTemplate(*name);
      if (!t.ok()) {
        PrintError("template", t.status().message());
        *exit_code = kExitUsage;
        return;
      }
      std::cout << *t << std::endl;
    } else {
      auto spec = sheets::FindTable(*name);
      if (!spec.ok()) {
        PrintError("template", spec.status().message());
        *exit_code = kExitUsage;
        return;
      }
      std::cout << sheets::CsvTemplate(**spec);
    }
    *exit_code = kExitOk;
  });
}

}  // namespace disclosure::cli
