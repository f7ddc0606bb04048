// Read side of published snapshots for the snapshot service: entries in
// pages, one entry with its proof or a key's absence proof, and the changes
// between two snapshots. Recently used snapshot trees are cached.
// Thread-safe.
#ifndef DISCLOSURE_NODE_SNAPSHOT_SNAPSHOT_READER_H_
#define DISCLOSURE_NODE_SNAPSHOT_SNAPSHOT_READER_H_

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "disclosure/v1/node/node_store.pb.h"
#include "disclosure/v1/node/snapshot_service.pb.h"
#include "disclosure/v1/proof.pb.h"
#include "format/merkle.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

class SnapshotReader {
 public:
  explicit SnapshotReader(const NodeStore* store) : store_(store) {}

  // Entry `key` of snapshot `sequence` with its proof, or an absence proof.
  absl::StatusOr<disclosure::v1::node::GetEntryResponse> GetEntry(
      uint64_t sequence, const std::string& key);

  // Calls `emit` with pages of at most `page_size` entries and about
  // `page_bytes` bytes (at least one entry each) from `start_index`,
  // stopping at the first error `emit` returns.
  absl::Status ListEntries(
      uint64_t sequence, uint64_t start_index, uint32_t page_size,
      size_t page_bytes,
      const std::function<absl::Status(const disclosure::v1::node::EntryPage&)>&
          emit);

  // Changes from `from` to `to` in pages (see ChangesPage).
  absl::Status Changes(uint64_t from, uint64_t to, uint32_t page_size,
                       size_t page_bytes,
                       const std::function<absl::Status(
                           const disclosure::v1::node::ChangesPage&)>& emit);

  // Keys added, changed, withdrawn and removed from `from` to `to`, with
  // the fields of every changed or withdrawn entry.
  absl::StatusOr<disclosure::v1::node::DiffSnapshotsResponse> Diff(
      uint64_t from, uint64_t to);
  // The same from snapshot `from` (none: an empty snapshot) to `pending`,
  // the entries a publication now would hold (key -> entry bytes).
  absl::StatusOr<disclosure::v1::node::DiffSnapshotsResponse> DiffToPending(
      std::optional<uint64_t> from,
      const std::map<std::string, std::string>& pending);

 private:
  struct Loaded {
    uint64_t sequence;
    disclosure::v1::node::SnapshotRecord record;
    MerkleTree tree;
  };
  absl::StatusOr<std::shared_ptr<const Loaded>> Load(uint64_t sequence);
  using BytesAt = std::function<absl::StatusOr<std::string>(int index)>;
  static absl::StatusOr<disclosure::v1::node::DiffSnapshotsResponse>
  DiffRecords(const disclosure::v1::node::SnapshotRecord& a,
              const BytesAt& a_bytes,
              const disclosure::v1::node::SnapshotRecord& b,
              const BytesAt& b_bytes);
  absl::StatusOr<disclosure::v1::EntryWithProof> Prove(const Loaded& s,
                                                       uint64_t index);
  absl::StatusOr<std::string> EntryBytes(const Loaded& s, uint64_t index);

  const NodeStore* store_;
  absl::Mutex mu_;
  std::list<std::shared_ptr<const Loaded>> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SNAPSHOT_SNAPSHOT_READER_H_
