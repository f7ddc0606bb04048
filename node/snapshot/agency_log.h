// The agency's append-only log held in memory: a Merkle tree whose leaf i is
// manifest i, and the latest signed checkpoint. Loaded from the store at
// start-up (manifests only) and appended to after each committed snapshot.
// Thread-safe.
#ifndef DISCLOSURE_NODE_SNAPSHOT_AGENCY_LOG_H_
#define DISCLOSURE_NODE_SNAPSHOT_AGENCY_LOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "disclosure/v1/proof.pb.h"
#include "format/merkle.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

class AgencyLog {
 public:
  // Rebuilds the tree from the stored manifests and takes the latest
  // checkpoint from the last snapshot record. DataLoss if the stored
  // checkpoint does not match the manifests.
  static absl::StatusOr<std::unique_ptr<AgencyLog>> Load(const NodeStore& store,
                                                         std::string origin);

  const std::string& origin() const { return origin_; }
  uint64_t size() const;
  Hash root() const;
  // The checkpoint served to the hub and auditors: the latest signed one,
  // or, once RequireWitnesses was called, the latest one a quorum of
  // witnesses cosigned (with their cosignatures). Empty if there is none.
  std::string checkpoint() const;
  // The latest signed checkpoint (no cosignatures); empty before the first
  // publication.
  std::string signed_checkpoint() const;

  // From now on checkpoint() is the witnessed one, starting with
  // `witnessed` (empty: none yet), and nothing is served until the
  // witnesses confirm that this store is not behind the log
  // (ConfirmWitnessed): a store restored from an old backup must never
  // show an older head than the one already published.
  void RequireWitnesses(std::string witnessed);
  // The witnesses hold nothing this log does not extend: serve.
  void ConfirmWitnessed();
  // True while witnesses are required and not yet confirmed.
  bool AwaitingWitnesses() const;
  // A quorum cosigned `note`, a checkpoint of this log no larger than it.
  void SetWitnessed(std::string note, uint64_t size);
  // The size of the checkpoint served (0: none).
  uint64_t served_size() const;

  // Inclusion proof of manifest `sequence` in the log of `tree_size`
  // (0 = current). InvalidArgument / OutOfRange for impossible sizes.
  absl::StatusOr<disclosure::v1::InclusionProof> ManifestProof(
      uint64_t sequence, uint64_t tree_size) const;
  absl::StatusOr<disclosure::v1::ConsistencyProof> Consistency(
      uint64_t size1, uint64_t size2) const;

  // The root the log would have after appending `manifest` (for signing
  // before committing).
  Hash RootWith(const std::string& manifest) const;
  // Appends after a successful commit.
  void Append(const std::string& manifest, std::string checkpoint);

 private:
  explicit AgencyLog(std::string origin) : origin_(std::move(origin)) {}
  const std::string origin_;
  mutable absl::Mutex mu_;
  MerkleTree tree_ ABSL_GUARDED_BY(mu_);
  std::string checkpoint_ ABSL_GUARDED_BY(mu_);
  bool require_witnesses_ ABSL_GUARDED_BY(mu_) = false;
  bool confirmed_ ABSL_GUARDED_BY(mu_) = false;
  std::string witnessed_ ABSL_GUARDED_BY(mu_);
  uint64_t witnessed_size_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SNAPSHOT_AGENCY_LOG_H_
