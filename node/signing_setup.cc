#include "node/signing_setup.h"

#include "absl/strings/str_cat.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "format/key_rotation.h"
#include "format/status_macros.h"

namespace disclosure::node {
namespace {

absl::StatusOr<NamedSigningKey> LoadNoteKey(const std::string& path,
                                            const std::string& origin) {
  DN_ASSIGN_OR_RETURN(NamedSigningKey key, ReadPrivateKeyFile(path));
  if (key.type != SignatureType::kEd25519) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a cosignature key; the node needs a note key"));
  }
  if (key.name != origin) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is named \"", key.name,
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
  DN_ASSIGN_OR_RETURN(NamedSigningKey key, LoadNoteKey(key_file, origin));
  DN_ASSIGN_OR_RETURN(auto signer, NewNoteSigner(key));
  SigningSetup out{std::move(signer), key.vkey()};

  DN_ASSIGN_OR_RETURN(auto state, store->GetSigningState());
  disclosure::v1::node::SigningState s =
      state.value_or(disclosure::v1::node::SigningState());
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
  DN_ASSIGN_OR_RETURN(NamedSigningKey previous,
                      LoadNoteKey(previous_key_file, origin));
  if (previous.vkey() != current) {
    return absl::FailedPreconditionError(
        absl::StrCat("previous_signing_key_file holds ", previous.vkey(),
                     ", but the log was signed by ", current));
  }
  DN_ASSIGN_OR_RETURN(auto old_signer, NewNoteSigner(previous));
  KeyRotation r{origin, current, out.vkey,
                static_cast<uint64_t>(absl::ToUnixSeconds(clock.Now()))};
  DN_ASSIGN_OR_RETURN(std::string statement,
                      SignKeyRotation(r, *old_signer, *out.signer));
  s.add_vkeys(out.vkey);
  s.add_rotations(statement);
  DN_RETURN_IF_ERROR(store->PutSigningState(s));
  LogLine("node",
          absl::StrCat("signing key rotated from ", current, " to ", out.vkey));
  return out;
}

}  // namespace disclosure::node
