// Cuts, signs and commits snapshots. A publication gathers the agency
// profile, every non-draft database entry (withdrawn ones as tombstones),
// every statistics period and every key rotation statement, sorts them by
// key, builds the entries root and the manifest, appends the manifest to
// the agency log and signs the new checkpoint; then commits everything in
// one RocksDB batch. Thread-safe: publications are serialized.
#ifndef DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_
#define DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "core/note.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "node/snapshot/agency_log.h"
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
  Publisher(NodeStore* store, AgencyLog* log, const NoteSigner* signer,
            const Clock* clock, PublisherOptions options)
      : store_(store),
        log_(log),
        signer_(signer),
        clock_(clock),
        options_(std::move(options)) {}

  // Publishes a snapshot now. FailedPrecondition when there is no agency
  // profile yet; ResourceExhausted above the entry limits.
  absl::StatusOr<disclosure::v1::node::SnapshotSummary> Publish();

  // The mutex publications hold; inventory writes take it too, so a
  // snapshot never sees half of a concurrent change.
  absl::Mutex& mutex() { return mu_; }

 private:
  absl::StatusOr<disclosure::v1::node::SnapshotSummary> PublishLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  NodeStore* store_;
  AgencyLog* log_;
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
