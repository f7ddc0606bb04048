// Signing-key rotation statements. A log that changes its checkpoint key
// publishes, as a snapshot entry "keys/<new key id>", a signed note whose
// text is
//
//   disclosure-net/key-rotation/v1
//   origin <log origin>
//   old <vkey of the old key>
//   new <vkey of the new key>
//   time <POSIX seconds>
//
// signed by BOTH keys. A verifier that trusts the old key checks both
// signatures and then trusts the new key for that origin.
#ifndef DISCLOSURE_FORMAT_KEY_ROTATION_H_
#define DISCLOSURE_FORMAT_KEY_ROTATION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/note.h"

namespace disclosure {

struct KeyRotation {
  std::string origin;
  std::string old_vkey;
  std::string new_vkey;
  uint64_t time = 0;
};

// The statement text for `r`. InvalidArgument if a vkey is malformed.
absl::StatusOr<std::string> FormatKeyRotation(const KeyRotation& r);

// Signs the statement with the old and the new key.
absl::StatusOr<std::string> SignKeyRotation(const KeyRotation& r,
                                            const NoteSigner& old_key,
                                            const NoteSigner& new_key);

// Verifies a signed rotation statement: it must parse, name `origin`, name
// `trusted_old_vkey` as the old key, and carry valid signatures by both the
// old and the new key. Returns the statement. Unauthenticated for signature
// problems, InvalidArgument for malformed statements.
absl::StatusOr<KeyRotation> VerifyKeyRotation(
    absl::string_view signed_note, absl::string_view origin,
    absl::string_view trusted_old_vkey);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_KEY_ROTATION_H_
