// disclosurectl verify export|entry: an auditor's offline checks, trusting
// only the keys named with --trusted-keys (tools/verify/trusted_keys.h).
// Exit 0 verified, 1 a check failed (the reason is printed), 2 usage or
// I/O (missing folder, unreadable keys).
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/i18n.h"
#include "core/json.h"
#include "format/checkpoint.h"
#include "format/limits.h"
#include "format/note.h"
#include "format/proof_bundle.h"
#include "google/protobuf/struct.pb.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/verify/export_verifier.h"
#include "tools/verify/trusted_keys.h"

namespace disclosure::cli {
namespace {

constexpr int kExitVerifyIo = 2;  // usage or I/O, as the help says

struct VerifyArgs {
  std::string target;
  std::string trusted_keys;
  bool json = false;
  size_t min_cosignatures = 1;
};

// Stable words for JSON; translated with _() for people.
const char* OutcomeName(verify::Check::Outcome o) {
  switch (o) {
    case verify::Check::kPassed:
      return N_("ok");
    case verify::Check::kFailed:
      return N_("FAILED");
    case verify::Check::kWarning:
      return N_("warning");
  }
  return "?";
}

void PrintJson(const verify::ExportReport& report) {
  google::protobuf::Struct out;
  (*out.mutable_fields())["verified"].set_bool_value(report.verified());
  (*out.mutable_fields())["failures"].set_number_value(report.failures);
  (*out.mutable_fields())["warnings"].set_number_value(report.warnings);
  auto* checks = (*out.mutable_fields())["checks"].mutable_list_value();
  for (const verify::Check& c : report.checks) {
    auto* f = checks->add_values()->mutable_struct_value()->mutable_fields();
    (*f)["step"].set_string_value(c.step);
    (*f)["outcome"].set_string_value(OutcomeName(c.outcome));
    (*f)["detail"].set_string_value(c.detail);
  }
  std::string json = ToJson(out);
  std::cout << json << std::endl;
}

void PrintText(const verify::ExportReport& report) {
  for (const verify::Check& c : report.checks) {
    std::cout << _(OutcomeName(c.outcome)) << "\t" << c.step << ": " << c.detail
              << "\n";
  }
  if (report.verified()) {
    std::cout << _("verified: every file, checkpoint, bundle, history and "
                   "piece of evidence checks out")
              << (report.warnings
                      ? absl::Substitute(_(" ($0 warning(s) above)"),
                                         report.warnings)
                      : "")
              << std::endl;
  } else {
    std::cout << absl::Substitute(
                     _("NOT verified: $0 check(s) failed; do not rely on this "
                       "export"),
                     report.failures)
              << std::endl;
  }
}

int RunVerifyExport(const VerifyArgs& a) {
  constexpr absl::string_view kCmd = "verify export";
  auto keys = verify::TrustedKeys::Load(a.trusted_keys);
  if (!keys.ok())
    return PrintError(kCmd, keys.status().message()), kExitVerifyIo;
  auto report =
      verify::VerifyExport(a.target, *keys, absl::Now(), a.min_cosignatures);
  if (!report.ok())
    return PrintError(kCmd, report.status().message()), kExitVerifyIo;
  a.json ? PrintJson(*report) : PrintText(*report);
  return report->verified() ? kExitOk : kExitInvalid;
}

// One bundle, with the keys picked from the trusted set by the origin its
// checkpoint names (the origin only chooses keys; it proves nothing).
int RunVerifyEntry(const VerifyArgs& a) {
  constexpr absl::string_view kCmd = "verify entry";
  auto keys = verify::TrustedKeys::Load(a.trusted_keys);
  if (!keys.ok())
    return PrintError(kCmd, keys.status().message()), kExitVerifyIo;
  auto bytes = ReadInput(a.target, kMaxProofBundleBytes + 1);
  if (!bytes.ok())
    return PrintError(kCmd, bytes.status().message()), kExitVerifyIo;
  disclosure::v1::ProofBundle bundle;
  if (bytes->size() > kMaxProofBundleBytes || !bundle.ParseFromString(*bytes))
    return PrintError(kCmd, _("not a proof bundle")), kExitInvalid;
  auto note = ParseNote(bundle.checkpoint());
  auto cp = note.ok() ? ParseCheckpoint(note->text) : note.status();
  if (!cp.ok()) return PrintError(kCmd, cp.status().message()), kExitInvalid;
  BundleTrust trust;
  trust.origin = cp->origin;
  trust.log_keys = keys->LogKeys(cp->origin);
  trust.witnesses = keys->Cosigners();
  trust.min_cosignatures = trust.witnesses.empty() ? 0 : 1;
  trust.now = absl::Now();
  if (trust.log_keys.empty()) {
    return PrintError(kCmd,
                      absl::Substitute(_("no trusted key for $0"), cp->origin)),
           kExitInvalid;
  }
  auto v = VerifyProofBundle(bundle, trust);
  const std::string detail =
      v.ok() ? absl::Substitute(
                   _("$0 snapshot $1 (log size $2) $3; $4 cosignature(s)$5"),
                   trust.origin, v->manifest.sequence(), v->checkpoint.size,
                   v->entry
                       ? absl::Substitute(_("contains $0"), v->entry->key())
                       : absl::Substitute(_("has no entry $0"), *v->absent_key),
                   v->cosignatures.size(),
                   v->expired ? _("; warning: the snapshot has expired") : "")
             : std::string(v.status().message());
  if (a.json) {
    verify::ExportReport report;
    v.ok() ? report.Pass("entry", detail) : report.Fail("entry", detail);
    if (v.ok() && v->expired)
      report.Warn("entry", _("the snapshot has expired"));
    PrintJson(report);
  } else if (v.ok()) {
    std::cout << absl::Substitute(_("verified: $0"), detail) << std::endl;
  } else {
    PrintError(kCmd, detail);
  }
  return v.ok() ? kExitOk : kExitInvalid;
}

}  // namespace

void AddVerifyCommands(CLI::App& app, int* exit_code) {
  CLI::App* verify = app.add_subcommand(
      "verify", _("Auditor's offline checks, trusting only --trusted-keys "
                  "(exit 0 verified, 1 a check failed, 2 usage or I/O)"));
  verify->require_subcommand(1);
  auto args = std::make_shared<VerifyArgs>();
  const auto add_keys = [args](CLI::App* c) {
    c->add_option("--trusted-keys", args->trusted_keys,
                  _("A file of verifier keys (one per line) or a folder of "
                    ".vkey files: agency keys, the hub's cosigner key, the "
                    "export-signing key"))
        ->required();
  };
  CLI::App* exp = verify->add_subcommand(
      "export", _("Check a whole static export: signed listing, every file, "
                  "checkpoint, bundle, table, history and piece of evidence"));
  exp->add_option("DIR", args->target, _("The export folder"))->required();
  add_keys(exp);
  exp->add_flag("--json", args->json, _("Print the report as JSON"));
  exp->add_option("--min-cosignatures", args->min_cosignatures,
                  _("Each checkpoint and bundle must carry this many "
                    "cosignatures by trusted witness keys (the hub's and "
                    "independent witnesses'; default 1)"))
      ->check(CLI::Range(1, 32));
  exp->callback([args, exit_code] { *exit_code = RunVerifyExport(*args); });

  CLI::App* entry = verify->add_subcommand(
      "entry", _("Check one proof bundle (entry -> snapshot -> checkpoint)"));
  entry->add_option("BUNDLE", args->target, _("The bundle file"))->required();
  add_keys(entry);
  entry->add_flag("--json", args->json, _("Print the result as JSON"));
  entry->callback([args, exit_code] { *exit_code = RunVerifyEntry(*args); });
  AddVerifyHistoryCommand(verify, exit_code);
  AddVerifySnapshotCommand(verify, exit_code);
}

}  // namespace disclosure::cli
