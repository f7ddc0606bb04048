#include "node/signing_setup.h"

#include "absl/strings/str_cat.h"
#include "core/key_file.h"
#include "core/key_rotation.h"
#include "core/logging.h"
#include "core/status_macros.h"

namespace disclosure::node {
namespace {

absl::StatusOr<NamedSigningKey> LoadNoteKey(const std::string& path,
                                            const std::string& origin) {
  absl::StatusOr<NamedSigningKey> key = ReadPrivateKeyFile(path);
  if (!key.ok()) return key.status();
  if (key->type != SignatureType::kEd25519) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a cosignature key; the node needs a note key"));
  }
  if (key->name != origin) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is named \"", key->name,
                     "\" but must be named after the log origin \"", origin,
                     "\" (disclosurectl keygen --name ", origin, ")"));
  }
  return key;
}

}  // namespace

absl::StatusOr<SigningSetup> SetUpSigning(NodeStore* store,
                                          const std::string& origin,
                                          const std::string& key_file,
                                          const std::string& previous_key_file,
                                          const Clock& clock) {
  absl::StatusOr<NamedSigningKey> key = LoadNoteKey(key_file, origin);
  if (!key.ok()) return key.status();
  auto signer = NewNoteSigner(*key);
  if (!signer.ok()) return signer.status();
  SigningSetup out{*std::move(signer), key->vkey()};

  auto state = store->GetSigningState();
  if (!state.ok()) return state.status();
  disclosure::v1::node::SigningState s =
      state->value_or(disclosure::v1::node::SigningState());
  if (s.vkeys().empty()) {
    s.add_vkeys(out.vkey);
    DN_RETURN_IF_ERROR(store->PutSigningState(s));
    return out;
  }
  const std::string& current = s.vkeys(s.vkeys_size() - 1);
  if (current == out.vkey) return out;

  if (previous_key_file.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the signing key changed: the log was signed by ", current,
        "; to rotate, set previous_signing_key_file to that key's file"));
  }
  absl::StatusOr<NamedSigningKey> previous =
      LoadNoteKey(previous_key_file, origin);
  if (!previous.ok()) return previous.status();
  if (previous->vkey() != current) {
    return absl::FailedPreconditionError(
        absl::StrCat("previous_signing_key_file holds ", previous->vkey(),
                     ", but the log was signed by ", current));
  }
  auto old_signer = NewNoteSigner(*previous);
  if (!old_signer.ok()) return old_signer.status();
  KeyRotation r{origin, current, out.vkey,
                static_cast<uint64_t>(absl::ToUnixSeconds(clock.Now()))};
  absl::StatusOr<std::string> statement =
      SignKeyRotation(r, **old_signer, *out.signer);
  if (!statement.ok()) return statement.status();
  s.add_vkeys(out.vkey);
  s.add_rotations(*statement);
  DN_RETURN_IF_ERROR(store->PutSigningState(s));
  LogLine("node",
          absl::StrCat("signing key rotated from ", current, " to ", out.vkey));
  return out;
}

}  // namespace disclosure::node
