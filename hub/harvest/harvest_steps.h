// The steps of one agency's harvest, in the order the harvester runs them.
// Each takes what the previous steps established and returns its result or
// a typed HarvestFailure; none writes to the store. Reading them top to
// bottom is reading the hub's verification:
//
//   1. FetchCheckpoint   the node's latest signed checkpoint (one small call)
//   2. VerifyCheckpoint  parsed once; signed by a trusted key, or by a key a
//                        trusted key rotated to (a bounded number of lookups)
//   3. CheckAppendOnly   never smaller, never another root at the same size,
//                        bounded growth, consistent with the log held
//   4. FetchManifests    every new manifest; together with the held ones
//                        they reproduce the signed log root
//   5. CheckTime         issued_at not in the future, validity bounded
//   6. FetchEntries      changes since the held snapshot (or everything),
//                        checked as they stream; they reproduce the signed
//                        entries root
//
// Accepting (cosign, one atomic store write, index update) is the
// harvester's. Thread-safe: the functions share no state.
#ifndef DISCLOSURE_HUB_HARVEST_HARVEST_STEPS_H_
#define DISCLOSURE_HUB_HARVEST_HARVEST_STEPS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/snapshot.pb.h"
#include "format/checkpoint.h"
#include "format/witness_policy.h"
#include "hub/harvest/harvest_failure.h"
#include "hub/harvest/node_source.h"
#include "hub/harvest/snapshot_assembler.h"
#include "witness/witness.h"

namespace disclosure::hub {

// What the hub accepts from one agency in one harvest (HubLimits).
struct HarvestPolicy {
  ContentLimits content;
  uint64_t max_new_manifests = 4096;
  uint32_t max_rotation_lookups = 2;
  absl::Duration max_validity = absl::Hours(24 * 7);
  absl::Duration max_clock_skew = absl::Minutes(5);
};

// 1.
StepResult<std::string> FetchCheckpoint(NodeSource& client);

// A checkpoint whose signature was checked.
struct VerifiedCheckpoint {
  std::string note;
  Checkpoint checkpoint;
  // Keys trusted after this checkpoint: the held ones plus one reached
  // through a rotation statement.
  std::vector<std::string> trusted_vkeys;
  // Set when a rotation was followed: the statement's entry key and leaf
  // hash, which must be part of the snapshot this checkpoint signs.
  std::string rotation_key;
  std::string rotation_entry_hash;
};

// 2. `trusted_vkeys` are the keys the hub trusts for the log now.
StepResult<VerifiedCheckpoint> VerifyCheckpoint(
    const std::string& note, const std::vector<std::string>& trusted_vkeys,
    const std::string& origin, uint64_t held_size, const HarvestPolicy& policy,
    NodeSource& client);

// 3.
enum class Growth { kUnchanged, kGrows };
StepResult<Growth> CheckAppendOnly(const disclosure::v1::hub::AgencyState& held,
                                   const Checkpoint& cp, NodeSource& client);

// 4. `held_manifests` are the log's leaves the hub holds (all of them).
struct NewManifests {
  std::vector<std::string> bytes;
  disclosure::v1::SnapshotManifest latest;
};
StepResult<NewManifests> FetchManifests(
    const std::vector<std::string>& held_manifests, const Checkpoint& cp,
    const std::string& agency_id, const std::string& origin,
    const HarvestPolicy& policy, NodeSource& client);

// 5. `held` gives the previously accepted issued_at, which may not be later.
StepFailure CheckTime(const disclosure::v1::SnapshotManifest& latest,
                      const disclosure::v1::hub::AgencyState& held,
                      absl::Time now, const HarvestPolicy& policy);

// 6. `held_snapshot` is the snapshot accepted before (nullptr: none, and
// the whole snapshot is listed).
StepResult<std::unique_ptr<SnapshotAssembler>> FetchEntries(
    const std::string& agency_id,
    const disclosure::v1::hub::SnapshotRecord* held_snapshot,
    uint64_t held_sequence, uint64_t target_sequence,
    const disclosure::v1::SnapshotManifest& latest, const HarvestPolicy& policy,
    NodeSource& client);

// How the hub cosigns: with its witness state (null: with its key alone),
// the policy each checkpoint must meet (null or "none": none), and the
// verifier of its own cosignatures. All borrowed.
struct Cosigning {
  const NoteSigner* cosigner = nullptr;
  witness::Witness* witness = nullptr;
  const WitnessPolicy* policy = nullptr;
  const NoteVerifier* own = nullptr;
};

// 7. The checkpoint `cp` with the hub's cosignature and those it carried,
// checked against the policy; `manifests` are the whole log, for the
// witness's consistency proof. A valid cosignature of the hub's that the
// node passed on (its checkpoint was offered to the hub's witness endpoint)
// is kept; an invalid one is replaced. kFork when the hub's witness holds
// another history; kUnauthenticated without the quorum.
StepResult<std::string> CosignCheckpoint(
    const VerifiedCheckpoint& cp, const std::vector<std::string>& manifests,
    const Cosigning& how);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_HARVEST_STEPS_H_
