// disclosurectl keygen: a new Ed25519 signing key (PREFIX.key, mode 0600)
// and its verifier key (PREFIX.vkey, one line).
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/key_file.h"
#include "format/note.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

struct KeygenArgs {
  std::string name;
  std::string out;
  std::string type = "note";
};

int RunKeygen(const KeygenArgs& args) {
  if (absl::Status s = ValidateKeyName(args.name); !s.ok()) {
    PrintError("keygen", absl::Substitute(_("--name: $0"), s.message()));
    return kExitUsage;
  }
  NamedSigningKey key;
  key.name = args.name;
  key.type = args.type == "cosignature" ? SignatureType::kCosignatureV1
                                        : SignatureType::kEd25519;
  auto generated = Ed25519PrivateKey::Generate();
  if (!generated.ok()) {
    PrintError("keygen", generated.status().message());
    return kExitFailure;
  }
  key.key = *std::move(generated);
  const std::string key_path = args.out + ".key";
  const std::string vkey_path = args.out + ".vkey";
  // Refuse before writing anything, so a half-made pair is never left.
  for (const std::string& p : {key_path, vkey_path}) {
    if (ReadFile(p, 1 << 20).status().code() != absl::StatusCode::kNotFound) {
      PrintError("keygen",
                 absl::Substitute(
                     _("$0 already exists; refusing to overwrite it"), p));
      return kExitFailure;
    }
  }
  if (absl::Status s = WritePrivateKeyFile(key_path, key); !s.ok()) {
    PrintError("keygen", s.message());
    return kExitFailure;
  }
  const std::string vkey = key.vkey();
  if (absl::Status s = WriteNewFile(vkey_path, vkey + "\n", 0644); !s.ok()) {
    PrintError("keygen", s.message());
    return kExitFailure;
  }
  std::cout << vkey << std::endl;
  return kExitOk;
}

}  // namespace

void AddKeygenCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<KeygenArgs>();
  CLI::App* cmd = app.add_subcommand(
      "keygen",
      _("Generate an Ed25519 signing key: PREFIX.key (private, mode 0600) and "
        "PREFIX.vkey (the C2SP verifier key, printed too)"));
  cmd->add_option(
         "--name", args->name,
         _("Key name, e.g. the log origin disclosure.example.tw/agency/moi"))
      ->required();
  cmd->add_option("--out", args->out, _("Output path prefix"))->required();
  cmd->add_option("--type", args->type,
                  _("note: checkpoint signing key (type 0x01); cosignature: "
                    "witness key (type 0x04)"))
      ->check(CLI::IsMember({"note", "cosignature"}));
  cmd->callback([args, exit_code] { *exit_code = RunKeygen(*args); });
}

}  // namespace disclosure::cli
