// Proof bundles: everything an auditor needs to check one disclosure entry
// (or a key's absence) offline, trusting only the agency's pinned key and
// optionally witness keys:
//
//   entry --inclusion--> manifest.entries_root
//   manifest --inclusion--> checkpoint root (leaf = manifest sequence)
//   checkpoint --signature--> agency key; --cosignatures--> witnesses
//   [checkpoint --consistency--> an earlier checkpoint the auditor trusts]
//
// Every hash and signature is checked before the bytes behind it are parsed.
#ifndef DISCLOSURE_FORMAT_PROOF_BUNDLE_H_
#define DISCLOSURE_FORMAT_PROOF_BUNDLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/proof.pb.h"
#include "disclosure/v1/snapshot.pb.h"
#include "format/checkpoint.h"
#include "format/note.h"

namespace disclosure {

// What the verifier trusts. Pointers are borrowed for the call.
struct BundleTrust {
  // Expected log origin, "<trust-domain>/agency/<agency-id>".
  std::string origin;
  // The agency's pinned checkpoint signing keys; one must have signed.
  std::vector<const NoteVerifier*> log_keys;
  // Witness (cosigner) keys, and how many of them must have cosigned.
  std::vector<const NoteVerifier*> witnesses;
  size_t min_cosignatures = 0;
  // An earlier checkpoint of the same log the auditor already trusts. When
  // set, the bundle must prove consistency from it (or be the same head).
  std::optional<Checkpoint> trusted;
  // When set, VerifiedBundle::expired tells whether the manifest's
  // expires_at is before `now`.
  std::optional<absl::Time> now;
};

struct VerifiedCosignature {
  std::string witness;
  uint64_t timestamp = 0;
};

struct VerifiedBundle {
  Checkpoint checkpoint;
  disclosure::v1::SnapshotManifest manifest;
  // Set when the bundle proves presence.
  std::optional<disclosure::v1::DisclosureEntry> entry;
  // Set when the bundle proves absence: the key shown absent.
  std::optional<std::string> absent_key;
  std::vector<VerifiedCosignature> cosignatures;
  bool expired = false;
};

// Verifies `bundle` against `trust`. Unauthenticated when signatures fail or
// too few witnesses cosigned; InvalidArgument for malformed data or a proof
// that does not hold; FailedPrecondition when the checkpoint is older than
// (or forks from) the trusted one. Messages say which link failed.
absl::StatusOr<VerifiedBundle> VerifyProofBundle(
    const disclosure::v1::ProofBundle& bundle, const BundleTrust& trust);

// Parses a serialized bundle within kMaxProofBundleBytes, then verifies it.
absl::StatusOr<VerifiedBundle> VerifyProofBundleBytes(
    absl::string_view bundle_bytes, const BundleTrust& trust);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_PROOF_BUNDLE_H_
