#include "format/note_keys.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "format/cosignature.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {

uint32_t ComputeKeyId(absl::string_view name, SignatureType type,
                      absl::string_view public_key) {
  Sha256 sha;
  sha.Update(name);
  const char sep_and_type[2] = {'\n', static_cast<char>(type)};
  sha.Update(absl::string_view(sep_and_type, 2));
  sha.Update(public_key);
  Hash h = sha.Finish();
  return uint32_t{h[0]} << 24 | uint32_t{h[1]} << 16 | uint32_t{h[2]} << 8 |
         uint32_t{h[3]};
}

std::string FormatVerifierKey(absl::string_view name, SignatureType type,
                              absl::string_view public_key) {
  uint32_t id = ComputeKeyId(name, type, public_key);
  std::string id_bytes;
  for (int shift = 24; shift >= 0; shift -= 8) {
    id_bytes.push_back(static_cast<char>((id >> shift) & 0xff));
  }
  std::string key = absl::StrCat(
      absl::string_view(reinterpret_cast<const char*>(&type), 1), public_key);
  return absl::StrCat(name, "+", HexEncode(id_bytes), "+", Base64Encode(key));
}

absl::StatusOr<VerifierKey> ParseVerifierKey(absl::string_view vkey) {
  vkey = absl::StripAsciiWhitespace(vkey);
  std::vector<absl::string_view> parts =
      absl::StrSplit(vkey, absl::MaxSplits('+', 2));
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(
        _("verifier key is not of the form name+keyid+base64key"));
  }
  VerifierKey out;
  out.name = std::string(parts[0]);
  if (absl::Status s = ValidateKeyName(out.name); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("verifier key: $0"), s.message()));
  }
  if (parts[1].size() != 8) {
    return absl::InvalidArgumentError(
        _("verifier key: key id is not 8 hex digits"));
  }
  absl::StatusOr<std::string> id = HexDecode(parts[1]);
  if (!id.ok()) {
    return absl::InvalidArgumentError(
        _("verifier key: key id is not 8 hex digits"));
  }
  absl::StatusOr<std::string> key = Base64Decode(parts[2]);
  if (!key.ok() || key->empty()) {
    return absl::InvalidArgumentError(
        _("verifier key: key is not canonical base64"));
  }
  const uint8_t type = static_cast<uint8_t>((*key)[0]);
  if (type != static_cast<uint8_t>(SignatureType::kEd25519) &&
      type != static_cast<uint8_t>(SignatureType::kCosignatureV1)) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("verifier key: unsupported signature type 0x$0 "
                           "(want 0x01 Ed25519 or 0x04 cosignature)"),
                         HexEncode(key->substr(0, 1))));
  }
  out.type = static_cast<SignatureType>(type);
  out.public_key = key->substr(1);
  if (out.public_key.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(
        _("verifier key: Ed25519 public key is not 32 bytes"));
  }
  out.key_id = ComputeKeyId(out.name, out.type, out.public_key);
  const auto* b = reinterpret_cast<const uint8_t*>(id->data());
  uint32_t given = uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 |
                   uint32_t{b[2]} << 8 | uint32_t{b[3]};
  if (given != out.key_id) {
    return absl::InvalidArgumentError(
        _("verifier key: key id does not match the name and key"));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<NoteVerifier>> NewNoteVerifier(
    absl::string_view vkey) {
  DN_ASSIGN_OR_RETURN(VerifierKey key, ParseVerifierKey(vkey));
  if (key.type == SignatureType::kCosignatureV1) {
    DN_ASSIGN_OR_RETURN(auto v,
                        CosignatureVerifier::Create(key.name, key.public_key));
    return std::unique_ptr<NoteVerifier>(std::move(v));
  }
  DN_ASSIGN_OR_RETURN(auto v,
                      Ed25519NoteVerifier::Create(key.name, key.public_key));
  return std::unique_ptr<NoteVerifier>(std::move(v));
}

Ed25519NoteSigner::Ed25519NoteSigner(
    std::string name, std::shared_ptr<const Ed25519PrivateKey> key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(
          ComputeKeyId(name_, SignatureType::kEd25519, key_->public_key())) {}

absl::StatusOr<std::unique_ptr<Ed25519NoteSigner>> Ed25519NoteSigner::Create(
    std::string name, std::shared_ptr<const Ed25519PrivateKey> key) {
  DN_RETURN_IF_ERROR(ValidateKeyName(name));
  if (key == nullptr) return absl::InvalidArgumentError(_("no signing key"));
  return std::unique_ptr<Ed25519NoteSigner>(
      new Ed25519NoteSigner(std::move(name), std::move(key)));
}

absl::StatusOr<std::string> Ed25519NoteSigner::Sign(
    absl::string_view text) const {
  return key_->Sign(text);
}

std::string Ed25519NoteSigner::vkey() const {
  return FormatVerifierKey(name_, SignatureType::kEd25519, key_->public_key());
}

Ed25519NoteVerifier::Ed25519NoteVerifier(std::string name,
                                         std::unique_ptr<Ed25519PublicKey> key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(ComputeKeyId(name_, SignatureType::kEd25519, key_->raw())) {}

absl::StatusOr<std::unique_ptr<Ed25519NoteVerifier>>
Ed25519NoteVerifier::Create(std::string name, absl::string_view public_key) {
  DN_RETURN_IF_ERROR(ValidateKeyName(name));
  DN_ASSIGN_OR_RETURN(auto key, Ed25519PublicKey::FromRaw(public_key));
  return std::unique_ptr<Ed25519NoteVerifier>(
      new Ed25519NoteVerifier(std::move(name), std::move(key)));
}

absl::Status Ed25519NoteVerifier::Verify(absl::string_view text,
                                         absl::string_view signature) const {
  return key_->Verify(text, signature);
}

}  // namespace disclosure
