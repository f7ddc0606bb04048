// The auditor's trusted history (tools/verify/trusted_history.h): trust on
// first use, unchanged, consistent growth, and the three ways a log can
// misbehave: a rollback and a fork (evidence written, trust kept) and a
// consistency proof that does not hold (no evidence: proofs are unsigned).
#include "tools/verify/trusted_history.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "format/ed25519.h"
#include "format/merkle.h"
#include "format/note_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace disclosure::verify {
namespace {

using ::testing::HasSubstr;
constexpr char kOrigin[] = "disclosure.test/agency/moi";

class TrustedHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NamedSigningKey key{kOrigin, SignatureType::kEd25519,
                        *Ed25519PrivateKey::Generate()};
    vkey_ = key.vkey();
    signer_ = *NewNoteSigner(key);
    verifier_ = *NewNoteVerifier(vkey_);
    for (int i = 0; i < 10; ++i) log_.AppendLeaf(absl::StrCat("manifest ", i));
  }
  std::string Note(uint64_t size, const Hash& root) {
    Checkpoint cp{kOrigin, size, root, {}};
    return *SignNote(*FormatCheckpoint(cp), {signer_.get()});
  }
  std::string NoteAt(uint64_t size) { return Note(size, *log_.RootAt(size)); }
  ConsistencySource Proofs() {
    return
        [this](uint64_t a, uint64_t b) { return log_.ConsistencyProof(a, b); };
  }
  absl::StatusOr<HistoryOutcome> Check(TrustedHistory& h, const std::string& n,
                                       ConsistencySource p = nullptr) {
    return h.Check(n, {verifier_.get()}, p ? p : Proofs());
  }

  testing::TempDir dir_;
  std::string vkey_;
  std::unique_ptr<NoteSigner> signer_;
  std::unique_ptr<NoteVerifier> verifier_;
  MerkleTree log_;
};

TEST_F(TrustedHistoryTest, FirstUnchangedAndGrowthSurviveRestarts) {
  auto h = TrustedHistory::Open(dir_.File("state"), kOrigin);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(Check(*h, NoteAt(3))->kind, HistoryOutcome::kFirst);
  EXPECT_EQ(Check(*h, NoteAt(3))->kind, HistoryOutcome::kUnchanged);
  auto reopened = TrustedHistory::Open(dir_.File("state"), kOrigin);
  ASSERT_TRUE(reopened.ok());
  ASSERT_TRUE(reopened->trusted().has_value());
  EXPECT_EQ(reopened->trusted()->size, 3u);
  auto grown = Check(*reopened, NoteAt(8));
  EXPECT_EQ(grown->kind, HistoryOutcome::kExtended) << grown->detail;
  EXPECT_EQ(reopened->trusted()->size, 8u);
}

TEST_F(TrustedHistoryTest, RollbackAndForkWriteBothNotesAsEvidence) {
  auto h = *TrustedHistory::Open(dir_.File("state"), kOrigin);
  const std::string held = NoteAt(6);
  ASSERT_TRUE(Check(h, held)->ok());
  auto rollback = *Check(h, NoteAt(4));
  EXPECT_EQ(rollback.kind, HistoryOutcome::kRollback);
  ASSERT_EQ(rollback.evidence.size(), 2u);
  EXPECT_EQ(*ReadFile(rollback.evidence[0], 1 << 16), held);
  EXPECT_EQ(*ReadFile(rollback.evidence[1], 1 << 16), NoteAt(4));
  auto fork = *Check(h, Note(6, HashLeaf("another history")));
  EXPECT_EQ(fork.kind, HistoryOutcome::kFork);
  EXPECT_EQ(fork.evidence.size(), 2u);
  EXPECT_EQ(h.trusted()->size, 6u);  // trust is kept
  EXPECT_EQ(h.trusted()->root, *log_.RootAt(6));
}

TEST_F(TrustedHistoryTest, AnUnprovenGrowthIsRefusedWithoutEvidence) {
  auto h = *TrustedHistory::Open(dir_.File("state"), kOrigin);
  ASSERT_TRUE(Check(h, NoteAt(3))->ok());
  // A different log of size 9 whose proof cannot connect to size 3.
  MerkleTree other;
  for (int i = 0; i < 9; ++i) other.AppendLeaf(absl::StrCat("other ", i));
  auto bad = *Check(h, Note(9, other.Root()), [&](uint64_t a, uint64_t b) {
    return other.ConsistencyProof(a, b);
  });
  EXPECT_EQ(bad.kind, HistoryOutcome::kInconsistent);
  EXPECT_TRUE(bad.evidence.empty());
  EXPECT_EQ(h.trusted()->size, 3u);
  // No proof at all is refused the same way.
  auto none = *Check(h, NoteAt(9), [](uint64_t, uint64_t) {
    return absl::StatusOr<std::vector<Hash>>(absl::NotFoundError("no proof"));
  });
  EXPECT_EQ(none.kind, HistoryOutcome::kInconsistent);
  EXPECT_THAT(none.detail, HasSubstr("no proof"));
}

TEST_F(TrustedHistoryTest, CheckpointsByOtherKeysOrLogsAreRejected) {
  auto h = *TrustedHistory::Open(dir_.File("state"), kOrigin);
  NamedSigningKey rogue{kOrigin, SignatureType::kEd25519,
                        *Ed25519PrivateKey::Generate()};
  auto rogue_signer = *NewNoteSigner(rogue);
  Checkpoint cp{kOrigin, 3, *log_.RootAt(3), {}};
  EXPECT_FALSE(
      Check(h, *SignNote(*FormatCheckpoint(cp), {rogue_signer.get()})).ok());
  EXPECT_FALSE(h.trusted().has_value());
  // A damaged state file is reported, not silently trusted anew.
  ASSERT_TRUE(Check(h, NoteAt(3))->ok());
  for (const auto& e :
       std::filesystem::directory_iterator(dir_.File("state"))) {
    if (e.path().extension() == ".note") {
      ASSERT_TRUE(ReplaceFileDurably(e.path().string(), "garbage", 0600).ok());
    }
  }
  EXPECT_THAT(
      TrustedHistory::Open(dir_.File("state"), kOrigin).status().message(),
      HasSubstr("damaged"));
}

}  // namespace
}  // namespace disclosure::verify
