#include "tests/testing/hostile_node.h"

#include <grpcpp/server_builder.h>

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/key_file.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "disclosure/v1/snapshot.pb.h"
#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/encoding.h"
#include "format/snapshot_tree.h"
#include "tests/testing/node_harness.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure::testing {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;

NamedSigningKey NewKey(const std::string& name) {
  return {name, SignatureType::kEd25519, *Ed25519PrivateKey::Generate()};
}

// A database entry padded to about 200 KiB.
std::string HugeEntry(const std::string& agency, int64_t i) {
  v1::DisclosureEntry e;
  char id[32];
  snprintf(id, sizeof(id), "huge-%08lld", static_cast<long long>(i));
  e.set_key(absl::StrCat("db/", id));
  e.mutable_database()->set_agency_id(agency);
  e.mutable_database()->set_database_id(id);
  e.mutable_database()->mutable_description()->set_zh_tw(
      std::string(200 << 10, 'x'));
  return e.SerializeAsString();
}

}  // namespace

class HostileNode::Service final : public v1n::SnapshotService::Service {
 public:
  explicit Service(HostileNode* n) : n_(n) {}

  grpc::Status GetCheckpoint(grpc::ServerContext* ctx,
                             const v1n::GetCheckpointRequest*,
                             v1n::GetCheckpointResponse* resp) override {
    if (!Enter(ctx, "GetCheckpoint")) return Cancelled();
    switch (n_->mode_.load()) {
      case kHugeLog: {
        Checkpoint cp{n_->origin_, 1'000'000'000'000ULL, HashLeaf("huge"), {}};
        resp->set_checkpoint(
            *SignNote(*FormatCheckpoint(cp), {n_->signer_.get()}));
        return grpc::Status::OK;
      }
      case kUnknownSigners: {
        absl::MutexLock lock(&n_->mu_);
        Checkpoint cp{n_->origin_, n_->log_.size(), n_->log_.Root(), {}};
        std::vector<std::unique_ptr<NoteSigner>> owned;
        std::vector<const NoteSigner*> signers;
        for (int i = 0; i < 32; ++i) {
          owned.push_back(*NewNoteSigner(NewKey(n_->origin_)));
          signers.push_back(owned.back().get());
        }
        resp->set_checkpoint(*SignNote(*FormatCheckpoint(cp), signers));
        return grpc::Status::OK;
      }
      case kOversizeReply:
        resp->set_checkpoint(std::string(n_->flood_.load(), 'A'));
        return grpc::Status::OK;
      case kFork: {
        absl::MutexLock lock(&n_->mu_);
        Checkpoint cp{n_->origin_, n_->log_.size(), HashLeaf("a fork"), {}};
        resp->set_checkpoint(
            *SignNote(*FormatCheckpoint(cp), {n_->signer_.get()}));
        return grpc::Status::OK;
      }
      case kRollback: {
        absl::MutexLock lock(&n_->mu_);
        const size_t n = n_->checkpoints_.size();
        resp->set_checkpoint(n_->checkpoints_[n >= 2 ? n - 2 : 0]);
        return grpc::Status::OK;
      }
      default: {
        absl::MutexLock lock(&n_->mu_);
        if (!n_->checkpoints_.empty()) {
          resp->set_checkpoint(n_->checkpoints_.back());
        }
        return grpc::Status::OK;
      }
    }
  }

  grpc::Status GetConsistencyProof(grpc::ServerContext* ctx,
                                   const v1n::GetConsistencyProofRequest* req,
                                   v1::ConsistencyProof* resp) override {
    if (!Enter(ctx, "GetConsistencyProof")) return Cancelled();
    absl::MutexLock lock(&n_->mu_);
    auto proof = n_->log_.ConsistencyProof(req->size1(), req->size2());
    if (!proof.ok()) return Invalid(proof.status().message());
    resp->set_size1(req->size1());
    resp->set_size2(req->size2());
    for (Hash h : *proof) {
      if (n_->mode_ == kGarbledConsistency) h[0] ^= 0x5a;
      resp->add_hashes(ToString(h));
    }
    return grpc::Status::OK;
  }

  grpc::Status GetManifest(grpc::ServerContext* ctx,
                           const v1n::GetManifestRequest* req,
                           v1n::GetManifestResponse* resp) override {
    if (!Enter(ctx, "GetManifest")) return Cancelled();
    absl::MutexLock lock(&n_->mu_);
    if (req->sequence() >= n_->manifests_.size()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such manifest");
    }
    resp->set_manifest(n_->manifests_[req->sequence()]);
    return grpc::Status::OK;
  }

  grpc::Status GetEntry(grpc::ServerContext* ctx, const v1n::GetEntryRequest*,
                        v1n::GetEntryResponse*) override {
    if (!Enter(ctx, "GetEntry")) return Cancelled();
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such entry");
  }

  grpc::Status ListEntries(grpc::ServerContext* ctx,
                           const v1n::ListEntriesRequest* req,
                           grpc::ServerWriter<v1n::EntryPage>* w) override {
    if (!Enter(ctx, "ListEntries")) return Cancelled();
    if (n_->mode_ == kHugeEntries) return Flood(ctx, w);
    std::vector<std::string> entries;
    {
      absl::MutexLock lock(&n_->mu_);
      if (req->sequence() >= n_->snapshots_.size()) return Invalid("no such");
      entries = n_->snapshots_[req->sequence()];
    }
    v1n::EntryPage page;
    for (auto& e : entries) page.add_entries(std::move(e));
    w->Write(page);
    return grpc::Status::OK;
  }

  grpc::Status GetChanges(grpc::ServerContext* ctx,
                          const v1n::GetChangesRequest* req,
                          grpc::ServerWriter<v1n::ChangesPage>* w) override {
    if (!Enter(ctx, "GetChanges")) return Cancelled();
    const Mode mode = n_->mode_;
    if (mode == kHugeEntries) return Flood(ctx, w);
    std::map<std::string, std::string> from, to;
    {
      absl::MutexLock lock(&n_->mu_);
      if (req->to_sequence() >= n_->snapshots_.size() ||
          req->from_sequence() > req->to_sequence()) {
        return Invalid("no such snapshots");
      }
      for (const auto& b : n_->snapshots_[req->from_sequence()])
        from[KeyOf(b)] = b;
      for (const auto& b : n_->snapshots_[req->to_sequence()]) to[KeyOf(b)] = b;
    }
    if (mode == kDuplicateUpserts || mode == kPhantomRemovals) {
      const std::string any = to.begin()->second;
      v1n::ChangesPage page;
      size_t bytes = 0;
      for (int64_t i = 0; i < n_->flood_; ++i) {
        if (mode == kDuplicateUpserts) {
          page.add_upserted_entries(any);
          bytes += any.size() + 4;
        } else {
          page.add_removed_keys(absl::StrCat("db/phantom-", i));
          bytes += page.removed_keys().rbegin()->size() + 2;
        }
        if (bytes > (1 << 20)) {
          if (!w->Write(page) || ctx->IsCancelled()) return Cancelled();
          page.Clear();
          bytes = 0;
        }
      }
      w->Write(page);
      return grpc::Status::OK;
    }
    v1n::ChangesPage page;
    for (const auto& [k, b] : from) {
      if (to.count(k) == 0) page.add_removed_keys(k);
    }
    for (const auto& [k, b] : to) {
      auto f = from.find(k);
      if (f == from.end() || f->second != b) page.add_upserted_entries(b);
    }
    page.set_to_entry_count(to.size());
    w->Write(page);
    return grpc::Status::OK;
  }

 private:
  static std::string KeyOf(const std::string& bytes) {
    v1::DisclosureEntry e;
    e.ParseFromString(bytes);
    return e.key();
  }
  static grpc::Status Cancelled() {
    return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  }
  static grpc::Status Invalid(absl::string_view why) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(why));
  }
  // Counts the call and, in kSlow mode, waits (false if cancelled first).
  bool Enter(grpc::ServerContext* ctx, const std::string& method) {
    {
      absl::MutexLock lock(&n_->mu_);
      ++n_->calls_[method];
    }
    if (n_->mode_ != kSlow) return true;
    const absl::Time until =
        absl::Now() + absl::Nanoseconds(n_->delay_ns_.load());
    while (absl::Now() < until) {
      if (ctx->IsCancelled()) return false;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return true;
  }
  // Pages of huge entries until `flood` were sent or the hub hangs up.
  template <typename Page>
  grpc::Status Flood(grpc::ServerContext* ctx, grpc::ServerWriter<Page>* w) {
    const std::string agency = n_->origin_.substr(n_->origin_.rfind('/') + 1);
    for (int64_t i = 0; i < n_->flood_; ++i) {
      Page page;
      if constexpr (std::is_same_v<Page, v1n::EntryPage>) {
        page.add_entries(HugeEntry(agency, i));
      } else {
        page.add_upserted_entries(HugeEntry(agency, i));
      }
      if (!w->Write(page) || ctx->IsCancelled()) return Cancelled();
    }
    return grpc::Status::OK;
  }

  HostileNode* n_;
};

HostileNode::HostileNode(TestPki* pki, const std::string& agency_id,
                         const std::string& san)
    : origin_(AgencyLogOrigin(kTrustDomain, agency_id)),
      key_(NewKey(origin_)),
      signer_(*NewNoteSigner(key_)),
      service_(std::make_unique<Service>(this)) {
  static std::atomic<int> instances{0};
  const std::string name =
      absl::StrCat("hostile-", agency_id, "-", instances++);
  tls_ = san.empty() ? pki->Issue(name, AgencyIdentity(kTrustDomain, agency_id))
                     : pki->IssueWithSans(name, san);
  Serve("127.0.0.1:0");
}

void HostileNode::Serve(const std::string& address) {
  grpc::ServerBuilder b;
  b.AddListeningPort(address, *MutualTlsServerCredentials(tls_), &port_);
  b.RegisterService(service_.get());
  b.SetMaxSendMessageSize(256 << 20);
  server_ = b.BuildAndStart();
}

void HostileNode::Kill() {
  if (server_ == nullptr) return;
  server_->Shutdown(std::chrono::system_clock::now());
  server_.reset();
}

void HostileNode::Restart() {
  Kill();
  Serve(endpoint());
}

HostileNode::~HostileNode() { Kill(); }

std::string HostileNode::checkpoint() const {
  absl::MutexLock lock(&mu_);
  return checkpoints_.empty() ? "" : checkpoints_.back();
}

std::string HostileNode::endpoint() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::string HostileNode::vkey() const { return key_.vkey(); }

void HostileNode::Publish(const std::vector<v1::DisclosureEntry>& entries,
                          absl::Time issued_at, absl::Duration validity) {
  std::map<std::string, std::string> sorted;
  for (const auto& e : entries) sorted[e.key()] = e.SerializeAsString();
  std::vector<std::string> bytes;
  for (auto& [k, b] : sorted) bytes.push_back(std::move(b));
  SnapshotTree tree = *SnapshotTree::Build(bytes);
  absl::MutexLock lock(&mu_);
  v1::SnapshotManifest m;
  m.set_format_version(1);
  m.set_agency_id(origin_.substr(origin_.rfind('/') + 1));
  m.set_log_origin(origin_);
  m.set_sequence(manifests_.size());
  m.mutable_issued_at()->set_seconds(absl::ToUnixSeconds(issued_at));
  m.mutable_expires_at()->set_seconds(
      absl::ToUnixSeconds(issued_at + validity));
  m.set_entries_root(ToString(tree.root()));
  m.set_entry_count(bytes.size());
  manifests_.push_back(m.SerializeAsString());
  log_.AppendLeaf(manifests_.back());
  snapshots_.push_back(std::move(bytes));
  Checkpoint cp{origin_, log_.size(), log_.Root(), {}};
  checkpoints_.push_back(*SignNote(*FormatCheckpoint(cp), {signer_.get()}));
}

int64_t HostileNode::calls(const std::string& method) const {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(method);
  return it == calls_.end() ? 0 : it->second;
}

}  // namespace disclosure::testing
