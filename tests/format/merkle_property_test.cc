// Property tests for format/merkle over every tree size 1..2000: roots agree
// with a naive RFC 6962 implementation written here from the definition;
// every proof verifies; flipping any single bit of a proof, root, leaf hash,
// index or size makes verification fail.
//
// One exception is inherent to RFC 6962, not to this code: a proof does not
// bind the tree sizes on its own. Sizes whose proofs have exactly the same
// shape (the same left/right steps) yield the same computed roots, so the
// tests require that a flipped size verifies if and only if its proof shape
// equals the original's. Signed checkpoints bind (size, root) together.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/merkle.h"
#include "format/merkle_verify.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

constexpr uint64_t kMaxSize = 2000;

uint64_t Split(uint64_t n) {
  uint64_t k = 1;
  while (k <= (n - 1) / 2) k *= 2;  // k * 2 < n, without overflow
  return k;
}

// MTH(D[begin:end]) straight from RFC 6962 section 2.1.
Hash NaiveRoot(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return leaves[begin];
  const uint64_t k = Split(end - begin);
  return HashChildren(NaiveRoot(leaves, begin, begin + k),
                      NaiveRoot(leaves, begin + k, end));
}

// Directions from the root down to leaf `index` in a tree of `size`:
// true where the path goes into the left subtree.
std::vector<bool> PathShape(uint64_t index, uint64_t size) {
  std::vector<bool> shape;
  uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const uint64_t k = Split(end - begin);
    const bool left = index < begin + k;
    shape.push_back(left);
    if (left) {
      end = begin + k;
    } else {
      begin += k;
    }
  }
  return shape;
}

// The structure of the RFC 6962 SUBPROOF(m, D[n], true) recursion: 'L' or
// 'R' per level, then 'c' when it ends on a complete subtree (no hash
// emitted) or 'h' when it emits the subtree hash.
std::string ConsistencyShape(uint64_t m, uint64_t n) {
  if (m == 0 || m > n) return "-";
  std::string shape;
  bool complete = true;
  while (m != n) {
    const uint64_t k = Split(n);
    if (m <= k) {
      shape += 'L';
      n = k;
    } else {
      shape += 'R';
      m -= k;
      n -= k;
      complete = false;
    }
  }
  shape += complete ? 'c' : 'h';
  return shape;
}

Hash FlipBit(Hash h, int bit) {
  h[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return h;
}

class MerklePropertyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::mt19937_64 rng(20261127);
    leaves_ = new std::vector<Hash>();
    tree_ = new MerkleTree();
    for (uint64_t i = 0; i < kMaxSize; ++i) {
      const std::string data = absl::StrCat("leaf-", i, "-", rng());
      leaves_->push_back(HashLeaf(data));
      tree_->AppendLeaf(data);
    }
  }
  static void TearDownTestSuite() {
    delete leaves_;
    delete tree_;
  }
  // Sizes that get the exhaustive bit-flip treatment: small ones, powers of
  // two and their neighbours, and a stride through the rest.
  static bool FlipSize(uint64_t n) {
    if (n <= 17 || n % 97 == 0 || n == kMaxSize) return true;
    for (uint64_t p = 16; p <= 2048; p *= 2) {
      if (n + 1 == p || n == p || n == p + 1) return true;
    }
    return false;
  }
  static std::vector<Hash>* leaves_;
  static MerkleTree* tree_;
};

std::vector<Hash>* MerklePropertyTest::leaves_ = nullptr;
MerkleTree* MerklePropertyTest::tree_ = nullptr;

TEST_F(MerklePropertyTest, RootsMatchNaiveDefinition) {
  StreamingMerkleRoot streaming;
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    streaming.AppendLeafHash((*leaves_)[n - 1]);
    const Hash want = NaiveRoot(*leaves_, 0, n);
    ASSERT_EQ(*tree_->RootAt(n), want) << "size " << n;
    ASSERT_EQ(streaming.Root(), want) << "size " << n;
  }
}

TEST_F(MerklePropertyTest, InclusionProofsVerifyAndResistBitFlips) {
  std::mt19937_64 rng(1);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Hash root = *tree_->RootAt(n);
    std::vector<uint64_t> indices = {0, n - 1, rng() % n, rng() % n};
    for (uint64_t i : indices) {
      DN_ASSERT_OK_AND_ASSIGN(std::vector<Hash> proof,
                              tree_->InclusionProof(i, n));
      const Hash leaf = (*leaves_)[i];
      ASSERT_THAT(VerifyInclusion(i, n, leaf, proof, root),
                  ::disclosure::testing::IsOk())
          << "leaf " << i << " size " << n;
      if (!FlipSize(n) || i != indices[2]) continue;

      for (size_t j = 0; j < proof.size(); ++j) {
        for (int bit = 0; bit < 256; ++bit) {
          std::vector<Hash> bad = proof;
          bad[j] = FlipBit(bad[j], bit);
          ASSERT_THAT(VerifyInclusion(i, n, leaf, bad, root),
                      ::disclosure::testing::StatusIs(
                          absl::StatusCode::kInvalidArgument))
              << "proof hash " << j << " bit " << bit << " size " << n;
        }
      }
      for (int bit = 0; bit < 256; ++bit) {
        ASSERT_THAT(VerifyInclusion(i, n, leaf, proof, FlipBit(root, bit)),
                    ::disclosure::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument));
        ASSERT_THAT(VerifyInclusion(i, n, FlipBit(leaf, bit), proof, root),
                    ::disclosure::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument));
      }
      for (int bit = 0; bit < 64; ++bit) {
        const uint64_t mask = uint64_t{1} << bit;
        ASSERT_THAT(
            VerifyInclusion(i ^ mask, n, leaf, proof, root),
            ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument))
            << "index bit " << bit << " leaf " << i << " size " << n;
        const uint64_t n2 = n ^ mask;
        const bool verified = VerifyInclusion(i, n2, leaf, proof, root).ok();
        const bool same_shape = i < n2 && PathShape(i, n2) == PathShape(i, n);
        ASSERT_EQ(verified, same_shape) << "size bit " << bit << " leaf " << i
                                        << " size " << n << " -> " << n2;
      }
      // Dropping or adding a hash must fail too.
      if (!proof.empty()) {
        std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
        ASSERT_THAT(VerifyInclusion(i, n, leaf, shorter, root),
                    ::disclosure::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument));
      }
      std::vector<Hash> longer = proof;
      longer.push_back(root);
      ASSERT_THAT(
          VerifyInclusion(i, n, leaf, longer, root),
          ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
    }
  }
}

TEST_F(MerklePropertyTest, ConsistencyProofsVerifyAndResistBitFlips) {
  std::mt19937_64 rng(2);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Hash root2 = *tree_->RootAt(n);
    std::vector<uint64_t> sizes = {1, n, rng() % n + 1, rng() % n + 1};
    for (uint64_t m : sizes) {
      const Hash root1 = *tree_->RootAt(m);
      DN_ASSERT_OK_AND_ASSIGN(std::vector<Hash> proof,
                              tree_->ConsistencyProof(m, n));
      ASSERT_THAT(VerifyConsistency(m, n, root1, root2, proof),
                  ::disclosure::testing::IsOk())
          << m << " -> " << n;
      if (!FlipSize(n) || m != sizes[2] || m == n) continue;

      for (size_t j = 0; j < proof.size(); ++j) {
        for (int bit = 0; bit < 256; ++bit) {
          std::vector<Hash> bad = proof;
          bad[j] = FlipBit(bad[j], bit);
          ASSERT_THAT(VerifyConsistency(m, n, root1, root2, bad),
                      ::disclosure::testing::StatusIs(
                          absl::StatusCode::kInvalidArgument))
              << "proof hash " << j << " bit " << bit << " " << m << "->" << n;
        }
      }
      for (int bit = 0; bit < 256; ++bit) {
        ASSERT_THAT(VerifyConsistency(m, n, FlipBit(root1, bit), root2, proof),
                    ::disclosure::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument));
        ASSERT_THAT(VerifyConsistency(m, n, root1, FlipBit(root2, bit), proof),
                    ::disclosure::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument));
      }
      for (int bit = 0; bit < 64; ++bit) {
        const uint64_t mask = uint64_t{1} << bit;
        // As with inclusion, sizes are bound only through the shape of
        // the proof; the signed checkpoints bind them.
        const std::string shape = ConsistencyShape(m, n);
        const uint64_t m2 = m ^ mask, n2 = n ^ mask;
        ASSERT_EQ(VerifyConsistency(m2, n, root1, root2, proof).ok(),
                  ConsistencyShape(m2, n) == shape)
            << "size1 bit " << bit << " " << m << "->" << n;
        ASSERT_EQ(VerifyConsistency(m, n2, root1, root2, proof).ok(),
                  ConsistencyShape(m, n2) == shape)
            << "size2 bit " << bit << " " << m << "->" << n;
      }
    }
  }
}

}  // namespace
}  // namespace disclosure
