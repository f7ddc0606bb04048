#include "node/log_recovery.h"

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "format/checkpoint.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/merkle.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "node/config/node_config.h"
#include "node/snapshot/signed_state.h"
#include "node/stats/aggregator.h"
#include "transport/grpc_status.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

// What the hub sent, within budgets set before anything is buffered.
struct HubCopy {
  std::string checkpoint;
  std::vector<std::string> manifests;
  std::vector<std::string> entries;
};

constexpr uint64_t kMaxManifests = uint64_t{1} << 20;
constexpr uint64_t kMaxTotalBytes = uint64_t{1} << 30;

absl::StatusOr<HubCopy> FetchFromHub(const std::string& address,
                                     const std::string& ca_file,
                                     const std::string& agency_id) {
  grpc::SslCredentialsOptions tls;
  DN_ASSIGN_OR_RETURN(tls.pem_root_certs, ReadFile(ca_file, 1 << 20));
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(8 << 20);
  auto stub = v1h::IndexService::NewStub(
      grpc::CreateCustomChannel(address, grpc::SslCredentials(tls), args));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  v1h::GetAgencyLogRequest req;
  req.set_agency_id(agency_id);
  auto reader = stub->GetAgencyLog(&ctx, req);
  HubCopy copy;
  v1h::AgencyLogPage page;
  uint64_t manifest_count = 0, entry_count = 0, bytes = 0;
  bool first = true;
  while (reader->Read(&page)) {
    if (first) {
      copy.checkpoint = page.cosigned_checkpoint();
      manifest_count = page.manifest_count();
      entry_count = page.entry_count();
      if (manifest_count == 0 || manifest_count > kMaxManifests ||
          entry_count > kMaxEntriesPerSnapshot) {
        ctx.TryCancel();
        return absl::DataLossError(
            absl::StrCat("the hub claims ", manifest_count, " manifests and ",
                         entry_count, " entries: over this node's limits"));
      }
      first = false;
    }
    for (std::string& m : *page.mutable_manifests()) {
      bytes += m.size();
      if (m.size() > kMaxManifestBytes ||
          copy.manifests.size() >= manifest_count) {
        ctx.TryCancel();
        return absl::DataLossError(
            "the hub sent more or larger manifests than it claimed");
      }
      copy.manifests.push_back(std::move(m));
    }
    for (std::string& e : *page.mutable_entries()) {
      bytes += e.size();
      if (e.size() > kMaxEntryBytes || copy.entries.size() >= entry_count ||
          bytes > kMaxTotalBytes) {
        ctx.TryCancel();
        return absl::DataLossError(
            "the hub sent more or larger entries than it claimed");
      }
      copy.entries.push_back(std::move(e));
    }
  }
  grpc::Status s = reader->Finish();
  if (!s.ok()) {
    return absl::Status(FromGrpcStatus(s).code(),
                        absl::StrCat("reading the log from the hub at ",
                                     address, ": ", s.error_message()));
  }
  if (copy.manifests.size() != manifest_count ||
      copy.entries.size() != entry_count) {
    return absl::DataLossError("the hub's answer ended early");
  }
  return copy;
}

// The keys this node's log may be signed with: the signing key and the
// previous one, and every key the store's signing state lists.
absl::StatusOr<std::vector<std::unique_ptr<NoteVerifier>>> OwnVerifiers(
    const v1::node::NodeConfig& config, const NodeStore& store) {
  std::vector<std::string> vkeys;
  for (const std::string& f :
       {config.signing_key_file(), config.previous_signing_key_file()}) {
    if (f.empty()) continue;
    DN_ASSIGN_OR_RETURN(NamedSigningKey key, ReadPrivateKeyFile(f));
    vkeys.push_back(key.vkey());
  }
  DN_ASSIGN_OR_RETURN(auto signing, store.GetSigningState());
  if (signing.has_value()) {
    vkeys.insert(vkeys.end(), signing->vkeys().begin(), signing->vkeys().end());
  }
  std::vector<std::unique_ptr<NoteVerifier>> out;
  for (const std::string& v : vkeys) {
    DN_ASSIGN_OR_RETURN(auto verifier, NewNoteVerifier(v));
    out.push_back(std::move(verifier));
  }
  return out;
}

// The note with only the signature lines of `keys` that verify: the node's
// own record of what it signed carries no cosignature.
std::string OwnSignaturesOnly(const ParsedNote& note,
                              const std::vector<const NoteVerifier*>& keys) {
  std::string out = note.text + "\n";
  for (const NoteSignature& s : note.signatures) {
    for (const NoteVerifier* v : keys) {
      if (v->key_name() == s.key_name && v->key_id() == s.key_id &&
          v->Verify(note.text, s.signature).ok()) {
        out += FormatSignatureLine(s);
        break;  // a key may be listed twice (file and signing state)
      }
    }
  }
  return out;
}

// Statistics periods of `entries` whose published records commitment this
// store's aggregates no longer reproduce.
absl::StatusOr<std::vector<std::string>> PeriodsToReimport(
    const NodeStore& store, const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const std::string& bytes : entries) {
    v1::DisclosureEntry e;
    if (!e.ParseFromString(bytes) || !e.has_statistics()) continue;
    const v1::RequestStatistics& s = e.statistics();
    if (!s.has_records_commitment()) continue;
    DN_ASSIGN_OR_RETURN(auto local, store.GetPeriodAggregate(s.period()));
    std::string held_root;
    uint64_t held = 0;
    if (local.has_value()) {
      std::vector<Hash> frontier;
      for (const std::string& h : local->commitment_frontier()) {
        absl::StatusOr<Hash> hash = HashFromBytes(h);
        if (hash.ok()) frontier.push_back(*hash);
      }
      absl::StatusOr<StreamingMerkleRoot> root = StreamingMerkleRoot::Resume(
          std::move(frontier), local->commitment_size());
      if (root.ok()) held_root = ToString(root->Root());
      held = local->commitment_size();
    }
    if (held_root == s.records_commitment().root()) continue;
    out.push_back(absl::StrCat(
        "statistics period ", s.period(), ": the published figures rest on ",
        s.records_commitment().record_count_withheld()
            ? std::string("records (count withheld)")
            : absl::StrCat(s.records_commitment().record_count(), " records"),
        "; this store holds ", held,
        ". Import that period's requests sent since the backup again "
        "(disclosurectl import requests) before the next publication"));
  }
  return out;
}

}  // namespace

absl::StatusOr<RecoveryReport> RecoverFromHub(
    const v1::node::NodeConfig& config, const std::string& hub_address,
    const std::string& hub_ca_file) {
  const std::string origin = LogOrigin(config);
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(config.data_dir(), ec) ||
                     std::filesystem::is_empty(config.data_dir(), ec);
  if (fresh) {
    std::filesystem::create_directories(config.data_dir(), ec);
    std::filesystem::permissions(config.data_dir(),
                                 std::filesystem::perms::owner_all, ec);
  }
  DN_ASSIGN_OR_RETURN(
      auto store, OpenNodeStore(config.data_dir(), config.statistics_period(),
                                /*compress=*/true,
                                /*create_if_missing=*/fresh));
  DN_ASSIGN_OR_RETURN(std::vector<std::string> held, store->ListManifests());
  DN_ASSIGN_OR_RETURN(auto verifiers, OwnVerifiers(config, *store));
  std::vector<const NoteVerifier*> keys;
  for (const auto& v : verifiers) keys.push_back(v.get());

  DN_ASSIGN_OR_RETURN(
      HubCopy copy, FetchFromHub(hub_address, hub_ca_file, config.agency_id()));
  // 1. The checkpoint is this node's own signature.
  DN_ASSIGN_OR_RETURN(ParsedNote note, ParseNote(copy.checkpoint));
  absl::StatusOr<OpenedNote> opened = OpenParsedNote(note, keys);
  if (!opened.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the hub's checkpoint of this agency is not signed by this node's "
        "key (",
        opened.status().message(), "): check signing_key_file"));
  }
  DN_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(opened->text));
  if (cp.origin != origin || cp.size != copy.manifests.size()) {
    return absl::DataLossError(
        "the hub's checkpoint is of another log or another size than its "
        "manifests");
  }
  // 2. The manifests reproduce it, and extend what this store holds.
  MerkleTree tree;
  for (const std::string& m : copy.manifests) tree.AppendLeaf(m);
  if (tree.Root() != cp.root) {
    return absl::DataLossError(
        "the hub's manifests do not reproduce the signed checkpoint");
  }
  for (size_t i = 0; i < held.size() && i < copy.manifests.size(); ++i) {
    if (held[i] != copy.manifests[i]) {
      return absl::FailedPreconditionError(absl::StrCat(
          "manifest ", i,
          " of this store differs from the published one: "
          "this store holds another history of the log; restore the right "
          "backup first"));
    }
  }
  RecoveryReport report;
  report.store_size_before = held.size();
  report.log_size = held.size();
  if (copy.manifests.size() <= held.size()) return report;
  // 3. The entries reproduce the latest manifest.
  DN_ASSIGN_OR_RETURN(v1::SnapshotManifest latest,
                      ParseManifest(copy.manifests.back()));
  DN_ASSIGN_OR_RETURN(SnapshotTree snapshot, SnapshotTree::Build(copy.entries));
  if (ToString(snapshot.root()) != latest.entries_root() ||
      snapshot.size() != latest.entry_count()) {
    return absl::DataLossError(
        "the hub's entries do not reproduce the latest signed manifest");
  }
  v1::node::SnapshotRecord record;
  std::vector<std::pair<Hash, std::string>> entries;
  for (uint64_t i = 0; i < snapshot.size(); ++i) {
    const Hash h = HashLeaf(snapshot.entry(i));
    record.add_keys(snapshot.key(i));
    record.add_leaf_hashes(ToString(h));
    entries.emplace_back(h, snapshot.entry(i));
  }
  record.set_checkpoint(OwnSignaturesOnly(note, keys));
  std::vector<std::string> missing(copy.manifests.begin() + held.size(),
                                   copy.manifests.end());
  DN_RETURN_IF_ERROR(
      store->CommitRecovered(held.size(), missing, record, entries));
  // 4. The signed-checkpoint file: brought forward to what was recovered.
  DN_RETURN_IF_ERROR(SignedStateKeeper::Open(config.signed_checkpoint_file(),
                                             store.get(), origin,
                                             /*adopt_store=*/true)
                         .status());
  report.log_size = copy.manifests.size();
  DN_ASSIGN_OR_RETURN(report.periods_to_reimport,
                      PeriodsToReimport(*store, copy.entries));
  return report;
}

}  // namespace disclosure::node
