// Cuts, signs and commits snapshots. A publication gathers the agency
// profile, every non-draft database entry (withdrawn ones as tombstones),
// every statistics period and every key rotation statement, sorts them by
// key, builds the entries root and the manifest, appends the manifest to
// the agency log and signs the new checkpoint; records the signed
// checkpoint durably outside the store (SignedStateKeeper), then commits
// everything in one RocksDB batch. A snapshot signed but not committed is
// committed, as signed, before anything new is signed. Thread-safe:
// publications are serialized.
#ifndef DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_
#define DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "core/note.h"
#include "core/snapshot_tree.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/signed_state.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

struct PublisherOptions {
  std::string agency_id;
  absl::Duration validity = absl::Hours(72);
  uint64_t max_entries = 100'000;
  size_t max_entry_bytes = 256 * 1024;
  StatisticsOptions statistics;
};

class Publisher {
 public:
  // All pointers are borrowed and must outlive the publisher.
  Publisher(NodeStore* store, AgencyLog* log, SignedStateKeeper* keeper,
            const NoteSigner* signer, const Clock* clock,
            PublisherOptions options)
      : store_(store),
        log_(log),
        keeper_(keeper),
        signer_(signer),
        clock_(clock),
        options_(std::move(options)) {}

  // Publishes a snapshot now. FailedPrecondition when there is no agency
  // profile yet; ResourceExhausted above the entry limits.
  absl::StatusOr<disclosure::v1::node::SnapshotSummary> Publish();

  // Key -> entry bytes of what a publication now would hold (for showing
  // unpublished changes); nothing is signed or written.
  absl::StatusOr<std::map<std::string, std::string>> PendingEntries();

  // The mutex publications hold; inventory writes take it too, so a
  // snapshot never sees half of a concurrent change.
  absl::Mutex& mutex() { return mu_; }

 private:
  // key -> serialized entry; a std::map keeps them sorted by key.
  using EntryMap = std::map<std::string, std::string>;

  // The steps of one publication, in order.
  absl::StatusOr<disclosure::v1::node::SnapshotSummary> PublishLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The profile and every non-draft database entry.
  absl::Status AddInventory(EntryMap* entries) const;
  // Statistics of every completed period; unchanged periods keep their
  // previous bytes, changed ones get a new version.
  absl::Status AddStatistics(absl::Time now, uint64_t sequence,
                             EntryMap* entries) const;
  // One entry per key rotation statement.
  absl::Status AddRotations(EntryMap* entries) const;
  // The sorted snapshot tree, within the entry limits.
  absl::StatusOr<SnapshotTree> BuildTree(EntryMap entries) const;
  // Commits the snapshot that was signed last if its commit failed.
  absl::Status CompletePendingLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Signs the checkpoint of the log grown by `manifest_bytes`, records it
  // durably, and commits the snapshot in one write.
  absl::StatusOr<std::string> SignAndCommit(uint64_t sequence,
                                            const std::string& manifest_bytes,
                                            const SnapshotTree& tree)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  NodeStore* store_;
  AgencyLog* log_;
  SignedStateKeeper* keeper_;
  const NoteSigner* signer_;
  const Clock* clock_;
  const PublisherOptions options_;
  absl::Mutex mu_;
};

// Summary of stored snapshot `sequence`.
absl::StatusOr<disclosure::v1::node::SnapshotSummary> SummarizeSnapshot(
    const NodeStore& store, uint64_t sequence);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_
