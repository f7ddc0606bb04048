// disclosurectl note sign / note verify: C2SP signed notes.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "core/key_file.h"
#include "format/limits.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

struct NoteArgs {
  std::string key;
  std::string vkey;
  std::string in;
};

int RunSign(const NoteArgs& args) {
  absl::StatusOr<NamedSigningKey> key = ReadPrivateKeyFile(args.key);
  if (!key.ok()) {
    PrintError("note sign", key.status().message());
    return kExitFailure;
  }
  absl::StatusOr<std::string> text = ReadInput(args.in, kMaxNoteBytes);
  if (!text.ok()) {
    PrintError("note sign", text.status().message());
    return kExitFailure;
  }
  auto signer = NewNoteSigner(*key);
  if (!signer.ok()) {
    PrintError("note sign", signer.status().message());
    return kExitFailure;
  }
  absl::StatusOr<std::string> note = SignNote(*text, {signer->get()});
  if (!note.ok()) {
    PrintError("note sign", note.status().message());
    return kExitInvalid;
  }
  std::cout << *note << std::flush;
  return kExitOk;
}

int RunVerify(const NoteArgs& args) {
  absl::StatusOr<std::string> vkey = ResolveVerifierKeyText(args.vkey);
  if (!vkey.ok()) {
    PrintError("note verify",
               absl::Substitute(_("--vkey: $0"), vkey.status().message()));
    return kExitUsage;
  }
  auto verifier = NewNoteVerifier(*vkey);
  if (!verifier.ok()) {
    PrintError("note verify",
               absl::Substitute(_("--vkey: $0"), verifier.status().message()));
    return kExitUsage;
  }
  // Read one byte past the limit so an oversized note is reported as such.
  absl::StatusOr<std::string> note = ReadInput(args.in, kMaxNoteBytes + 1);
  if (!note.ok()) {
    PrintError("note verify", note.status().message());
    return absl::IsInvalidArgument(note.status()) ? kExitInvalid : kExitFailure;
  }
  absl::StatusOr<OpenedNote> opened = OpenNote(*note, {verifier->get()});
  if (!opened.ok()) {
    PrintError("note verify", opened.status().message());
    return kExitInvalid;
  }
  std::cout << opened->text << std::flush;
  return kExitOk;
}

}  // namespace

void AddNoteCommands(CLI::App& app, int* exit_code) {
  CLI::App* note =
      app.add_subcommand("note", _("Sign and verify C2SP signed notes"));
  note->require_subcommand(1);

  auto sign_args = std::make_shared<NoteArgs>();
  CLI::App* sign = note->add_subcommand(
      "sign", _("Sign a note text with a key file and print the signed note"));
  sign->add_option("--key", sign_args->key, _("Private key file (from keygen)"))
      ->required();
  sign->add_option("--in", sign_args->in,
                   _("File with the note text (default: standard input)"));
  sign->callback([sign_args, exit_code] { *exit_code = RunSign(*sign_args); });

  auto verify_args = std::make_shared<NoteArgs>();
  CLI::App* verify = note->add_subcommand(
      "verify",
      _("Verify a signed note; print its text and exit 0 when a signature by "
        "the key verifies, exit 1 with the reason otherwise"));
  verify
      ->add_option("--vkey", verify_args->vkey,
                   _("Verifier key text (name+id+key) or a file holding it"))
      ->required();
  verify->add_option("--in", verify_args->in,
                     _("File with the signed note (default: standard input)"));
  verify->callback(
      [verify_args, exit_code] { *exit_code = RunVerify(*verify_args); });
}

}  // namespace disclosure::cli
