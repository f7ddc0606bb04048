#include "format/merkle.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/translation.h"

namespace disclosure {
namespace {

// Largest power of two strictly smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k <= (n - 1) / 2) k <<= 1;  // k * 2 < n, without overflow
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

int Log2(uint64_t n) {
  int k = 0;
  while ((uint64_t{1} << k) < n) ++k;
  return k;
}

}  // namespace

Hash EmptyRoot() { return Sha256::Of(""); }

Hash HashLeaf(absl::string_view data) {
  thread_local Sha256 sha;
  static constexpr char kPrefix = 0x00;
  sha.Update(absl::string_view(&kPrefix, 1));
  sha.Update(data);
  return sha.Finish();
}

Hash HashChildren(const Hash& left, const Hash& right) {
  thread_local Sha256 sha;
  static constexpr char kPrefix = 0x01;
  sha.Update(absl::string_view(&kPrefix, 1));
  sha.Update(left);
  sha.Update(right);
  return sha.Finish();
}

void MerkleTree::AppendLeafHash(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Complete every perfect subtree this leaf closes.
  for (size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (levels_.size() == k + 1) levels_.emplace_back();
    const auto& level = levels_[k];
    levels_[k + 1].push_back(
        HashChildren(level[level.size() - 2], level[level.size() - 1]));
  }
}

Hash MerkleTree::SubtreeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (IsPowerOfTwo(n) && begin % n == 0) {
    return levels_[Log2(n)][begin / n];
  }
  const uint64_t k = SplitPoint(n);
  return HashChildren(SubtreeHash(begin, begin + k),
                      SubtreeHash(begin + k, end));
}

absl::StatusOr<Hash> MerkleTree::RootAt(uint64_t tree_size) const {
  if (tree_size > size()) {
    return absl::OutOfRangeError(absl::Substitute(
        _("tree size $0 exceeds $1 leaves"), tree_size, size()));
  }
  return SubtreeHash(0, tree_size);
}

// PATH(m, D[begin:end]) of RFC 6962 section 2.1.1, with m absolute.
void MerkleTree::AppendPath(uint64_t index, uint64_t begin, uint64_t end,
                            std::vector<Hash>* out) const {
  if (end - begin <= 1) return;
  const uint64_t k = SplitPoint(end - begin);
  if (index < begin + k) {
    AppendPath(index, begin, begin + k, out);
    out->push_back(SubtreeHash(begin + k, end));
  } else {
    AppendPath(index, begin + k, end, out);
    out->push_back(SubtreeHash(begin, begin + k));
  }
}

absl::StatusOr<std::vector<Hash>> MerkleTree::InclusionProof(
    uint64_t index, uint64_t tree_size) const {
  if (tree_size > size()) {
    return absl::OutOfRangeError(absl::Substitute(
        _("tree size $0 exceeds $1 leaves"), tree_size, size()));
  }
  if (index >= tree_size) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("leaf index $0 is not below tree size $1"), index, tree_size));
  }
  std::vector<Hash> proof;
  AppendPath(index, 0, tree_size, &proof);
  return proof;
}

// SUBPROOF(m, D[begin:end], b) of RFC 6962 section 2.1.2, with m relative to
// begin.
void MerkleTree::AppendSubproof(uint64_t m, uint64_t begin, uint64_t end,
                                bool complete, std::vector<Hash>* out) const {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete) out->push_back(SubtreeHash(begin, end));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    AppendSubproof(m, begin, begin + k, complete, out);
    out->push_back(SubtreeHash(begin + k, end));
  } else {
    AppendSubproof(m - k, begin + k, end, false, out);
    out->push_back(SubtreeHash(begin, begin + k));
  }
}

absl::StatusOr<std::vector<Hash>> MerkleTree::ConsistencyProof(
    uint64_t size1, uint64_t size2) const {
  if (size2 > size()) {
    return absl::OutOfRangeError(
        absl::Substitute(_("tree size $0 exceeds $1 leaves"), size2, size()));
  }
  if (size1 > size2) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("size1 $0 exceeds size2 $1"), size1, size2));
  }
  std::vector<Hash> proof;
  if (size1 == 0 || size1 == size2) return proof;
  AppendSubproof(size1, 0, size2, true, &proof);
  return proof;
}

absl::StatusOr<StreamingMerkleRoot> StreamingMerkleRoot::Resume(
    std::vector<Hash> frontier, uint64_t size) {
  if (static_cast<size_t>(__builtin_popcountll(size)) != frontier.size()) {
    return absl::InvalidArgumentError(
        _("Merkle frontier does not match its size"));
  }
  StreamingMerkleRoot r;
  r.stack_ = std::move(frontier);
  r.size_ = size;
  return r;
}

void StreamingMerkleRoot::AppendLeafHash(const Hash& leaf_hash) {
  stack_.push_back(leaf_hash);
  ++size_;
  // Merge equal-sized subtrees: one merge per trailing zero bit of size_.
  for (uint64_t s = size_; (s & 1) == 0; s >>= 1) {
    Hash right = stack_.back();
    stack_.pop_back();
    stack_.back() = HashChildren(stack_.back(), right);
  }
}

Hash StreamingMerkleRoot::Root() const {
  if (stack_.empty()) return EmptyRoot();
  // The RFC 6962 root folds the perfect subtrees from the right.
  Hash acc = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;)
    acc = HashChildren(stack_[i], acc);
  return acc;
}

}  // namespace disclosure
