// The Merkle tree of one snapshot: an agency's serialized DisclosureEntry
// values sorted by key. Proves that an entry with key K is present (its
// inclusion proof) or that no entry with key K exists (inclusion proofs of
// the two neighbours that K would sit between).
//
//   auto tree = SnapshotTree::Build(serialized_entries);
//   auto present = tree->ProveKey("db/nhi");
//   auto absent = tree->ProveAbsence("db/nope");
//   auto entry = VerifyEntryProof(*present, tree->root(), tree->size());
#ifndef DISCLOSURE_FORMAT_SNAPSHOT_TREE_H_
#define DISCLOSURE_FORMAT_SNAPSHOT_TREE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/proof.pb.h"
#include "format/merkle.h"

namespace disclosure {

// Converts proof hashes from their wire form; InvalidArgument if any is not
// 32 bytes or there are more than `max_hashes`.
absl::StatusOr<std::vector<Hash>> HashesFromProto(
    const google::protobuf::RepeatedPtrField<std::string>& hashes,
    size_t max_hashes);

void HashesToProto(const std::vector<Hash>& hashes,
                   google::protobuf::RepeatedPtrField<std::string>* out);

// Parses one serialized entry strictly: within kMaxEntryBytes, a valid
// DisclosureEntry, key matching its body. InvalidArgument otherwise.
absl::StatusOr<disclosure::v1::DisclosureEntry> ParseEntry(
    absl::string_view bytes);
// The same, into `*entry` (which may live on a protobuf arena).
absl::Status ParseEntryInto(absl::string_view bytes,
                            disclosure::v1::DisclosureEntry* entry);

// An immutable snapshot tree. Const methods are thread-safe.
class SnapshotTree {
 public:
  // Builds the tree over `entries` (serialized DisclosureEntry values),
  // which must parse, have keys matching their bodies, and be sorted by key
  // with no duplicates. InvalidArgument naming the first offending index
  // otherwise; ResourceExhausted above kMaxEntriesPerSnapshot.
  static absl::StatusOr<SnapshotTree> Build(std::vector<std::string> entries);

  const Hash& root() const { return root_; }
  uint64_t size() const { return entries_.size(); }
  const std::string& entry(uint64_t i) const { return entries_[i]; }
  const std::string& key(uint64_t i) const { return keys_[i]; }

  // Index of the entry with `key`, if any.
  std::optional<uint64_t> Find(absl::string_view key) const;

  // Entry i with its inclusion proof. OutOfRange if i >= size().
  absl::StatusOr<disclosure::v1::EntryWithProof> ProveIndex(uint64_t i) const;
  // The entry with `key` with its proof. NotFound if absent.
  absl::StatusOr<disclosure::v1::EntryWithProof> ProveKey(
      absl::string_view key) const;
  // Proof that `key` is absent. AlreadyExists if it is present.
  absl::StatusOr<disclosure::v1::AbsenceProof> ProveAbsence(
      absl::string_view key) const;

 private:
  SnapshotTree() = default;
  std::vector<std::string> entries_;
  std::vector<std::string> keys_;
  MerkleTree tree_;
  Hash root_{};
};

// Checks `proof` against a snapshot's (root, size) and returns the parsed
// entry. InvalidArgument with the reason on any failure. The entry bytes are
// hashed before they are parsed.
absl::StatusOr<disclosure::v1::DisclosureEntry> VerifyEntryProof(
    const disclosure::v1::EntryWithProof& proof, const Hash& root,
    uint64_t size);

// OK iff `proof` shows that no entry with proof.key() is in the snapshot
// (root, size). InvalidArgument with the reason otherwise.
absl::Status VerifyAbsenceProof(const disclosure::v1::AbsenceProof& proof,
                                const Hash& root, uint64_t size);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_SNAPSHOT_TREE_H_
