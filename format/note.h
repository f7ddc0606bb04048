// C2SP signed notes (c2sp.org/signed-note): text signed by one or more keys.
//
//   <text, ending in a newline>
//   <blank line>
//   — <key name> base64(4-byte key id || signature)
//   ...
//
// Parsing is strict and bounded (format/limits.h). A verifier checks the
// signatures first and only then hands out the text.
//
//   Ed25519NoteSigner signer(...);
//   auto note = SignNote("hello\n", {&signer});
//   auto opened = OpenNote(*note, {&verifier});  // opened->text == "hello\n"
#ifndef DISCLOSURE_FORMAT_NOTE_H_
#define DISCLOSURE_FORMAT_NOTE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// One signature line of a note.
struct NoteSignature {
  std::string key_name;
  uint32_t key_id = 0;
  // The signature bytes after the key id.
  std::string signature;
};

// A note split into text and signature lines; nothing verified yet.
struct ParsedNote {
  std::string text;
  std::vector<NoteSignature> signatures;
};

// Signs note text. Implementations: Ed25519NoteSigner (note_keys.h),
// CosignatureSigner (cosignature.h). Must be thread-safe.
class NoteSigner {
 public:
  virtual ~NoteSigner() = default;
  virtual const std::string& key_name() const = 0;
  virtual uint32_t key_id() const = 0;
  // The signature bytes (without key id) over `text`.
  virtual absl::StatusOr<std::string> Sign(absl::string_view text) const = 0;
};

// Verifies one signature over note text. Must be thread-safe.
class NoteVerifier {
 public:
  virtual ~NoteVerifier() = default;
  virtual const std::string& key_name() const = 0;
  virtual uint32_t key_id() const = 0;
  // OK iff `signature` (without key id) is valid over `text`.
  virtual absl::Status Verify(absl::string_view text,
                              absl::string_view signature) const = 0;
};

// OK iff `text` can be the text of a note: non-empty, valid UTF-8, no ASCII
// control characters but newline, ending in a newline, within limits.
// InvalidArgument with the reason otherwise.
absl::Status ValidateNoteText(absl::string_view text);

// OK iff `name` can be a key name: non-empty, valid UTF-8, no Unicode space,
// no '+', within limits.
absl::Status ValidateKeyName(absl::string_view name);

// Splits a signed note, checking its syntax only. InvalidArgument with the
// reason for: oversize, invalid UTF-8, control characters, no final newline,
// no blank line before the signatures, a malformed signature line, too many
// signatures, or two lines for the same key name and id.
absl::StatusOr<ParsedNote> ParseNote(absl::string_view note);

// Formats the signature line "— name base64(id||sig)\n".
std::string FormatSignatureLine(const NoteSignature& sig);

// Signs `text` with every signer and returns the whole note.
absl::StatusOr<std::string> SignNote(
    absl::string_view text, const std::vector<const NoteSigner*>& signers);

// Appends signatures by `signers` to an existing, well-formed note, keeping
// its existing lines verbatim (how a witness cosigns a checkpoint).
// InvalidArgument if a signer already has a line in the note.
absl::StatusOr<std::string> AddNoteSignatures(
    absl::string_view note, const std::vector<const NoteSigner*>& signers);

// A note whose signatures were checked.
struct OpenedNote {
  std::string text;
  // Signatures by known keys; all of them verified.
  std::vector<NoteSignature> verified;
  // Signatures by keys not in the known set, ignored as the spec requires.
  std::vector<NoteSignature> unknown;
};

// Parses and verifies `note` against the known keys. A signature whose key
// name and id match a known verifier must verify, otherwise the whole note
// is rejected (Unauthenticated, naming the key). Signatures by unknown keys
// are ignored. Unauthenticated if no known key signed. InvalidArgument if
// the note is malformed.
absl::StatusOr<OpenedNote> OpenNote(
    absl::string_view note, const std::vector<const NoteVerifier*>& known);

// The same for a note already split by ParseNote, so a caller that needs
// the signature lines first (to pick keys) parses the note once.
absl::StatusOr<OpenedNote> OpenParsedNote(
    ParsedNote parsed, const std::vector<const NoteVerifier*>& known);

// True iff some signature line of `note` names a key in `known` (by name
// and id). Nothing is verified: OpenParsedNote then tells whether the
// note is signed, while a false here means "signed by no key we know",
// for example after the signer rotated its key.
bool HasSignatureByAnyOf(const ParsedNote& note,
                         const std::vector<const NoteVerifier*>& known);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_NOTE_H_
