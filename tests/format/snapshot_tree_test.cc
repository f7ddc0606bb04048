// format/snapshot_tree: presence and absence proofs over key-sorted entries.
#include "format/snapshot_tree.h"

#include <string>
#include <vector>

#include "format/entry_key.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

using ::disclosure::testing::AgencyEntryBytes;
using ::disclosure::testing::DatabaseEntryBytes;
using ::disclosure::testing::StatusIs;
using ::testing::HasSubstr;

std::vector<std::string> SampleEntries() {
  // Keys: agency < db/a < db/c < db/e
  return {AgencyEntryBytes("moi"), DatabaseEntryBytes("moi", "a"),
          DatabaseEntryBytes("moi", "c"), DatabaseEntryBytes("moi", "e")};
}

TEST(SnapshotTreeTest, ProvesEveryPresentKey) {
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree,
                          SnapshotTree::Build(SampleEntries()));
  EXPECT_EQ(tree.size(), 4u);
  for (const char* key : {"agency", "db/a", "db/c", "db/e"}) {
    DN_ASSERT_OK_AND_ASSIGN(auto proof, tree.ProveKey(key));
    DN_ASSERT_OK_AND_ASSIGN(auto entry,
                            VerifyEntryProof(proof, tree.root(), tree.size()));
    EXPECT_EQ(entry.key(), key);
  }
  EXPECT_THAT(tree.ProveKey("db/b"), StatusIs(absl::StatusCode::kNotFound));
}

TEST(SnapshotTreeTest, ProvesAbsenceBeforeBetweenAndAfter) {
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree,
                          SnapshotTree::Build(SampleEntries()));
  for (const char* key : {"a", "db/b", "db/d", "db/z", "stats/2026-H1"}) {
    DN_ASSERT_OK_AND_ASSIGN(auto proof, tree.ProveAbsence(key));
    DN_EXPECT_OK(VerifyAbsenceProof(proof, tree.root(), tree.size())) << key;
  }
  EXPECT_THAT(tree.ProveAbsence("db/c"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST(SnapshotTreeTest, ForgedAbsenceProofsFail) {
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree,
                          SnapshotTree::Build(SampleEntries()));
  // Claim "db/c" (present) is absent using the neighbours db/a and db/e.
  DN_ASSERT_OK_AND_ASSIGN(auto proof, tree.ProveAbsence("db/d"));
  proof.set_key("db/c");
  // db/c sorts between db/a? No: predecessor is db/c itself, so reusing the
  // db/d proof fails on ordering.
  EXPECT_THAT(
      VerifyAbsenceProof(proof, tree.root(), tree.size()),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));

  // Non-adjacent neighbours (db/a, db/e) around a present key.
  disclosure::v1::AbsenceProof gap;
  gap.set_key("db/c");
  gap.set_tree_size(tree.size());
  *gap.mutable_predecessor() = *tree.ProveKey("db/a");
  *gap.mutable_successor() = *tree.ProveKey("db/e");
  EXPECT_THAT(
      VerifyAbsenceProof(gap, tree.root(), tree.size()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("adjacent")));

  // Only a successor that is not the first entry.
  disclosure::v1::AbsenceProof no_pred;
  no_pred.set_key("db/b");
  no_pred.set_tree_size(tree.size());
  *no_pred.mutable_successor() = *tree.ProveKey("db/c");
  EXPECT_THAT(
      VerifyAbsenceProof(no_pred, tree.root(), tree.size()),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));

  // Only a predecessor that is not the last entry.
  disclosure::v1::AbsenceProof no_succ;
  no_succ.set_key("db/b");
  no_succ.set_tree_size(tree.size());
  *no_succ.mutable_predecessor() = *tree.ProveKey("db/a");
  EXPECT_THAT(
      VerifyAbsenceProof(no_succ, tree.root(), tree.size()),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));

  // No neighbours at all for a non-empty tree.
  disclosure::v1::AbsenceProof none;
  none.set_key("db/b");
  none.set_tree_size(tree.size());
  EXPECT_THAT(
      VerifyAbsenceProof(none, tree.root(), tree.size()),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SnapshotTreeTest, EmptySnapshot) {
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree, SnapshotTree::Build({}));
  DN_ASSERT_OK_AND_ASSIGN(auto proof, tree.ProveAbsence("db/x"));
  DN_EXPECT_OK(VerifyAbsenceProof(proof, tree.root(), 0));
}

TEST(SnapshotTreeTest, TamperedEntryFails) {
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree,
                          SnapshotTree::Build(SampleEntries()));
  DN_ASSERT_OK_AND_ASSIGN(auto proof, tree.ProveKey("db/c"));
  std::string bytes = proof.entry();
  bytes[bytes.size() / 2] ^= 0x20;
  proof.set_entry(bytes);
  EXPECT_THAT(VerifyEntryProof(proof, tree.root(), tree.size()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SnapshotTreeTest, BuildRejectsUnsortedDuplicateAndMismatchedEntries) {
  EXPECT_THAT(
      SnapshotTree::Build(
          {DatabaseEntryBytes("m", "b"), DatabaseEntryBytes("m", "a")}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sorted")));
  EXPECT_THAT(
      SnapshotTree::Build(
          {DatabaseEntryBytes("m", "a"), DatabaseEntryBytes("m", "a")}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sorted")));
  disclosure::v1::DisclosureEntry wrong;
  wrong.set_key("db/x");
  wrong.mutable_database()->set_database_id("y");
  EXPECT_THAT(SnapshotTree::Build({wrong.SerializeAsString()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not match")));
  EXPECT_THAT(SnapshotTree::Build({"\xff\xff\xff"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  disclosure::v1::DisclosureEntry bodyless;
  bodyless.set_key("db/x");
  EXPECT_THAT(
      SnapshotTree::Build({bodyless.SerializeAsString()}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no body")));
}

TEST(EntryKeyTest, ValidatesIdsAndPeriods) {
  DN_EXPECT_OK(ValidateId("mohw-nhia", "id"));
  EXPECT_THAT(ValidateId("-x", "id"), ::disclosure::testing::StatusIs(
                                          absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateId("A", "id"), ::disclosure::testing::StatusIs(
                                         absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ValidateId(std::string(65, 'a'), "id"),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  for (const char* p : {"2026", "2026-H1", "2026-H2", "2026-Q4", "2026-07"}) {
    DN_EXPECT_OK(ValidatePeriod(p)) << p;
  }
  for (const char* p :
       {"26", "2026-H3", "2026-Q5", "2026-13", "2026-00", "2026/07"}) {
    EXPECT_THAT(ValidatePeriod(p), ::disclosure::testing::StatusIs(
                                       absl::StatusCode::kInvalidArgument))
        << p;
  }
}

}  // namespace
}  // namespace disclosure
