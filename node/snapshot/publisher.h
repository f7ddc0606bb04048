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
#include "disclosure/v1/node/admin_service.pb.h"
#include "format/note.h"
#include "format/snapshot_tree.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/signed_state.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "node/witness/checkpoint_witnessing.h"

namespace disclosure::node {

struct PublisherOptions {
  std::string agency_id;
  absl::Duration validity = absl::Hours(72);
  uint64_t max_entries = 100'000;
  size_t max_entry_bytes = 256 * 1024;
  // The snapshot format written (NodeConfig.snapshot_format_version); also
  // statistics.format_version.
  uint32_t format_version = 1;
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
  // profile yet, when the clock reads earlier than the last snapshot's
  // issue time, when the witnesses hold a larger or another checkpoint of
  // this log or disagree with this clock, or after this node was found
  // signing beside another (it then signs nothing more until restarted);
  // Unavailable when too few witnesses answer to meet the quorum;
  // ResourceExhausted above the entry limits. Nothing is signed on error.
  absl::StatusOr<disclosure::v1::node::SnapshotSummary> Publish();

  // From now on every publication first asks `witnessing`'s witnesses, and
  // a checkpoint is served only once their quorum cosigned it (borrowed;
  // null: no witness, the log's signature alone). Call before publishing.
  void SetWitnessing(CheckpointWitnessing* witnessing);

  // Asks the witnesses what they hold of this log, as before a signature,
  // without signing a snapshot (at start-up, so that a store behind the
  // log is reported at once). OK when there is no witness; the error a
  // publication would meet otherwise.
  absl::Status CheckWitnesses();

  // Offers the latest signed checkpoint to the witnesses when it is not
  // served yet (its quorum was not met when it was signed). Returns a line
  // for the log saying what happened, or "" when nothing was to be done.
  std::string CatchUpWitnessing();

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
  // Answers to participation submissions (format 2).
  absl::Status AddAnswers(EntryMap* entries) const;
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
  // The issue time `now` is not earlier than the last snapshot's.
  absl::Status CheckClockForward(absl::Time now) const;
  // Before signing: the witnesses hold nothing this log does not extend,
  // and their clocks agree with this one (node/witness/).
  absl::Status CheckWitnessesBeforeSigning() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Offers the log's signed checkpoint `note` of size `size`; serves it if
  // the quorum cosigned. Returns what happened, for people.
  std::string Witness(const std::string& note, uint64_t size)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The consistency proof between two sizes of the log.
  absl::StatusOr<std::vector<Hash>> LogProof(uint64_t size1,
                                             uint64_t size2) const;
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
  CheckpointWitnessing* witnessing_ ABSL_GUARDED_BY(mu_) = nullptr;
  // Why this node stopped signing (another node signs the same log).
  std::string halted_ ABSL_GUARDED_BY(mu_);
};

// Summary of stored snapshot `sequence`.
absl::StatusOr<disclosure::v1::node::SnapshotSummary> SummarizeSnapshot(
    const NodeStore& store, uint64_t sequence);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SNAPSHOT_PUBLISHER_H_
