// The hub's client for one agency node's snapshot service.
//
// Contract:
// - Mutual TLS with the hub identity; every answer is used only after the
//   node presented exactly the identity registered for the agency.
// - Replies are bounded before they are buffered: small calls (checkpoint,
//   consistency proof, manifest, one entry) may receive at most
//   `max_small_reply_bytes` (per-method limits in the channel's service
//   config), each page of a stream at most `max_page_bytes`. The channel
//   also has a memory quota of about twice the page limit: gRPC 1.51 checks
//   a receive limit only after a whole message arrived, and the quota stops
//   it reading an oversized one.
// - Every call's deadline is the earlier of now + `rpc_deadline` and the
//   current harvest's deadline (SetHarvestDeadline), so one agency's
//   harvest never outlives its wall-clock budget.
// - CancelAll() cancels the calls in flight and refuses new ones until
//   Resume(); the hub calls it on shutdown.
//
// Thread-safety: calls are made by one harvest at a time (the harvester
// holds the agency's lock); CancelAll() may be called from any thread.
#ifndef DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_
#define DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "hub/harvest/node_source.h"

namespace disclosure::hub {

struct NodeClientOptions {
  std::string endpoint;
  std::string expected_identity;
  absl::Duration rpc_deadline = absl::Seconds(10);
  int max_small_reply_bytes = 64 << 10;
  int max_page_bytes = 4 << 20;
};

class NodeClient final : public NodeSource {
 public:
  NodeClient(std::shared_ptr<grpc::ChannelCredentials> credentials,
             NodeClientOptions options);
  NodeClient(const NodeClient&) = delete;
  NodeClient& operator=(const NodeClient&) = delete;

  // Bounds every following call by `deadline` (absl::InfiniteFuture() for
  // no harvest budget).
  void SetHarvestDeadline(absl::Time deadline);
  // Cancels calls in flight; new calls fail with CANCELLED until Resume().
  void CancelAll();
  void Resume();

  absl::StatusOr<std::string> GetCheckpoint() override;
  absl::StatusOr<disclosure::v1::ConsistencyProof> GetConsistencyProof(
      uint64_t size1, uint64_t size2) override;
  absl::StatusOr<disclosure::v1::node::GetManifestResponse> GetManifest(
      uint64_t sequence, uint64_t tree_size) override;
  absl::StatusOr<disclosure::v1::node::GetEntryResponse> GetEntry(
      uint64_t sequence, const std::string& key) override;
  // Streams; `fn` sees each page after the peer's identity was checked. An
  // error from `fn` cancels the stream at once and is returned as is.
  absl::Status ListEntries(uint64_t sequence, const EntryPageFn& fn) override;
  absl::Status GetChanges(uint64_t from, uint64_t to,
                          const ChangesPageFn& fn) override;

  const NodeClientOptions& options() const { return options_; }
  int64_t calls() const { return calls_; }
  int64_t entries_received() const { return entries_received_; }
  int64_t bytes_received() const { return bytes_received_; }
  // Expiry (POSIX seconds) of the certificate the node presented last; 0
  // before the first call.
  int64_t peer_not_after() const { return peer_not_after_; }

 private:
  // A call's context, registered for CancelAll() while it lives.
  class Call;
  absl::StatusOr<std::unique_ptr<Call>> Begin();
  absl::Status CheckPeer(const grpc::ClientContext& ctx) const;
  // Reads every page of a stream, checking the peer before the first one.
  template <typename Page>
  absl::Status Drain(grpc::ClientContext* ctx, grpc::ClientReader<Page>* reader,
                     const std::function<absl::Status(const Page&)>& fn,
                     const char* what);
  absl::Status Finish(const grpc::Status& s, const grpc::ClientContext& ctx,
                      const char* what);

  const NodeClientOptions options_;
  std::unique_ptr<disclosure::v1::node::SnapshotService::Stub> stub_;
  int64_t calls_ = 0;
  int64_t entries_received_ = 0;
  int64_t bytes_received_ = 0;
  mutable std::atomic<int64_t> peer_not_after_{0};
  // The node certificate peer_not_after_ was read from: parsing it again
  // on every call was a tenth of an unchanged round.
  mutable absl::Mutex peer_mu_;
  mutable std::string peer_pem_ ABSL_GUARDED_BY(peer_mu_);

  absl::Mutex mu_;
  absl::Time harvest_deadline_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_NODE_CLIENT_H_
