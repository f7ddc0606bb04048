// disclosurectl import requests: raw provider request records from CSV (or a
// spreadsheet) or JSON into the node, all or nothing. A row with a
// correction_reason corrects the stored record with its request_id.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "sheets/proto_json.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/import_common.h"
#include "tools/disclosurectl/progress.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using import::ProblemList;

constexpr const char* kCmd = "import requests";

// A call that ended without the node's answer may still have committed.
bool MayHaveCommitted(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

std::string Counts(int64_t written, int64_t corrected, int64_t duplicates) {
  return absl::Substitute(_("$0 new, $1 correction(s), $2 already present"),
                          written - corrected, corrected, duplicates);
}

// After a lost connection: asks the node whether the import committed and
// says so, and that running the same import again is safe.
int ReportLostImport(const AdminConnection& conn, const std::string& import_id,
                     const grpc::Status& lost) {
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
        kCmd,
        absl::Substitute(
            _("the connection was lost ($0) and the node cannot be asked "
              "whether the import was committed. Run the same command again "
              "when the node is back: imports are idempotent, so records "
              "already written are counted as already present."),
            what));
    return kExitFailure;
  }
  if (status.committed()) {
    std::cout << absl::Substitute(
                     _("imported: the connection was lost after the node "
                       "committed the import ($0)"),
                     Counts(status.written(), status.corrected(),
                            status.duplicates()))
              << "\n";
    return kExitOk;
  }
  PrintError(kCmd,
             absl::Substitute(
                 _("the connection was lost ($0); the node did not commit the "
                   "import, so nothing was written. Running the same command "
                   "again is safe."),
                 what));
  return kExitFailure;
}

// The records of one file, checked, with what maps them back to its lines.
struct CheckedRequests {
  std::vector<v1::ProviderRequestRecord> records;
  std::vector<std::string> reasons;  // one per record
  std::vector<size_t> lines;         // one per record; 0 for JSON
  std::string import_id;             // "sha256:<hex of the file>"
};

// The requests sheet of a workbook, checked whole.
std::optional<int> ReadRequestsSheet(const ImportArgs& a, bool json_output,
                                     CheckedRequests* out) {
  absl::StatusOr<std::string> bytes = ReadFile(a.file, 64 << 20);
  if (!bytes.ok())
    return PrintError(kCmd, bytes.status().message()), kExitFailure;
  out->import_id =
      absl::StrCat("sha256:", HexEncode(AsBytes(Sha256::Of(*bytes))));
  ProblemList problems;
  absl::Status read_error;
  import::ParseRequestsSheet(
      a.file,
      [&](v1::ProviderRequestRecord&& r, size_t line,
          const std::string& reason) {
        out->records.push_back(std::move(r));
  out->reasons.push_back(reason);
  out->lines.push_back(line);
},
      &problems, &read_error);
if (!read_error.ok())
  return PrintError(kCmd, read_error.message()), kExitFailure;
if (!problems.empty()) return Report(kCmd, problems, json_output);
return std::nullopt;
}  // namespace

// Reads and checks the whole file before anything is sent, so a bad file
// is refused whole. Returns an exit code when the import cannot go on.
std::optional<int> ReadRequests(const ImportArgs& a, bool json_output,
                                CheckedRequests* out) {
  const bool json = IsJson(a.file);
  if (import::IsWorkbook(a.file)) return ReadRequestsSheet(a, json_output, out);
  std::string encoding;
  absl::StatusOr<std::string> text =
      json ? ReadFile(a.file, 512 << 20)
           : import::ReadTableFile(a.file, CsvLimits(), &encoding);
  if (!text.ok())
    return PrintError(kCmd, text.status().message()), kExitFailure;
  // The file's hash names the import, so a lost connection can be asked
  // about; what is sent is exactly what was checked.
  out->import_id =
      absl::StrCat("sha256:", HexEncode(AsBytes(Sha256::Of(*text))));
  if (json) {
    v1n::AppendRequestRecordsRequest all;
    std::string wrapped =
        absl::StartsWith(absl::StripLeadingAsciiWhitespace(*text), "[")
            ? absl::StrCat("{\"records\":", *text, "}")
            : *text;
    if (absl::Status s = sheets::ParseImportJson(wrapped, &all); !s.ok()) {
      return Report(kCmd, {a.file, 0, "", std::string(s.message())},
                    json_output);
    }
    out->records.assign(all.records().begin(), all.records().end());
    out->reasons.assign(all.correction_reasons().begin(),
                        all.correction_reasons().end());
    out->reasons.resize(out->records.size());
    out->lines.assign(out->records.size(), 0);
    return std::nullopt;
  }
  if (encoding == "Big5/CP950" || absl::StartsWith(encoding, "UTF-16"))
    std::cerr << absl::Substitute(_("note: $0: converted from $1 to UTF-8"),
                                  a.file, encoding)
              << "\n";
  const int64_t rows = std::count(text->begin(), text->end(), '\n');
  ProgressLine progress(_("checking"), _("rows"), rows > 0 ? rows - 1 : 0);
  ProblemList problems;
  import::ParseRequestsText(
      a.file, *text, CsvLimits(),
      [&](v1::ProviderRequestRecord&& r, size_t line,
          const std::string& reason) {
        out->records.push_back(std::move(r));
  out->reasons.push_back(reason);
  out->lines.push_back(line);
  progress.Update(static_cast<int64_t>(line));
},
      &problems);
progress.Finish(static_cast<int64_t>(out->records.size()));
if (!problems.empty()) return Report(kCmd, problems, json_output);
return std::nullopt;
}  // namespace disclosure::cli

}  // namespace

int ImportRequests(const ImportArgs& a, const AdminConnection& conn) {
  CheckedRequests in;
  if (std::optional<int> stop = ReadRequests(a, conn.json, &in)) return *stop;
  auto stub = conn.Connect();
  if (!stub.ok()) return PrintError(kCmd, stub.status().message()), kExitUsage;
  auto ctx = conn.Context();
  v1n::AppendRequestRecordsResponse resp;
  auto writer = (*stub)->AppendRequestRecords(ctx.get(), &resp);
  const bool any_correction =
      std::any_of(in.reasons.begin(), in.reasons.end(),
                  [](const std::string& r) { return !r.empty(); });
  ProgressLine progress(a.dry_run ? _("checking at the node") : _("sending"),
                        _("records"), static_cast<int64_t>(in.records.size()));
  v1n::AppendRequestRecordsRequest batch;
  int64_t sent = 0;
  bool stream_ok = true;
  for (size_t i = 0; i < in.records.size() && stream_ok; ++i) {
    *batch.add_records() = std::move(in.records[i]);
    if (any_correction) batch.add_correction_reasons(in.reasons[i]);
    if (static_cast<uint32_t>(batch.records_size()) < a.batch &&
        i + 1 < in.records.size()) {
      continue;
    }
    batch.set_dry_run(a.dry_run);
    if (sent == 0) batch.set_import_id(in.import_id);
    stream_ok = writer->Write(batch);
    sent += batch.records_size();
    progress.Update(sent);
    batch.Clear();
  }
  progress.Finish(sent);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  if (!s.ok() && !a.dry_run && MayHaveCommitted(s.error_code())) {
    return ReportLostImport(conn, in.import_id, s);
  }
  if (!s.ok())
    return PrintError(kCmd, DescribeRpcError(s, conn.address)), ExitCodeOf(s);
  if (!resp.problems().empty()) {
    ProblemList problems;
    for (const auto& p : resp.problems()) {
      const size_t line =
          p.item_index() >= 0 &&
                  static_cast<size_t>(p.item_index()) < in.lines.size()
              ? in.lines[static_cast<size_t>(p.item_index())]
              : 0;
      problems.push_back({a.file, line, p.field(), ProblemReason(p)});
    }
    return Report(kCmd, problems, conn.json);
  }
  if (conn.json) {
    std::cout << "{\"applied\":" << (a.dry_run ? "false" : "true")
              << ",\"received\":" << resp.received()
              << ",\"written\":" << resp.written()
              << ",\"corrected\":" << resp.corrected()
              << ",\"duplicates\":" << resp.duplicates() << "}" << std::endl;
  } else {
    const std::string counts =
        Counts(resp.written(), resp.corrected(), resp.duplicates());
    std::cout << (a.dry_run
                      ? absl::Substitute(_("valid, nothing written; the import "
                                           "would add: $0 records ($1)"),
                                         resp.received(), counts)
                      : absl::Substitute(_("imported: $0 records ($1)"),
                                         resp.received(), counts))
              << "\n";
  }
  return kExitOk;
}

}  // namespace disclosure::cli
