#include "hub/harvest/node_client.h"

#include "absl/strings/str_cat.h"
#include "transport/grpc_status.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;

NodeClient::NodeClient(std::shared_ptr<grpc::Channel> channel,
                       std::string expected_identity, absl::Duration deadline)
    : stub_(v1n::SnapshotService::NewStub(std::move(channel))),
      expected_identity_(std::move(expected_identity)),
      deadline_(deadline) {}

std::unique_ptr<grpc::ClientContext> NodeClient::Context() {
  ++calls_;
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  return ctx;
}

absl::Status NodeClient::CheckPeer(const grpc::ClientContext& ctx) const {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr)
    return absl::UnauthenticatedError("node connection has no TLS identity");
  absl::StatusOr<std::string> id = PeerSpiffeId(*auth);
  if (!id.ok())
    return absl::UnauthenticatedError(
        absl::StrCat("node: ", id.status().message()));
  if (*id != expected_identity_) {
    return absl::PermissionDeniedError(absl::StrCat(
        "node presented identity ", *id, ", expected ", expected_identity_));
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
  auto ctx = Context();
  v1n::GetCheckpointResponse resp;
  if (absl::Status s = Finish(stub_->GetCheckpoint(ctx.get(), {}, &resp), *ctx,
                              "GetCheckpoint");
      !s.ok()) {
    return s;
  }
  return resp.checkpoint();
}

absl::StatusOr<v1::ConsistencyProof> NodeClient::GetConsistencyProof(
    uint64_t size1, uint64_t size2) {
  auto ctx = Context();
  v1n::GetConsistencyProofRequest req;
  req.set_size1(size1);
  req.set_size2(size2);
  v1::ConsistencyProof resp;
  if (absl::Status s = Finish(stub_->GetConsistencyProof(ctx.get(), req, &resp),
                              *ctx, "GetConsistencyProof");
      !s.ok()) {
    return s;
  }
  return resp;
}

absl::StatusOr<v1n::GetManifestResponse> NodeClient::GetManifest(
    uint64_t sequence, uint64_t tree_size) {
  auto ctx = Context();
  v1n::GetManifestRequest req;
  req.set_sequence(sequence);
  req.set_tree_size(tree_size);
  v1n::GetManifestResponse resp;
  if (absl::Status s = Finish(stub_->GetManifest(ctx.get(), req, &resp), *ctx,
                              "GetManifest");
      !s.ok()) {
    return s;
  }
  return resp;
}

absl::StatusOr<v1n::GetEntryResponse> NodeClient::GetEntry(
    uint64_t sequence, const std::string& key) {
  auto ctx = Context();
  v1n::GetEntryRequest req;
  req.set_sequence(sequence);
  req.set_key(key);
  v1n::GetEntryResponse resp;
  if (absl::Status s =
          Finish(stub_->GetEntry(ctx.get(), req, &resp), *ctx, "GetEntry");
      !s.ok()) {
    return s;
  }
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
  if (!result.ok()) return result;
  return Finish(st, *ctx, what);
}

absl::Status NodeClient::ListEntries(
    uint64_t sequence,
    const std::function<absl::Status(const v1n::EntryPage&)>& fn) {
  auto ctx = Context();
  v1n::ListEntriesRequest req;
  req.set_sequence(sequence);
  auto reader = stub_->ListEntries(ctx.get(), req);
  return Drain<v1n::EntryPage>(
      ctx.get(), reader.get(),
      [&](const v1n::EntryPage& page) {
        entries_received_ += page.entries_size();
        return fn(page);
      },
      "ListEntries");
}

absl::Status NodeClient::GetChanges(
    uint64_t from, uint64_t to,
    const std::function<absl::Status(const v1n::ChangesPage&)>& fn) {
  auto ctx = Context();
  v1n::GetChangesRequest req;
  req.set_from_sequence(from);
  req.set_to_sequence(to);
  auto reader = stub_->GetChanges(ctx.get(), req);
  return Drain<v1n::ChangesPage>(
      ctx.get(), reader.get(),
      [&](const v1n::ChangesPage& page) {
        entries_received_ += page.upserted_entries_size();
        return fn(page);
      },
      "GetChanges");
}

}  // namespace disclosure::hub
