// The hub's client for one agency node's snapshot service: mutual TLS with
// the hub identity, a deadline on every call, and a check that the node
// presented exactly the identity registered for that agency before any
// answer is used. Counts calls and entries received (for tests and
// benchmarks). Thread-compatible: one harvest uses it at a time.
#ifndef DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_
#define DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"

namespace disclosure::hub {

class NodeClient {
 public:
  NodeClient(std::shared_ptr<grpc::Channel> channel,
             std::string expected_identity, absl::Duration deadline);

  absl::StatusOr<std::string> GetCheckpoint();
  absl::StatusOr<disclosure::v1::ConsistencyProof> GetConsistencyProof(
      uint64_t size1, uint64_t size2);
  absl::StatusOr<disclosure::v1::node::GetManifestResponse> GetManifest(
      uint64_t sequence, uint64_t tree_size);
  absl::StatusOr<disclosure::v1::node::GetEntryResponse> GetEntry(
      uint64_t sequence, const std::string& key);
  // Streams; `fn` sees each page after the peer's identity was checked.
  absl::Status ListEntries(
      uint64_t sequence,
      const std::function<absl::Status(const disclosure::v1::node::EntryPage&)>&
          fn);
  absl::Status GetChanges(uint64_t from, uint64_t to,
                          const std::function<absl::Status(
                              const disclosure::v1::node::ChangesPage&)>& fn);

  int64_t calls() const { return calls_; }
  int64_t entries_received() const { return entries_received_; }

 private:
  std::unique_ptr<grpc::ClientContext> Context();
  absl::Status CheckPeer(const grpc::ClientContext& ctx) const;
  // Reads every page of a stream, checking the peer before the first one.
  template <typename Page>
  absl::Status Drain(grpc::ClientContext* ctx, grpc::ClientReader<Page>* reader,
                     const std::function<absl::Status(const Page&)>& fn,
                     const char* what);
  absl::Status Finish(const grpc::Status& s, const grpc::ClientContext& ctx,
                      const char* what);

  std::unique_ptr<disclosure::v1::node::SnapshotService::Stub> stub_;
  std::string expected_identity_;
  absl::Duration deadline_;
  int64_t calls_ = 0;
  int64_t entries_received_ = 0;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_
