// disclosurectl import / template: agency spreadsheets (CSV) and JSON into
// the node, all or nothing, with every problem reported by file, line and
// column.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/coverage.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "sheets/proto_json.h"
#include "sheets/tables.h"
#include "sheets/xlsx_reader.h"
#include "sheets/xlsx_template.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/disclosurectl/import_common.h"
#include "tools/import/csv_importer.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using import::ImportProblem;
using import::ProblemList;

// Maps a server problem on entry `index` back to the spreadsheet cell.
ImportProblem Locate(const import::DatabaseImport& imp,
                     const v1n::ValidationProblem& p,
                     const std::string& fallback_file) {
  if (p.item_index() < 0 ||
      static_cast<size_t>(p.item_index()) >= imp.entry_sources.size()) {
    return {fallback_file, 0, p.field(), ProblemReason(p)};
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
      return {it->second[k].file, it->second[k].line, column, ProblemReason(p)};
    }
  }
  return {imp.entry_sources[i].file, imp.entry_sources[i].line, field,
          ProblemReason(p)};
}

// Whether `path` is a workbook with a sheet `name` (so its tables need not
// be named one by one).
bool WorkbookHasSheet(const std::string& path, const std::string& name) {
  if (!import::IsWorkbook(path)) return false;
  auto names = sheets::XlsxSheetNames(path);
  return names.ok() &&
         std::find(names->begin(), names->end(), name) != names->end();
}

// What the hub's coverage report will call missing, located in the sheet
// the way problems are (the import still goes ahead).
// `defaults`: the agency profile's default channels (they apply to every
// database), or null.
std::vector<ImportProblem> CoverageWarnings(
    const import::DatabaseImport& imp,
    const v1n::UpsertDatabaseEntriesRequest& req,
    const google::protobuf::RepeatedPtrField<v1::RightsChannel>* defaults) {
  std::vector<ImportProblem> out;
  for (int i = 0; i < req.entries_size(); ++i) {
    const v1::DatabaseEntry& e = req.entries(i);
    const import::Source where =
        static_cast<size_t>(i) < imp.entry_sources.size()
            ? imp.entry_sources[static_cast<size_t>(i)]
            : import::Source{};
    for (const MissingItem& m : MissingDisclosureItems(e, defaults)) {
      const std::string reason =
          absl::StartsWith(m.name, "placeholder:")
              ? absl::Substitute(_("$0: holds a placeholder; the hub's "
                                   "coverage report will list $1 as "
                                   "incomplete until it is the real value"),
                                 e.database_id(), m.column)
              : absl::Substitute(
                    _("$0: not filled in; the hub's coverage report will "
                      "list $1 as missing for this database"),
                    e.database_id(), m.name);
      out.push_back({where.file, where.line, m.column, reason});
    }
  }
  return out;
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
    if (absl::Status s = sheets::ParseImportJson(wrapped, &req); !s.ok())
      return Report(kCmd, {a.file, 0, "", std::string(s.message())}, conn.json);
    for (int i = 0; i < req.entries_size(); ++i)
      imp.entry_sources.push_back({a.file, 0});
    imp.child_sources.resize(req.entries_size());
  } else {
    std::vector<import::TableFile> children;
    for (const auto& [name, path] :
         {std::pair<const char*, std::string>{"uses", a.uses},
          {"linkages", a.linkages},
          {"channels", a.channels},
          {"withholding", a.withholding}}) {
      if (!path.empty()) {
        children.push_back({*sheets::FindTable(name), path});
      } else if (WorkbookHasSheet(a.file, name)) {
        children.push_back({*sheets::FindTable(name), a.file});
      }
    }
    imp = import::ReadDatabaseTables({*sheets::FindTable("databases"), a.file},
                                     children, CsvLimits());
    for (const std::string& note : imp.notes)
      std::cerr << _("note: ") << note << "\n";
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
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), ExitCodeOf(s);
  for (auto& e : *req.mutable_entries()) {
    if (e.agency_id().empty()) e.set_agency_id(status.agency_id());
  }
  req.set_dry_run(a.dry_run);
  v1n::WriteResponse resp;
  s = (*stub)->UpsertDatabaseEntries(conn.Context().get(), req, &resp);
  if (!s.ok())
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), ExitCodeOf(s);
  if (!resp.problems().empty()) {
    ProblemList problems;
    for (const auto& p : resp.problems())
      problems.push_back(Locate(imp, p, a.file));
    return Report(kCmd, problems, conn.json);
  }
  // The profile's default channels count for every database; a node
  // without a profile yet has none.
  v1n::ShowEntryRequest profile_req;
  profile_req.set_key("agency");
  v1n::ShowEntryResponse profile;
  const bool has_profile =
      (*stub)->ShowEntry(conn.Context().get(), profile_req, &profile).ok() &&
      profile.entry().has_agency_profile();
  const std::vector<ImportProblem> warnings = CoverageWarnings(
      imp, req,
      has_profile ? &profile.entry().agency_profile().default_rights_channels()
                  : nullptr);
  if (conn.json) {
    std::cout << "{\"applied\":" << (resp.applied() ? "true" : "false")
              << ",\"entries\":" << req.entries_size()
              << ",\"written\":" << resp.written()
              << ",\"warning_count\":" << warnings.size() << "}" << std::endl;
    return kExitOk;
  }
  for (const ImportProblem& w : warnings) {
    std::cerr << _("warning: ") << w.file;
    if (w.line > 0) std::cerr << ":" << w.line;
    std::cerr << " [" << w.column << "]: " << w.reason << "\n";
  }
  const int64_t unchanged = req.entries_size() - resp.written();
  const std::string counts = absl::Substitute(
      _("$0 database entries ($1 new or changed, $2 unchanged)"),
      req.entries_size(), resp.written(), unchanged);
  std::cout << (a.dry_run ? _("valid, nothing written; the import would "
                              "write: ")
                          : _("imported: "))
            << counts << "\n";
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
    if (absl::Status s = sheets::ParseImportJson(*text, req.mutable_profile());
        !s.ok())
      return Report(kCmd, {a.file, 0, "", std::string(s.message())}, conn.json);
  } else {
    auto profile = import::ReadProfileTable(a.file, &problems);
    if (!profile.ok())
      return PrintError(kCmd, profile.status().message()), kExitFailure;
    *req.mutable_profile() = *profile;
    const std::string channels = !a.channels.empty() ? a.channels
                                 : WorkbookHasSheet(a.file, "channels") ? a.file
                                                                        : "";
    if (!channels.empty()) {
      // Agency default channels are the channel rows with database_id "*";
      // the rows of databases are the databases import's.
      auto imp = import::ReadDatabaseTables(
          {*sheets::FindTable("databases"), "/dev/null"},
          {{*sheets::FindTable("channels"), channels}}, CsvLimits());
      if (!imp.read_error.ok()) {
        return PrintError(kCmd, imp.read_error.message()), kExitFailure;
      }
      for (auto& p : imp.problems) {
        if (p.file != "/dev/null" && p.column != "database_id")
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
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), ExitCodeOf(s);
  if (!resp.problems().empty()) {
    for (const auto& p : resp.problems())
      problems.push_back({a.file, 0, p.field(), ProblemReason(p)});
    return Report(kCmd, problems, conn.json);
  }
  std::cout << (conn.json   ? "{\"applied\":true}"
                : a.dry_run ? _("valid: agency profile")
                            : _("imported: agency profile"))
            << std::endl;
  return kExitOk;
}

int WriteTemplate(const std::string& name, const std::string& format,
                  const std::string& out) {
  std::string text;
  if (format == "xlsx") {
    std::vector<const sheets::TableSpec*> tables;
    if (name == "all") {
      for (const auto& t : sheets::AllTables()) tables.push_back(&t);
    } else if (auto spec = sheets::FindTable(name); spec.ok()) {
      tables.push_back(*spec);
    } else {
      return PrintError("template", spec.status().message()), kExitUsage;
    }
    if (out.empty()) {
      PrintError("template", _("give the workbook's file name with --out"));
      return kExitUsage;
    }
    if (absl::Status s = sheets::WriteXlsxTemplate(out, tables); !s.ok())
      return PrintError("template", s.message()), kExitFailure;
    std::cerr << absl::Substitute(_("wrote $0: one sheet per table; delete "
                                    "the grey example row before importing "
                                    "it"),
                                  out)
              << "\n";
    return kExitOk;
  }
  if (format == "json") {
    auto t = sheets::JsonTemplate(name);
    if (!t.ok())
      return PrintError("template", t.status().message()), kExitUsage;
    text = *t + "\n";
  } else {
    auto spec = sheets::FindTable(name);
    if (!spec.ok())
      return PrintError("template", spec.status().message()), kExitUsage;
    text = sheets::CsvTemplate(**spec);
  }
  if (out.empty()) {
    std::cout << text;
    return kExitOk;
  }
  if (absl::Status s = ReplaceFileDurably(out, text, 0644); !s.ok())
    return PrintError("template", s.message()), kExitFailure;
  return kExitOk;
}

}  // namespace

void AddImportCommands(CLI::App& app, int* exit_code) {
  CLI::App* imp = app.add_subcommand(
      "import",
      _("Import agency data from a workbook (.xlsx), CSV or JSON into the "
        "node (all or nothing)"));
  imp->require_subcommand(1);
  auto conn = std::make_shared<AdminConnection>();
  auto args = std::make_shared<ImportArgs>();

  CLI::App* dbs = imp->add_subcommand(
      "databases", _("Database entries (databases.csv, a workbook, or .json)"));
  dbs->add_option("FILE", args->file,
                  _("databases.csv, a workbook (.xlsx) with a databases sheet, "
                    "or a JSON "
                    "list of entries"))
      ->required();
  dbs->add_option(
      "--uses", args->uses,
      _("uses.csv: out-of-purpose uses (a workbook's uses sheet by default)"));
  dbs->add_option("--linkages", args->linkages, _("linkages.csv"));
  dbs->add_option("--channels", args->channels,
                  _("channels.csv: rights channels"));
  dbs->add_option("--withholding", args->withholding,
                  _("withholding.csv: withheld fields (snapshot format 2)"));
  dbs->add_flag("--dry-run", args->dry_run, _("Validate only; write nothing"));
  conn->AddOptions(dbs);
  dbs->callback([=] { *exit_code = ImportDatabases(*args, *conn); });

  CLI::App* prof = imp->add_subcommand(
      "profile", _("The agency profile (profile.csv, a workbook, or .json)"));
  prof->add_option("FILE", args->file,
                   _("profile.csv, a workbook (.xlsx) or profile.json"))
      ->required();
  prof->add_option(
      "--channels", args->channels,
      _("channels.csv: rows with database_id \"*\" are default channels"));
  prof->add_flag("--dry-run", args->dry_run, _("Validate only; write nothing"));
  conn->AddOptions(prof);
  prof->callback([=] { *exit_code = ImportProfile(*args, *conn); });

  CLI::App* reqs = imp->add_subcommand(
      "requests",
      _("Raw provider request records (requests.csv, a workbook, or .json); "
        "they stay on the node. A row with a correction_reason corrects the "
        "stored record with its request_id"));
  reqs->add_option(
          "FILE", args->file,
          _("requests.csv, a workbook (.xlsx) or a JSON list of records"))
      ->required();
  reqs->add_option("--batch", args->batch, _("Records per message"))
      ->check(CLI::Range(1, 10000));
  reqs->add_flag("--dry-run", args->dry_run, _("Validate only; write nothing"));
  conn->AddOptions(reqs);
  reqs->callback([=] { *exit_code = ImportRequests(*args, *conn); });

  auto name = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("csv");
  auto out = std::make_shared<std::string>();
  CLI::App* tmpl = app.add_subcommand(
      "template",
      _("Write a template to fill in: databases, uses, linkages, channels, "
        "profile, requests, or (for xlsx) all"));
  tmpl->add_option("NAME", *name, _("Which template"))->required();
  tmpl->add_option("--format", *format,
                   _("csv, json, or xlsx (a workbook with notes on every "
                     "column and drop-down lists of the codes)"))
      ->check(CLI::IsMember({"csv", "json", "xlsx"}));
  tmpl->add_option("--out", *out, _("Write to this file (required for xlsx)"));
  tmpl->callback([=] { *exit_code = WriteTemplate(*name, *format, *out); });
}

}  // namespace disclosure::cli
