#include "node/service/snapshot_service.h"

#include "absl/strings/str_cat.h"
#include "transport/grpc_status.h"

namespace disclosure::node {

namespace v1 = disclosure::v1;

grpc::Status SnapshotService::CheckSequence(uint64_t sequence) const {
  const uint64_t n = log_->size();
  if (sequence >= n) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("snapshot ", sequence,
                                     " is not published (", n, " published)"));
  }
  return grpc::Status::OK;
}

uint32_t SnapshotService::PageSize(uint32_t requested) const {
  return requested == 0 || requested > max_page_size_ ? max_page_size_
                                                      : requested;
}

template <typename Page>
std::function<absl::Status(const Page&)> SnapshotService::PageWriter(
    grpc::ServerContext* ctx, grpc::ServerWriter<Page>* writer) const {
  const absl::Time start = absl::Now();
  return [this, ctx, writer, start](const Page& page) {
    if (ctx->IsCancelled() || !writer->Write(page)) {
      return absl::CancelledError("client went away");
    }
    if (absl::Now() - start > stream_deadline_) {
      return absl::DeadlineExceededError(
          "stream exceeded the node's limit; resume from the last index");
    }
    return absl::OkStatus();
  };
}

grpc::Status SnapshotService::GetCheckpoint(
    grpc::ServerContext* ctx, const v1::node::GetCheckpointRequest*,
    v1::node::GetCheckpointResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  std::string cp = log_->checkpoint();
  if (cp.empty() && log_->AwaitingWitnesses()) {
    // Not a refusal of the hub's: a transient state it retries.
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the node has not yet confirmed its log with its "
                        "witnesses; nothing is served until it has");
  }
  if (cp.empty()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "nothing published yet");
  }
  resp->set_checkpoint(std::move(cp));
  return grpc::Status::OK;
}

grpc::Status SnapshotService::GetConsistencyProof(
    grpc::ServerContext* ctx, const v1::node::GetConsistencyProofRequest* req,
    v1::ConsistencyProof* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_ASSIGN_OR_RETURN(auto proof,
                           log_->Consistency(req->size1(), req->size2()));
  *resp = std::move(proof);
  return grpc::Status::OK;
}

grpc::Status SnapshotService::GetManifest(
    grpc::ServerContext* ctx, const v1::node::GetManifestRequest* req,
    v1::node::GetManifestResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckSequence(req->sequence()));
  DN_GRPC_ASSIGN_OR_RETURN(auto manifest, store_->GetManifest(req->sequence()));
  DN_GRPC_ASSIGN_OR_RETURN(
      auto proof, log_->ManifestProof(req->sequence(), req->tree_size()));
  resp->set_manifest(std::move(manifest));
  *resp->mutable_proof() = std::move(proof);
  return grpc::Status::OK;
}

grpc::Status SnapshotService::ListEntries(
    grpc::ServerContext* ctx, const v1::node::ListEntriesRequest* req,
    grpc::ServerWriter<v1::node::EntryPage>* writer) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckSequence(req->sequence()));
  absl::Status st = reader_->ListEntries(
      req->sequence(), req->start_index(), PageSize(req->page_size()),
      max_page_bytes_, PageWriter<v1::node::EntryPage>(ctx, writer));
  return ToGrpcStatus(st);
}

grpc::Status SnapshotService::GetEntry(grpc::ServerContext* ctx,
                                       const v1::node::GetEntryRequest* req,
                                       v1::node::GetEntryResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckSequence(req->sequence()));
  if (req->key().empty() || req->key().size() > 128) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "key must be 1 to 128 bytes");
  }
  DN_GRPC_ASSIGN_OR_RETURN(auto entry,
                           reader_->GetEntry(req->sequence(), req->key()));
  *resp = std::move(entry);
  return grpc::Status::OK;
}

grpc::Status SnapshotService::GetChanges(
    grpc::ServerContext* ctx, const v1::node::GetChangesRequest* req,
    grpc::ServerWriter<v1::node::ChangesPage>* writer) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckSequence(req->from_sequence()));
  DN_GRPC_RETURN_IF_ERROR(CheckSequence(req->to_sequence()));
  absl::Status st = reader_->Changes(
      req->from_sequence(), req->to_sequence(), PageSize(req->page_size()),
      max_page_bytes_, PageWriter<v1::node::ChangesPage>(ctx, writer));
  return ToGrpcStatus(st);
}

}  // namespace disclosure::node
