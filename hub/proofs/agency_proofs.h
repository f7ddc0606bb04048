// Proof bundles (format/proof_bundle.h) for entries of an agency's latest
// accepted snapshot, built from what the hub stores: the entry, its
// inclusion (or the neighbours proving its absence) in the entries root,
// the manifest and its inclusion in the agency log, and the cosigned
// checkpoint. An auditor verifies a bundle offline, trusting only the
// agency's key and the witnesses'.
//
//   auto proofs = AgencyProofs::Load(store, "mohw");
//   auto bundle = proofs->Bundle("db/nhi-claims");
//
// Thread-compatible; the store must outlive the object.
#ifndef DISCLOSURE_HUB_PROOFS_AGENCY_PROOFS_H_
#define DISCLOSURE_HUB_PROOFS_AGENCY_PROOFS_H_

#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/proof.pb.h"
#include "format/merkle.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Proof bundles of one agency's latest accepted snapshot: loads the
// snapshot's tree and the log replica once, for many bundles.
class AgencyProofs {
 public:
  // NotFound if the hub holds no snapshot of the agency.
  static absl::StatusOr<AgencyProofs> Load(const HubStore& store,
                                           const std::string& agency_id);
  // The bundle proving `key` present, or absent.
  absl::StatusOr<disclosure::v1::ProofBundle> Bundle(
      const std::string& key) const;
  // Consistency proof between two sizes of the agency log the hub holds.
  absl::StatusOr<disclosure::v1::ConsistencyProof> Consistency(
      uint64_t size1, uint64_t size2) const;
  // The state the proofs were loaded from, and the keys of its snapshot
  // (sorted).
  const disclosure::v1::hub::AgencyState& state() const { return state_; }
  const google::protobuf::RepeatedPtrField<std::string>& keys() const {
    return record_.keys();
  }

 private:
  explicit AgencyProofs(const HubStore& store) : store_(&store) {}
  const HubStore* store_;
  disclosure::v1::hub::AgencyState state_;
  disclosure::v1::hub::SnapshotRecord record_;
  MerkleTree entries_;
  MerkleTree log_;
  std::string manifest_;
};

// The proof bundle of `key` in the latest accepted snapshot of `agency_id`.
// NotFound if the hub holds no snapshot of the agency.
absl::StatusOr<disclosure::v1::ProofBundle> BuildProofBundle(
    const HubStore& store, const std::string& agency_id,
    const std::string& key);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PROOFS_AGENCY_PROOFS_H_
