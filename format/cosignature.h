// Witness cosignatures (c2sp.org/tlog-cosignature, v1, Ed25519, signature
// type 0x04). The signed message is
//
//   cosignature/v1
//   time <POSIX seconds>
//   <the whole checkpoint text>
//
// and the signature is timestamp (8 bytes, big-endian) || Ed25519 signature.
// The hub cosigns a checkpoint only after checking it is consistent with
// everything it held for that log.
#ifndef DISCLOSURE_FORMAT_COSIGNATURE_H_
#define DISCLOSURE_FORMAT_COSIGNATURE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/ed25519.h"
#include "format/note.h"

namespace disclosure {

inline constexpr size_t kCosignatureSize = 8 + kEd25519SignatureSize;

// The exact bytes a cosignature signs.
std::string CosignedMessage(absl::string_view checkpoint_text,
                            uint64_t timestamp);

// Signs checkpoints as a witness. Sign() refuses text that is not a valid
// checkpoint. Thread-safe.
class CosignatureSigner final : public NoteSigner {
 public:
  // `clock` returns the current POSIX time in seconds.
  static absl::StatusOr<std::unique_ptr<CosignatureSigner>> Create(
      std::string name, std::shared_ptr<const Ed25519PrivateKey> key,
      std::function<uint64_t()> clock);

  const std::string& key_name() const override { return name_; }
  uint32_t key_id() const override { return key_id_; }
  absl::StatusOr<std::string> Sign(absl::string_view text) const override;
  std::string vkey() const;

 private:
  CosignatureSigner(std::string name,
                    std::shared_ptr<const Ed25519PrivateKey> key,
                    std::function<uint64_t()> clock);
  const std::string name_;
  const std::shared_ptr<const Ed25519PrivateKey> key_;
  const std::function<uint64_t()> clock_;
  const uint32_t key_id_;
};

// Verifies cosignatures. Thread-safe.
class CosignatureVerifier final : public NoteVerifier {
 public:
  static absl::StatusOr<std::unique_ptr<CosignatureVerifier>> Create(
      std::string name, absl::string_view public_key);

  const std::string& key_name() const override { return name_; }
  uint32_t key_id() const override { return key_id_; }
  // InvalidArgument "invalid signature" on any failure, including a
  // timestamp above 2^63-1.
  absl::Status Verify(absl::string_view text,
                      absl::string_view signature) const override;

 private:
  CosignatureVerifier(std::string name, std::unique_ptr<Ed25519PublicKey> key);
  const std::string name_;
  const std::unique_ptr<Ed25519PublicKey> key_;
  const uint32_t key_id_;
};

// The timestamp of a cosignature (its first 8 bytes). InvalidArgument if the
// signature is not kCosignatureSize bytes.
absl::StatusOr<uint64_t> CosignatureTimestamp(absl::string_view signature);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_COSIGNATURE_H_
