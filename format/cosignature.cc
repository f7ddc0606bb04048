#include "format/cosignature.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/checkpoint.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

constexpr uint64_t kMaxTimestamp = (uint64_t{1} << 63) - 1;

}  // namespace

std::string CosignedMessage(absl::string_view checkpoint_text,
                            uint64_t timestamp) {
  return absl::StrCat("cosignature/v1\ntime ", timestamp, "\n",
                      checkpoint_text);
}

absl::StatusOr<uint64_t> CosignatureTimestamp(absl::string_view signature) {
  if (signature.size() != kCosignatureSize) {
    return absl::InvalidArgumentError(_("cosignature is not 72 bytes"));
  }
  uint64_t ts = 0;
  for (int i = 0; i < 8; ++i) {
    ts = ts << 8 | static_cast<uint8_t>(signature[i]);
  }
  return ts;
}

CosignatureSigner::CosignatureSigner(
    std::string name, std::shared_ptr<const Ed25519PrivateKey> key,
    std::function<uint64_t()> clock)
    : name_(std::move(name)),
      key_(std::move(key)),
      clock_(std::move(clock)),
      key_id_(ComputeKeyId(name_, SignatureType::kCosignatureV1,
                           key_->public_key())) {}

absl::StatusOr<std::unique_ptr<CosignatureSigner>> CosignatureSigner::Create(
    std::string name, std::shared_ptr<const Ed25519PrivateKey> key,
    std::function<uint64_t()> clock) {
  DN_RETURN_IF_ERROR(ValidateKeyName(name));
  if (key == nullptr || clock == nullptr) {
    return absl::InvalidArgumentError(_("cosigner needs a key and a clock"));
  }
  return std::unique_ptr<CosignatureSigner>(
      new CosignatureSigner(std::move(name), std::move(key), std::move(clock)));
}

absl::StatusOr<std::string> CosignatureSigner::Sign(
    absl::string_view text) const {
  if (absl::StatusOr<Checkpoint> cp = ParseCheckpoint(text); !cp.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("refusing to cosign: $0"), cp.status().message()));
  }
  const uint64_t ts = clock_();
  if (ts > kMaxTimestamp) {
    return absl::InvalidArgumentError(
        _("cosignature timestamp exceeds 2^63-1"));
  }
  DN_ASSIGN_OR_RETURN(std::string sig, key_->Sign(CosignedMessage(text, ts)));
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((ts >> shift) & 0xff));
  }
  return out + sig;
}

std::string CosignatureSigner::vkey() const {
  return FormatVerifierKey(name_, SignatureType::kCosignatureV1,
                           key_->public_key());
}

CosignatureVerifier::CosignatureVerifier(std::string name,
                                         std::unique_ptr<Ed25519PublicKey> key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(ComputeKeyId(name_, SignatureType::kCosignatureV1, key_->raw())) {
}

absl::StatusOr<std::unique_ptr<CosignatureVerifier>>
CosignatureVerifier::Create(std::string name, absl::string_view public_key) {
  DN_RETURN_IF_ERROR(ValidateKeyName(name));
  DN_ASSIGN_OR_RETURN(auto key, Ed25519PublicKey::FromRaw(public_key));
  return std::unique_ptr<CosignatureVerifier>(
      new CosignatureVerifier(std::move(name), std::move(key)));
}

absl::Status CosignatureVerifier::Verify(absl::string_view text,
                                         absl::string_view signature) const {
  absl::StatusOr<uint64_t> ts = CosignatureTimestamp(signature);
  if (!ts.ok() || *ts > kMaxTimestamp) {
    return absl::InvalidArgumentError(_("invalid signature"));
  }
  return key_->Verify(CosignedMessage(text, *ts), signature.substr(8));
}

}  // namespace disclosure
