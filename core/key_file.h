// Signing key files: PEM PKCS#8 (readable by `openssl pkey`) preceded by
// explanatory header lines that carry the key's note name and use, which RFC
// 7468 allows before the PEM block:
//
//   Key-Name: disclosure.example.tw/agency/moi
//   Key-Type: note
//   -----BEGIN PRIVATE KEY-----
//   ...
//
// Files are created with mode 0600 and never overwritten; a key file that
// its group or others can read or write is refused.
#ifndef DISCLOSURE_CORE_KEY_FILE_H_
#define DISCLOSURE_CORE_KEY_FILE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format/ed25519.h"
#include "format/note_keys.h"

namespace disclosure {

// A private key with the note name and signature type it is used with.
struct NamedSigningKey {
  std::string name;
  SignatureType type = SignatureType::kEd25519;
  std::shared_ptr<const Ed25519PrivateKey> key;

  // The verifier key text for this key.
  std::string vkey() const {
    return FormatVerifierKey(name, type, key->public_key());
  }
};

// Writes `key` to a new file at `path` (mode 0600). AlreadyExists if the
// path exists; InvalidArgument for a bad name.
absl::Status WritePrivateKeyFile(const std::string& path,
                                 const NamedSigningKey& key);

// Reads a key file written by WritePrivateKeyFile. FailedPrecondition if the
// file's group or others have any permission (names the mode and the fix);
// InvalidArgument if it holds no Ed25519 key or no Key-Name header.
absl::StatusOr<NamedSigningKey> ReadPrivateKeyFile(const std::string& path);

// A note signer for the key: an Ed25519NoteSigner for type note, a
// CosignatureSigner (using the system clock) for type cosignature.
absl::StatusOr<std::unique_ptr<NoteSigner>> NewNoteSigner(
    const NamedSigningKey& key);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_KEY_FILE_H_
