// Keys for signed notes: key ids, the "vkey" verifier key text form, and the
// Ed25519 (signature type 0x01) note signer and verifier.
//
//   vkey = <name>+<8 hex digits of key id>+<base64(type byte || public key)>
//   key id = SHA-256(name || 0x0A || type byte || public key)[:4]
//
//   auto v = NewNoteVerifier("example.tw/agency/moi+1a2b3c4d+AXd...");
#ifndef DISCLOSURE_FORMAT_NOTE_KEYS_H_
#define DISCLOSURE_FORMAT_NOTE_KEYS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/ed25519.h"
#include "format/note.h"

namespace disclosure {

// Signature type identifier bytes assigned by c2sp.org/signed-note.
enum class SignatureType : uint8_t {
  kEd25519 = 0x01,        // plain Ed25519 note signature
  kCosignatureV1 = 0x04,  // c2sp.org/tlog-cosignature, Ed25519, timestamped
};

// SHA-256(name || "\n" || type || public_key)[:4] as a big-endian integer.
uint32_t ComputeKeyId(absl::string_view name, SignatureType type,
                      absl::string_view public_key);

// A parsed verifier key.
struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  SignatureType type = SignatureType::kEd25519;
  std::string public_key;  // 32 bytes for both supported types
};

// Parses the vkey text form (surrounding whitespace is trimmed). Checks the
// name, the key id against the key, and the type. InvalidArgument with the
// reason otherwise.
absl::StatusOr<VerifierKey> ParseVerifierKey(absl::string_view vkey);

// The vkey text form of (name, type, public key).
std::string FormatVerifierKey(absl::string_view name, SignatureType type,
                              absl::string_view public_key);

// A verifier for the key: Ed25519NoteVerifier for type 0x01,
// CosignatureVerifier (cosignature.h) for type 0x04.
absl::StatusOr<std::unique_ptr<NoteVerifier>> NewNoteVerifier(
    absl::string_view vkey);

// Signs notes with Ed25519 (type 0x01).
class Ed25519NoteSigner final : public NoteSigner {
 public:
  // InvalidArgument if `name` is not a valid key name.
  static absl::StatusOr<std::unique_ptr<Ed25519NoteSigner>> Create(
      std::string name, std::shared_ptr<const Ed25519PrivateKey> key);

  const std::string& key_name() const override { return name_; }
  uint32_t key_id() const override { return key_id_; }
  absl::StatusOr<std::string> Sign(absl::string_view text) const override;
  // This signer's vkey.
  std::string vkey() const;

 private:
  Ed25519NoteSigner(std::string name,
                    std::shared_ptr<const Ed25519PrivateKey> key);
  const std::string name_;
  const std::shared_ptr<const Ed25519PrivateKey> key_;
  const uint32_t key_id_;
};

// Verifies Ed25519 (type 0x01) note signatures.
class Ed25519NoteVerifier final : public NoteVerifier {
 public:
  static absl::StatusOr<std::unique_ptr<Ed25519NoteVerifier>> Create(
      std::string name, absl::string_view public_key);

  const std::string& key_name() const override { return name_; }
  uint32_t key_id() const override { return key_id_; }
  absl::Status Verify(absl::string_view text,
                      absl::string_view signature) const override;

 private:
  Ed25519NoteVerifier(std::string name, std::unique_ptr<Ed25519PublicKey> key);
  const std::string name_;
  const std::unique_ptr<Ed25519PublicKey> key_;
  const uint32_t key_id_;
};

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_NOTE_KEYS_H_
