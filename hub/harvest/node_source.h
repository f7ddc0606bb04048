// What one agency's harvest asks of its node: the reads of the node's
// snapshot service (proto/disclosure/v1/node/snapshot_service.proto). The
// harvest steps take this interface, so that each step can be tested with
// a fake node that answers anything at all; NodeClient is the real one,
// over mutual TLS, with the budgets its header states.
//
// Every method returns the node's answer or the failed call's status
// (UNAVAILABLE, DEADLINE_EXCEEDED and CANCELLED: the node is unreachable;
// see HarvestFailure::FromCall). Nothing a node answers is trusted: the
// steps check it.
#ifndef DISCLOSURE_HUB_HARVEST_NODE_SOURCE_H_
#define DISCLOSURE_HUB_HARVEST_NODE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/node/snapshot_service.pb.h"
#include "disclosure/v1/proof.pb.h"

namespace disclosure::hub {

class NodeSource {
 public:
  using EntryPageFn =
      std::function<absl::Status(const disclosure::v1::node::EntryPage&)>;
  using ChangesPageFn =
      std::function<absl::Status(const disclosure::v1::node::ChangesPage&)>;

  virtual ~NodeSource() = default;

  // The node's latest checkpoint note (possibly cosigned).
  virtual absl::StatusOr<std::string> GetCheckpoint() = 0;
  virtual absl::StatusOr<disclosure::v1::ConsistencyProof> GetConsistencyProof(
      uint64_t size1, uint64_t size2) = 0;
  // Manifest `sequence` with its inclusion in the log of `tree_size`.
  virtual absl::StatusOr<disclosure::v1::node::GetManifestResponse> GetManifest(
      uint64_t sequence, uint64_t tree_size) = 0;
  virtual absl::StatusOr<disclosure::v1::node::GetEntryResponse> GetEntry(
      uint64_t sequence, const std::string& key) = 0;
  // Streams every entry of snapshot `sequence`, page by page; an error from
  // `fn` ends the stream at once and is returned as is.
  virtual absl::Status ListEntries(uint64_t sequence,
                                   const EntryPageFn& fn) = 0;
  // Streams the entries upserted and the keys removed between snapshots
  // `from` and `to`; an error from `fn` ends it, as above.
  virtual absl::Status GetChanges(uint64_t from, uint64_t to,
                                  const ChangesPageFn& fn) = 0;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_NODE_SOURCE_H_
