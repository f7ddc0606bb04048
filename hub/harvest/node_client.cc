#include "hub/harvest/node_client.h"

#include <grpcpp/resource_quota.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "format/status_macros.h"
#include "transport/certificate_info.h"
#include "transport/grpc_status.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;

namespace {

// One connection per node. Replies of the small calls are limited per
// method through the service config (gRPC applies the smaller of that and
// the channel's limit), so they need no connection of their own.
std::shared_ptr<grpc::Channel> NewChannel(
    const NodeClientOptions& o,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(o.max_page_bytes);
  args.SetServiceConfigJSON(absl::StrCat(
      R"({"methodConfig":[{"name":[)",
      R"({"service":"disclosure.v1.node.SnapshotService","method":"GetCheckpoint"},)",
      R"({"service":"disclosure.v1.node.SnapshotService","method":"GetConsistencyProof"},)",
      R"({"service":"disclosure.v1.node.SnapshotService","method":"GetManifest"},)",
      R"({"service":"disclosure.v1.node.SnapshotService","method":"GetEntry"}],)",
      R"("maxResponseMessageBytes":)", o.max_small_reply_bytes, "}]}"));
  // Reconnect quickly after a node comes back.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // gRPC 1.51 applies a receive limit only once a whole message has
  // arrived; a memory quota makes the transport stop reading (and the call
  // fail) instead of buffering an oversized reply.
  grpc::ResourceQuota quota(absl::StrCat("node-client ", o.endpoint));
  quota.Resize(static_cast<size_t>(o.max_page_bytes) * 2 + (1 << 20));
  args.SetResourceQuota(quota);
  return grpc::CreateCustomChannel(o.endpoint, credentials, args);
}

}  // namespace

class NodeClient::Call {
 public:
  explicit Call(NodeClient* owner) : owner_(owner) {}
  ~Call() {
    absl::MutexLock lock(&owner_->mu_);
    owner_->in_flight_.erase(&ctx_);
  }
  grpc::ClientContext* ctx() { return &ctx_; }

 private:
  NodeClient* owner_;
  grpc::ClientContext ctx_;
};

NodeClient::NodeClient(std::shared_ptr<grpc::ChannelCredentials> credentials,
                       NodeClientOptions options)
    : options_(std::move(options)),
      stub_(v1n::SnapshotService::NewStub(NewChannel(options_, credentials))) {}

void NodeClient::SetHarvestDeadline(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  harvest_deadline_ = deadline;
}

void NodeClient::CancelAll() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  for (grpc::ClientContext* ctx : in_flight_) ctx->TryCancel();
}

void NodeClient::Resume() {
  absl::MutexLock lock(&mu_);
  cancelled_ = false;
}

absl::StatusOr<std::unique_ptr<NodeClient::Call>> NodeClient::Begin() {
  auto call = std::make_unique<Call>(this);
  absl::MutexLock lock(&mu_);
  if (cancelled_) return absl::CancelledError("the hub is shutting down");
  const absl::Time now = absl::Now();
  if (harvest_deadline_ <= now) {
    return absl::DeadlineExceededError(
        "the agency's harvest used up its time budget "
        "(limits.harvest_deadline_seconds)");
  }
  ++calls_;
  call->ctx()->set_deadline(absl::ToChronoTime(
      std::min(now + options_.rpc_deadline, harvest_deadline_)));
  in_flight_.insert(call->ctx());
  return call;
}

absl::Status NodeClient::CheckPeer(const grpc::ClientContext& ctx) const {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr)
    return absl::UnauthenticatedError("node connection has no TLS identity");
  // The node's identity: its SPIFFE ID, or, for an agency named by its own
  // certificate (pinned_identity.h), the key's pin or subject.
  const IdentityPolicy expected({options_.expected_identity}, {});
  const grpc::Status checked = expected.Check(*auth, "hub");
  if (checked.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    return absl::UnauthenticatedError(
        absl::StrCat("node: ", checked.error_message()));
  }
  if (!checked.ok()) {
    absl::StatusOr<CertificateIdentity> peer = PeerIdentityOf(*auth);
    return absl::PermissionDeniedError(absl::StrCat(
        "node presented identity ",
        peer.ok() ? DescribeIdentity(*peer) : "that cannot be read",
        ", expected ", options_.expected_identity));
  }
  // The operator sees when the node's certificate expires (hub status).
  for (const auto& value : auth->FindPropertyValues("x509_pem_cert")) {
    std::string pem(value.data(), value.size());
    absl::MutexLock lock(&peer_mu_);
    if (pem == peer_pem_) continue;
    absl::StatusOr<CertificateInfo> info = ParseCertificateInfo(pem);
    if (!info.ok()) continue;
    peer_not_after_ = info->not_after;
    peer_pem_ = std::move(pem);
  }
  return absl::OkStatus();
}

absl::Status NodeClient::Finish(const grpc::Status& s,
                                const grpc::ClientContext& ctx,
                                const char* what) {
  if (!s.ok()) {
    absl::Status st = FromGrpcStatus(s);
    return absl::Status(st.code(), absl::StrCat(what, ": ", st.message()));
  }
  return CheckPeer(ctx);
}

absl::StatusOr<std::string> NodeClient::GetCheckpoint() {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::GetCheckpointResponse resp;
  grpc::ClientContext* ctx = (call)->ctx();
  if (absl::Status s =
          Finish(stub_->GetCheckpoint(ctx, {}, &resp), *ctx, "GetCheckpoint");
      !s.ok()) {
    return s;
  }
  bytes_received_ += static_cast<int64_t>(resp.ByteSizeLong());
  return resp.checkpoint();
}

absl::StatusOr<v1::ConsistencyProof> NodeClient::GetConsistencyProof(
    uint64_t size1, uint64_t size2) {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::GetConsistencyProofRequest req;
  req.set_size1(size1);
  req.set_size2(size2);
  v1::ConsistencyProof resp;
  grpc::ClientContext* ctx = (call)->ctx();
  DN_RETURN_IF_ERROR(Finish(stub_->GetConsistencyProof(ctx, req, &resp), *ctx,
                            "GetConsistencyProof"));
  bytes_received_ += static_cast<int64_t>(resp.ByteSizeLong());
  return resp;
}

absl::StatusOr<v1n::GetManifestResponse> NodeClient::GetManifest(
    uint64_t sequence, uint64_t tree_size) {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::GetManifestRequest req;
  req.set_sequence(sequence);
  req.set_tree_size(tree_size);
  v1n::GetManifestResponse resp;
  grpc::ClientContext* ctx = (call)->ctx();
  DN_RETURN_IF_ERROR(
      Finish(stub_->GetManifest(ctx, req, &resp), *ctx, "GetManifest"));
  bytes_received_ += static_cast<int64_t>(resp.ByteSizeLong());
  return resp;
}

absl::StatusOr<v1n::GetEntryResponse> NodeClient::GetEntry(
    uint64_t sequence, const std::string& key) {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::GetEntryRequest req;
  req.set_sequence(sequence);
  req.set_key(key);
  v1n::GetEntryResponse resp;
  grpc::ClientContext* ctx = (call)->ctx();
  DN_RETURN_IF_ERROR(
      Finish(stub_->GetEntry(ctx, req, &resp), *ctx, "GetEntry"));
  bytes_received_ += static_cast<int64_t>(resp.ByteSizeLong());
  return resp;
}

template <typename Page>
absl::Status NodeClient::Drain(
    grpc::ClientContext* ctx, grpc::ClientReader<Page>* reader,
    const std::function<absl::Status(const Page&)>& fn, const char* what) {
  Page page;
  absl::Status result;
  bool checked = false;
  while (reader->Read(&page)) {
    bytes_received_ += static_cast<int64_t>(page.ByteSizeLong());
    // No page is used before the peer's identity is confirmed.
    if (!checked) {
      result = CheckPeer(*ctx);
      checked = true;
    }
    if (result.ok()) result = fn(page);
    if (!result.ok()) {
      ctx->TryCancel();
      break;
    }
  }
  grpc::Status st = reader->Finish();
  DN_RETURN_IF_ERROR(result);
  return Finish(st, *ctx, what);
}

absl::Status NodeClient::ListEntries(
    uint64_t sequence,
    const std::function<absl::Status(const v1n::EntryPage&)>& fn) {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::ListEntriesRequest req;
  req.set_sequence(sequence);
  grpc::ClientContext* ctx = (call)->ctx();
  auto reader = stub_->ListEntries(ctx, req);
  return Drain<v1n::EntryPage>(
      ctx, reader.get(),
      [&](const v1n::EntryPage& page) {
        entries_received_ += page.entries_size();
        return fn(page);
      },
      "ListEntries");
}

absl::Status NodeClient::GetChanges(
    uint64_t from, uint64_t to,
    const std::function<absl::Status(const v1n::ChangesPage&)>& fn) {
  DN_ASSIGN_OR_RETURN(auto call, Begin());
  v1n::GetChangesRequest req;
  req.set_from_sequence(from);
  req.set_to_sequence(to);
  grpc::ClientContext* ctx = (call)->ctx();
  auto reader = stub_->GetChanges(ctx, req);
  return Drain<v1n::ChangesPage>(
      ctx, reader.get(),
      [&](const v1n::ChangesPage& page) {
        entries_received_ += page.upserted_entries_size();
        return fn(page);
      },
      "GetChanges");
}

}  // namespace disclosure::hub
