// libFuzzer target for the signed-note, checkpoint and vkey parsers: any
// input must be rejected cleanly or parsed into something that formats back
// to exactly the same bytes (the parsers accept one spelling only).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/checkpoint.h"
#include "core/ed25519.h"
#include "core/note.h"
#include "core/note_keys.h"

namespace {

using namespace disclosure;

const NoteVerifier* FixedVerifier() {
  // A fixed key so that the verifying path runs too.
  static const std::unique_ptr<NoteVerifier> v = [] {
    std::string seed(32, '\x07');
    std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::FromSeed(seed);
    auto signer = *Ed25519NoteSigner::Create("fuzz.example/log", key);
    return *NewNoteVerifier(signer->vkey());
  }();
  return v.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<ParsedNote> note = ParseNote(input);
  if (note.ok()) {
    std::string again = note->text + "\n";
    for (const NoteSignature& sig : note->signatures) {
      again += FormatSignatureLine(sig);
    }
    if (again != input) std::abort();  // a second spelling was accepted
    (void)OpenNote(input, {FixedVerifier()});
    (void)ParseCheckpoint(note->text);
  }

  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(input);
  if (cp.ok()) {
    absl::StatusOr<std::string> text = FormatCheckpoint(*cp);
    if (!text.ok() || *text != input) std::abort();
  }

  absl::StatusOr<VerifierKey> vkey = ParseVerifierKey(input);
  if (vkey.ok()) {
    if (FormatVerifierKey(vkey->name, vkey->type, vkey->public_key).empty()) {
      std::abort();
    }
  }
  return 0;
}
