// disclosurectl bundle verify: an auditor's offline check of a proof bundle
// (from the hub's GetDatabaseEntry or its static export), trusting only the
// agency's verifier key and, optionally, witness keys.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/i18n.h"
#include "format/limits.h"
#include "format/note_keys.h"
#include "format/proof_bundle.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

struct BundleArgs {
  std::string in;
  std::string vkey;
  std::string origin;
  std::vector<std::string> witnesses;
  size_t min_cosignatures = 0;
};

int RunVerify(const BundleArgs& a) {
  constexpr absl::string_view kCmd = "bundle verify";
  auto vkey_text = ResolveVerifierKeyText(a.vkey);
  if (!vkey_text.ok())
    return PrintError(kCmd, vkey_text.status().message()), kExitUsage;
  auto agency = NewNoteVerifier(*vkey_text);
  if (!agency.ok())
    return PrintError(kCmd, agency.status().message()), kExitUsage;
  std::vector<std::unique_ptr<NoteVerifier>> witnesses;
  BundleTrust trust;
  trust.origin = a.origin.empty() ? (*agency)->key_name() : a.origin;
  trust.log_keys = {agency->get()};
  for (const auto& w : a.witnesses) {
    auto text = ResolveVerifierKeyText(w);
    auto v = text.ok() ? NewNoteVerifier(*text) : text.status();
    if (!v.ok())
      return PrintError(kCmd, absl::Substitute(_("--witness: $0"),
                                               v.status().message())),
             kExitUsage;
    trust.witnesses.push_back(v->get());
    witnesses.push_back(*std::move(v));
  }
  trust.min_cosignatures = a.min_cosignatures;
  trust.now = absl::Now();
  auto bytes = ReadInput(a.in, kMaxProofBundleBytes + 1);
  if (!bytes.ok())
    return PrintError(kCmd, bytes.status().message()), kExitFailure;
  auto v = VerifyProofBundleBytes(*bytes, trust);
  if (!v.ok()) return PrintError(kCmd, v.status().message()), kExitInvalid;
  std::cout << absl::Substitute(_("valid: $0 snapshot $1 (log size $2)"),
                                trust.origin, v->manifest.sequence(),
                                v->checkpoint.size);
  if (v->entry)
    std::cout << absl::Substitute(_(" contains $0"), v->entry->key());
  if (v->absent_key)
    std::cout << absl::Substitute(_(" has no entry $0"), *v->absent_key);
  std::cout << absl::Substitute(_("; $0 witness cosignature(s)"),
                                v->cosignatures.size());
  if (v->expired)
    std::cout << _("; WARNING: the snapshot has expired (agency overdue)");
  std::cout << std::endl;
  return kExitOk;
}

}  // namespace

void AddBundleCommands(CLI::App& app, int* exit_code) {
  CLI::App* bundle =
      app.add_subcommand("bundle", _("Verify proof bundles offline"));
  bundle->require_subcommand(1);
  auto args = std::make_shared<BundleArgs>();
  CLI::App* verify = bundle->add_subcommand(
      "verify",
      _("Check a proof bundle: entry -> entries root -> manifest -> checkpoint "
        "-> signatures "
        "(exit 0 valid, 1 invalid, 2 malformed arguments)"));
  verify->add_option("--in", args->in,
                     _("The bundle file (default: standard input)"));
  verify
      ->add_option("--vkey", args->vkey,
                   _("The agency's verifier key (text or file)"))
      ->required();
  verify->add_option("--origin", args->origin,
                     _("Log origin (default: the key's name)"));
  verify->add_option("--witness", args->witnesses,
                     _("A witness (hub) verifier key; repeatable"));
  verify->add_option("--min-cosignatures", args->min_cosignatures,
                     _("Witness cosignatures required (default 0)"));
  verify->callback([args, exit_code] { *exit_code = RunVerify(*args); });
}

}  // namespace disclosure::cli
