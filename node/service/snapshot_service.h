// The snapshot service the hub and auditors read. It serves published data
// and proofs only: every response type is built from manifests, checkpoints
// and published entries (tests/node assert that no method returns a raw
// request record or a salt). Accepts the hub and auditor identities only.
// Thread-safe; answers are paged and bounded by the node's limits.
#ifndef DISCLOSURE_NODE_SERVICE_SNAPSHOT_SERVICE_H_
#define DISCLOSURE_NODE_SERVICE_SNAPSHOT_SERVICE_H_

#include "absl/time/time.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/storage/node_store.h"
#include "transport/peer_identity.h"

namespace disclosure::node {

class SnapshotService final
    : public disclosure::v1::node::SnapshotService::Service {
 public:
  // Pointers are borrowed and must outlive the service.
  SnapshotService(const NodeStore* store, const AgencyLog* log,
                  SnapshotReader* reader, IdentityPolicy policy,
                  uint32_t max_page_size, size_t max_page_bytes,
                  absl::Duration stream_deadline)
      : store_(store),
        log_(log),
        reader_(reader),
        policy_(std::move(policy)),
        max_page_size_(max_page_size),
        max_page_bytes_(max_page_bytes),
        stream_deadline_(stream_deadline) {}

  grpc::Status GetCheckpoint(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetCheckpointRequest* req,
      disclosure::v1::node::GetCheckpointResponse* resp) override;
  grpc::Status GetConsistencyProof(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetConsistencyProofRequest* req,
      disclosure::v1::ConsistencyProof* resp) override;
  grpc::Status GetManifest(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetManifestRequest* req,
      disclosure::v1::node::GetManifestResponse* resp) override;
  grpc::Status ListEntries(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::ListEntriesRequest* req,
      grpc::ServerWriter<disclosure::v1::node::EntryPage>* writer) override;
  grpc::Status GetEntry(grpc::ServerContext* ctx,
                        const disclosure::v1::node::GetEntryRequest* req,
                        disclosure::v1::node::GetEntryResponse* resp) override;
  grpc::Status GetChanges(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetChangesRequest* req,
      grpc::ServerWriter<disclosure::v1::node::ChangesPage>* writer) override;

 private:
  // NOT_FOUND unless `sequence` is published.
  grpc::Status CheckSequence(uint64_t sequence) const;
  uint32_t PageSize(uint32_t requested) const;
  // Sends pages to the client until it goes away or the stream runs past
  // the node's limit.
  template <typename Page>
  std::function<absl::Status(const Page&)> PageWriter(
      grpc::ServerContext* ctx, grpc::ServerWriter<Page>* writer) const;

  const NodeStore* store_;
  const AgencyLog* log_;
  SnapshotReader* reader_;
  const IdentityPolicy policy_;
  const uint32_t max_page_size_;
  const size_t max_page_bytes_;
  // Longest a streamed answer may run; bounds what one client can hold.
  const absl::Duration stream_deadline_;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SERVICE_SNAPSHOT_SERVICE_H_
