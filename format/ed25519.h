// Ed25519 (RFC 8032) signing and verification through OpenSSL 3's EVP API.
//
// Signing keys are separate from TLS keys. A private key never appears in a
// log or in a proto that crosses the network; writing one out needs the
// explicit, greppable call ExportPrivateKeyPemForStorage().
//
//   auto key = Ed25519PrivateKey::Generate();
//   auto sig = (*key)->Sign("message");
//   auto pub = Ed25519PublicKey::FromRaw((*key)->public_key());
//   absl::Status ok = (*pub)->Verify("message", *sig);
#ifndef DISCLOSURE_FORMAT_ED25519_H_
#define DISCLOSURE_FORMAT_ED25519_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace disclosure {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// An Ed25519 public key. Immutable; safe to share across threads.
class Ed25519PublicKey {
 public:
  // InvalidArgument unless `raw` is 32 bytes that OpenSSL accepts.
  static absl::StatusOr<std::unique_ptr<Ed25519PublicKey>> FromRaw(
      absl::string_view raw);

  // OK iff `signature` is a valid signature of `message`; otherwise
  // InvalidArgument "invalid signature" (and nothing more, on purpose).
  absl::Status Verify(absl::string_view message,
                      absl::string_view signature) const;

  // The 32-byte RFC 8032 encoding.
  const std::string& raw() const { return raw_; }

 private:
  Ed25519PublicKey(EvpPkeyPtr key, std::string raw)
      : key_(std::move(key)), raw_(std::move(raw)) {}
  const EvpPkeyPtr key_;
  const std::string raw_;
};

// An Ed25519 private key. Immutable; safe to share across threads.
class Ed25519PrivateKey {
 public:
  // A fresh key from OpenSSL's CSPRNG.
  static absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> Generate();
  // The key with RFC 8032 32-byte secret `seed` (test vectors).
  static absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> FromSeed(
      absl::string_view seed);
  // Parses a PEM "PRIVATE KEY" (PKCS#8) block; text before the block is
  // ignored. InvalidArgument if it is not an Ed25519 key.
  static absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> FromPem(
      absl::string_view pem);

  // The 64-byte signature of `message`. Internal on an OpenSSL failure.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;

  // The matching 32-byte public key.
  const std::string& public_key() const { return public_key_; }

  // The private key as PEM PKCS#8, for writing to a protected file only.
  absl::StatusOr<std::string> ExportPrivateKeyPemForStorage() const;

 private:
  Ed25519PrivateKey(EvpPkeyPtr key, std::string public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}
  static absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> FromEvp(
      EvpPkeyPtr key);
  const EvpPkeyPtr key_;
  const std::string public_key_;
};

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_ED25519_H_
