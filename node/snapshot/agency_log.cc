#include "node/snapshot/agency_log.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"

namespace disclosure::node {

absl::StatusOr<std::unique_ptr<AgencyLog>> AgencyLog::Load(
    const NodeStore& store, std::string origin) {
  std::unique_ptr<AgencyLog> log(new AgencyLog(std::move(origin)));
  DN_ASSIGN_OR_RETURN(std::vector<std::string> manifests,
                      store.ListManifests());
  absl::MutexLock lock(&log->mu_);
  for (const std::string& m : manifests) log->tree_.AppendLeaf(m);
  if (manifests.empty()) return log;
  DN_ASSIGN_OR_RETURN(auto record, store.GetSnapshot(manifests.size() - 1));
  // The stored checkpoint must describe exactly the stored manifests.
  absl::StatusOr<ParsedNote> note = ParseNote(record.checkpoint());
  if (!note.ok()) return absl::DataLossError("stored checkpoint is malformed");
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(note->text);
  if (!cp.ok() || cp->size != log->tree_.size() ||
      cp->root != log->tree_.Root() || cp->origin != log->origin_) {
    return absl::DataLossError(
        "stored checkpoint does not match the stored manifests");
  }
  log->checkpoint_ = record.checkpoint();
  return log;
}

uint64_t AgencyLog::size() const {
  absl::MutexLock lock(&mu_);
  return tree_.size();
}

Hash AgencyLog::root() const {
  absl::MutexLock lock(&mu_);
  return tree_.Root();
}

std::string AgencyLog::checkpoint() const {
  absl::MutexLock lock(&mu_);
  if (!require_witnesses_) return checkpoint_;
  return confirmed_ ? witnessed_ : std::string();
}

void AgencyLog::ConfirmWitnessed() {
  absl::MutexLock lock(&mu_);
  confirmed_ = true;
}

bool AgencyLog::AwaitingWitnesses() const {
  absl::MutexLock lock(&mu_);
  return require_witnesses_ && !confirmed_;
}

std::string AgencyLog::signed_checkpoint() const {
  absl::MutexLock lock(&mu_);
  return checkpoint_;
}

void AgencyLog::RequireWitnesses(std::string witnessed) {
  std::optional<Checkpoint> cp;
  if (absl::StatusOr<ParsedNote> n = ParseNote(witnessed); n.ok()) {
    if (absl::StatusOr<Checkpoint> c = ParseCheckpoint(n->text); c.ok())
      cp = *c;
  }
  absl::MutexLock lock(&mu_);
  require_witnesses_ = true;
  // Served only if it describes this log: a witnessed checkpoint larger
  // than the log (a store restored from an older backup) or of another
  // root cannot be proven from the manifests here.
  if (!cp || cp->size == 0 || cp->origin != origin_) return;
  absl::StatusOr<Hash> root = tree_.RootAt(cp->size);
  if (!root.ok() || *root != cp->root) return;
  const uint64_t size = cp->size;
  witnessed_ = std::move(witnessed);
  witnessed_size_ = size;
}

void AgencyLog::SetWitnessed(std::string note, uint64_t size) {
  absl::MutexLock lock(&mu_);
  confirmed_ = true;
  witnessed_ = std::move(note);
  witnessed_size_ = size;
}

uint64_t AgencyLog::served_size() const {
  absl::MutexLock lock(&mu_);
  if (!require_witnesses_) return tree_.size();
  return confirmed_ ? witnessed_size_ : 0;
}

absl::StatusOr<disclosure::v1::InclusionProof> AgencyLog::ManifestProof(
    uint64_t sequence, uint64_t tree_size) const {
  absl::MutexLock lock(&mu_);
  if (tree_size == 0) tree_size = tree_.size();
  DN_ASSIGN_OR_RETURN(std::vector<Hash> path,
                      tree_.InclusionProof(sequence, tree_size));
  disclosure::v1::InclusionProof proof;
  proof.set_leaf_index(sequence);
  proof.set_tree_size(tree_size);
  HashesToProto(path, proof.mutable_hashes());
  return proof;
}

absl::StatusOr<disclosure::v1::ConsistencyProof> AgencyLog::Consistency(
    uint64_t size1, uint64_t size2) const {
  absl::MutexLock lock(&mu_);
  DN_ASSIGN_OR_RETURN(std::vector<Hash> path,
                      tree_.ConsistencyProof(size1, size2));
  disclosure::v1::ConsistencyProof proof;
  proof.set_size1(size1);
  proof.set_size2(size2);
  HashesToProto(path, proof.mutable_hashes());
  return proof;
}

Hash AgencyLog::RootWith(const std::string& manifest) const {
  absl::MutexLock lock(&mu_);
  // Copying the tree would cost O(n); the root of n+1 leaves only needs the
  // perfect subtrees, which a streaming builder over the leaf hashes has.
  StreamingMerkleRoot root;
  for (uint64_t i = 0; i < tree_.size(); ++i)
    root.AppendLeafHash(tree_.LeafHash(i));
  root.AppendLeaf(manifest);
  return root.Root();
}

void AgencyLog::Append(const std::string& manifest, std::string checkpoint) {
  absl::MutexLock lock(&mu_);
  tree_.AppendLeaf(manifest);
  checkpoint_ = std::move(checkpoint);
}

}  // namespace disclosure::node
