// RFC 6962 / RFC 9162 (section 2) Merkle trees: hashing, an append-only
// in-memory tree that serves roots and proofs at any past size, and a
// streaming root builder that needs O(log n) memory.
//
//   MerkleTree tree;
//   for (const std::string& leaf : leaves) tree.AppendLeaf(leaf);
//   Hash root = tree.Root();
//   auto proof = tree.InclusionProof(3, tree.size());
#ifndef DISCLOSURE_FORMAT_MERKLE_H_
#define DISCLOSURE_FORMAT_MERKLE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/sha256.h"

namespace disclosure {

// SHA-256 of the empty string: the root of a tree with no leaves.
Hash EmptyRoot();
// SHA-256(0x00 || data).
Hash HashLeaf(absl::string_view data);
// SHA-256(0x01 || left || right).
Hash HashChildren(const Hash& left, const Hash& right);

// An append-only Merkle tree held in memory. Keeps every complete perfect
// subtree (about 2n hashes for n leaves), so the root at any size and any
// inclusion or consistency proof cost O(log n) hash lookups and at most
// O(log^2 n) hash computations. Not thread-safe for concurrent appends;
// const methods may run concurrently.
class MerkleTree {
 public:
  MerkleTree() = default;

  // Appends SHA-256(0x00 || data) as the next leaf.
  void AppendLeaf(absl::string_view data) { AppendLeafHash(HashLeaf(data)); }
  // Appends an already computed leaf hash.
  void AppendLeafHash(const Hash& leaf_hash);

  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  // Hash of leaf `index`. Requires index < size().
  const Hash& LeafHash(uint64_t index) const { return levels_[0][index]; }

  // Root of the whole tree.
  Hash Root() const { return SubtreeHash(0, size()); }

  // Root of the first `tree_size` leaves. OutOfRange if tree_size > size().
  absl::StatusOr<Hash> RootAt(uint64_t tree_size) const;

  // Audit path of leaf `index` in the tree of the first `tree_size` leaves.
  // InvalidArgument if index >= tree_size; OutOfRange if tree_size > size().
  absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index,
                                                   uint64_t tree_size) const;

  // Consistency proof from size1 to size2. InvalidArgument if size1 > size2;
  // OutOfRange if size2 > size(). Empty when size1 is 0 or size1 == size2.
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1,
                                                     uint64_t size2) const;

 private:
  // MTH(D[begin:end]) of RFC 6962 section 2.1.
  Hash SubtreeHash(uint64_t begin, uint64_t end) const;
  void AppendPath(uint64_t index, uint64_t begin, uint64_t end,
                  std::vector<Hash>* out) const;
  void AppendSubproof(uint64_t m, uint64_t begin, uint64_t end, bool complete,
                      std::vector<Hash>* out) const;

  // levels_[k][j] is the hash of the perfect subtree of 2^k leaves that
  // starts at leaf j * 2^k.
  std::vector<std::vector<Hash>> levels_;
};

// Computes the root of a sequence of leaves without keeping them: memory is
// one hash per level. For large one-pass commitments (snapshot entries,
// statistics records).
class StreamingMerkleRoot {
 public:
  StreamingMerkleRoot() = default;
  // Resumes from a saved state (frontier() and size()). InvalidArgument if
  // the frontier does not have one hash per set bit of `size`.
  static absl::StatusOr<StreamingMerkleRoot> Resume(std::vector<Hash> frontier,
                                                    uint64_t size);
  // Roots of the perfect subtrees so far, largest first.
  const std::vector<Hash>& frontier() const { return stack_; }

  void AppendLeaf(absl::string_view data) { AppendLeafHash(HashLeaf(data)); }
  void AppendLeafHash(const Hash& leaf_hash);
  uint64_t size() const { return size_; }
  // Root of everything appended so far (the builder stays usable).
  Hash Root() const;

 private:
  // stack_[i] holds a perfect subtree; sizes strictly decrease upwards,
  // mirroring the binary digits of size_.
  std::vector<Hash> stack_;
  uint64_t size_ = 0;
};

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_MERKLE_H_
