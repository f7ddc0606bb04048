// format/merkle against the RFC 6962 reference tree (tests/testdata, from
// transparency-dev/merkle): hashes, every root, every node hash, and the
// published inclusion and consistency proofs.
#include <string>
#include <vector>

#include "format/encoding.h"
#include "format/merkle.h"
#include "format/merkle_verify.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure {
namespace {

using ::disclosure::testing::Field;
using ::disclosure::testing::HexBytes;
using ::disclosure::testing::Num;
using ::disclosure::testing::ReadJsonTestData;
using ::disclosure::testing::Str;
using ::google::protobuf::Value;

Hash H(const std::string& hex) { return *HashFromBytes(*HexDecode(hex)); }

std::vector<Hash> HashList(const Value& v) {
  std::vector<Hash> out;
  for (const Value& h : v.list_value().values())
    out.push_back(H(h.string_value()));
  return out;
}

class MerkleVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vectors_ = ReadJsonTestData("rfc6962_reference_tree.json");
    for (const Value& leaf :
         Field(vectors_, "leaves_hex").list_value().values()) {
      leaves_.push_back(*HexDecode(leaf.string_value()));
      tree_.AppendLeaf(leaves_.back());
    }
    ASSERT_EQ(leaves_.size(), 8u);
  }
  Value vectors_;
  std::vector<std::string> leaves_;
  MerkleTree tree_;
};

TEST_F(MerkleVectorsTest, HasherMatches) {
  for (const Value& v : Field(vectors_, "hasher").list_value().values()) {
    const std::string op = Str(v, "op");
    Hash got{};
    if (op == "empty_root") {
      got = EmptyRoot();
    } else if (op == "hash_leaf") {
      got = HashLeaf(HexBytes(v, "input_hex"));
    } else if (op == "hash_children") {
      // The vector feeds raw byte strings, not 32-byte hashes.
      Sha256 sha;
      sha.Update(std::string(1, '\x01'));
      sha.Update(HexBytes(v, "left_hex"));
      sha.Update(HexBytes(v, "right_hex"));
      got = sha.Finish();
    } else {
      FAIL() << "unknown op " << op;
    }
    EXPECT_EQ(HexEncode(AsBytes(got)), Str(v, "want")) << Str(v, "desc");
  }
}

TEST_F(MerkleVectorsTest, RootsAtEverySize) {
  for (const Value& v :
       Field(vectors_, "roots_by_size_hex").list_value().values()) {
    const uint64_t size = static_cast<uint64_t>(Num(v, "tree_size"));
    DN_ASSERT_OK_AND_ASSIGN(Hash root, tree_.RootAt(size));
    EXPECT_EQ(HexEncode(AsBytes(root)), Str(v, "root")) << "size " << size;

    StreamingMerkleRoot streaming;
    for (uint64_t i = 0; i < size; ++i) streaming.AppendLeaf(leaves_[i]);
    EXPECT_EQ(HexEncode(AsBytes(streaming.Root())), Str(v, "root"));
  }
}

TEST_F(MerkleVectorsTest, NodeHashesByLevel) {
  const auto& levels = Field(vectors_, "node_hashes_by_level_hex").list_value();
  for (int level = 0; level < levels.values_size(); ++level) {
    const auto& nodes = levels.values(level).list_value();
    for (int j = 0; j < nodes.values_size(); ++j) {
      const uint64_t width = uint64_t{1} << level;
      // A perfect subtree's hash is the root of its leaves.
      MerkleTree sub;
      for (uint64_t i = j * width; i < (j + 1) * width; ++i)
        sub.AppendLeaf(leaves_[i]);
      EXPECT_EQ(HexEncode(AsBytes(sub.Root())), nodes.values(j).string_value())
          << "level " << level << " node " << j;
    }
  }
}

TEST_F(MerkleVectorsTest, InclusionProofs) {
  for (const Value& v :
       Field(vectors_, "inclusion_proofs").list_value().values()) {
    const uint64_t index = static_cast<uint64_t>(Num(v, "leaf_index"));
    const uint64_t size = static_cast<uint64_t>(Num(v, "tree_size"));
    const std::vector<Hash> want = HashList(Field(v, "proof"));
    DN_ASSERT_OK_AND_ASSIGN(std::vector<Hash> got,
                            tree_.InclusionProof(index, size));
    EXPECT_EQ(got, want) << "leaf " << index << " size " << size;
    EXPECT_EQ(HexEncode(AsBytes(tree_.LeafHash(index))), Str(v, "leaf_hash"));
    DN_EXPECT_OK(VerifyInclusion(index, size, H(Str(v, "leaf_hash")), want,
                                 H(Str(v, "root"))));
  }
}

TEST_F(MerkleVectorsTest, ConsistencyProofs) {
  for (const Value& v :
       Field(vectors_, "consistency_proofs").list_value().values()) {
    const uint64_t size1 = static_cast<uint64_t>(Num(v, "size1"));
    const uint64_t size2 = static_cast<uint64_t>(Num(v, "size2"));
    const std::vector<Hash> want = HashList(Field(v, "proof"));
    DN_ASSERT_OK_AND_ASSIGN(std::vector<Hash> got,
                            tree_.ConsistencyProof(size1, size2));
    EXPECT_EQ(got, want) << size1 << " -> " << size2;
    DN_EXPECT_OK(VerifyConsistency(size1, size2, H(Str(v, "root1")),
                                   H(Str(v, "root2")), want));
  }
}

TEST_F(MerkleVectorsTest, EveryProofInTheReferenceTreeVerifies) {
  for (uint64_t n = 1; n <= 8; ++n) {
    const Hash root = *tree_.RootAt(n);
    for (uint64_t i = 0; i < n; ++i) {
      DN_EXPECT_OK(VerifyInclusion(i, n, tree_.LeafHash(i),
                                   *tree_.InclusionProof(i, n), root));
    }
    for (uint64_t m = 0; m <= n; ++m) {
      DN_EXPECT_OK(VerifyConsistency(m, n, *tree_.RootAt(m), root,
                                     *tree_.ConsistencyProof(m, n)));
    }
  }
}

TEST_F(MerkleVectorsTest, ArgumentErrors) {
  using ::disclosure::testing::StatusIs;
  EXPECT_THAT(tree_.RootAt(9), StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(tree_.InclusionProof(8, 8),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(tree_.InclusionProof(0, 9),
              StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(tree_.ConsistencyProof(5, 4),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VerifyInclusion(0, 0, EmptyRoot(), {}, EmptyRoot()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VerifyConsistency(3, 2, EmptyRoot(), EmptyRoot(), {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // A non-empty proof between equal sizes, or from the empty tree, is wrong.
  EXPECT_THAT(VerifyConsistency(0, 3, EmptyRoot(), *tree_.RootAt(3),
                                {tree_.LeafHash(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VerifyConsistency(3, 3, *tree_.RootAt(3), *tree_.RootAt(3),
                                {tree_.LeafHash(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace disclosure
