// witness/: the tlog-witness checks and replies (c2sp.org/tlog-witness) of
// the witness core over a real RocksDB store, the request and reply formats
// (format/witness_protocol.h) and witness policies (format/witness_policy.h).
#include "witness/witness.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/checkpoint.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/merkle.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/witness_policy.h"
#include "format/witness_protocol.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"
#include "witness/witness_store.h"

namespace disclosure::witness {
namespace {

using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;

constexpr char kOrigin[] = "disclosure.test/agency/mof";

// A log: leaves "m0", "m1", ..., signed by the agency's key.
class TestLog {
 public:
  explicit TestLog(std::string origin = kOrigin) : origin_(std::move(origin)) {
    signer_ =
        *Ed25519NoteSigner::Create(origin_, *Ed25519PrivateKey::Generate());
  }
  void Grow(int n, const std::string& prefix = "m") {
    for (int i = 0; i < n; ++i)
      tree_.AppendLeaf(absl::StrCat(prefix, tree_.size()));
  }
  std::string Note(uint64_t size) const {
    Checkpoint cp{origin_, size, *tree_.RootAt(size), {}};
    return *SignNote(*FormatCheckpoint(cp), {signer_.get()});
  }
  // The same key over other leaves: another history of the log.
  MerkleTree Forked(uint64_t size) const {
    MerkleTree t;
    for (uint64_t i = 0; i < size; ++i) t.AppendLeaf(absl::StrCat("fork", i));
    return t;
  }
  std::string ForkNote(uint64_t size) const {
    Checkpoint cp{origin_, size, Forked(size).Root(), {}};
    return *SignNote(*FormatCheckpoint(cp), {signer_.get()});
  }
  std::vector<Hash> Proof(uint64_t a, uint64_t b) const {
    return *tree_.ConsistencyProof(a, b);
  }
  std::string vkey() const { return signer_->vkey(); }
  const MerkleTree& tree() const { return tree_; }

 private:
  std::string origin_;
  std::unique_ptr<Ed25519NoteSigner> signer_;
  MerkleTree tree_;
};

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::shared_ptr<const Ed25519PrivateKey> key =
        *Ed25519PrivateKey::Generate();
    cosigner_ = *CosignatureSigner::Create(
        "witness.test", key, [] { return uint64_t{1'800'000'000}; });
    vkey_ = cosigner_->vkey();
    store_ = *RocksWitnessStore::Open(dir_.File("w"), true);
    log_.Grow(5);
    witness_ = *Witness::Create(cosigner_, store_.get(), {log_.vkey()});
  }
  Witness::Reply Add(uint64_t old, const std::vector<Hash>& proof,
                     const std::string& note) {
    return witness_->AddCheckpoint(FormatAddCheckpoint({old, proof, note}));
  }

  TempDir dir_;
  std::shared_ptr<CosignatureSigner> cosigner_;
  std::string vkey_;
  std::unique_ptr<RocksWitnessStore> store_;
  TestLog log_;
  std::unique_ptr<Witness> witness_;
};

TEST_F(WitnessTest, CosignsAFirstCheckpointAndTheReplyVerifies) {
  const std::string note = log_.Note(3);
  Witness::Reply r = Add(0, {}, note);
  ASSERT_EQ(r.status, 200) << r.body;
  DN_ASSERT_OK_AND_ASSIGN(auto lines, ParseCosignatureLines(r.body));
  ASSERT_EQ(lines.size(), 1u);
  auto verifier = *NewNoteVerifier(vkey_);
  DN_ASSERT_OK_AND_ASSIGN(auto opened,
                          OpenNote(note + lines[0], {verifier.get()}));
  ASSERT_EQ(opened.verified.size(), 1u);
  EXPECT_EQ(*CosignatureTimestamp(opened.verified[0].signature),
            1'800'000'000u);
  DN_ASSERT_OK_AND_ASSIGN(auto latest, witness_->Latest(kOrigin));
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->size, 3u);
}

TEST_F(WitnessTest, GrowsWithAConsistencyProofAndRemembersAcrossReopen) {
  ASSERT_EQ(Add(0, {}, log_.Note(2)).status, 200);
  ASSERT_EQ(Add(2, log_.Proof(2, 5), log_.Note(5)).status, 200);
  witness_.reset();
  store_.reset();
  store_ = *RocksWitnessStore::Open(dir_.File("w"), false);
  witness_ = *Witness::Create(cosigner_, store_.get(), {log_.vkey()});
  Witness::Reply r = Add(0, {}, log_.Note(5));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, kTlogSizeContentType);
  EXPECT_EQ(r.body, "5\n");
}

TEST_F(WitnessTest, WrongOldSizeIs409WithTheLatestSize) {
  ASSERT_EQ(Add(0, {}, log_.Note(3)).status, 200);
  Witness::Reply r = Add(2, log_.Proof(2, 5), log_.Note(5));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(*ParseTlogSize(r.body), 3u);
  // A rollback: old size right, checkpoint smaller than it.
  EXPECT_EQ(Add(3, {}, log_.Note(2)).status, 400);
}

TEST_F(WitnessTest, SameSizeSameRootIsCosignedAgain) {
  ASSERT_EQ(Add(0, {}, log_.Note(3)).status, 200);
  EXPECT_EQ(Add(3, {}, log_.Note(3)).status, 200);
  // A key the witness does not know for this log: 403.
  TestLog stranger;
  stranger.Grow(3);
  EXPECT_EQ(Add(3, {}, stranger.Note(3)).status, 403);
}

TEST_F(WitnessTest, BadProofIs422UnknownLogIs404BadSignatureIs403) {
  ASSERT_EQ(Add(0, {}, log_.Note(2)).status, 200);
  std::vector<Hash> wrong = log_.Proof(2, 5);
  wrong[0][0] ^= 1;
  EXPECT_EQ(Add(2, wrong, log_.Note(5)).status, 422);
  EXPECT_EQ(Add(0, log_.Proof(2, 5), log_.Note(5)).status, 409);

  TestLog other("disclosure.test/agency/moi");
  other.Grow(1);
  EXPECT_EQ(Add(0, {}, other.Note(1)).status, 404);

  std::string tampered = log_.Note(5);
  tampered[tampered.find('\n') + 1] = '4';  // size line changed: bad signature
  EXPECT_EQ(Add(2, log_.Proof(2, 5), tampered).status, 403);
}

TEST_F(WitnessTest, MalformedBodiesAre400) {
  for (const std::string& body :
       {std::string(""), std::string("old 01\n\n") + log_.Note(1),
        std::string("old 1\nnot-base64\n\n") + log_.Note(1),
        std::string("old 1\n") + log_.Note(1), std::string("old 0\n\n"),
        std::string("old 0\n\nnot a checkpoint\n")}) {
    EXPECT_EQ(witness_->AddCheckpoint(body).status, 400) << body;
  }
  std::string many = "old 1\n";
  for (int i = 0; i < 64; ++i) many += std::string(43, 'A') + "=\n";
  EXPECT_EQ(witness_->AddCheckpoint(many + "\n" + log_.Note(2)).status, 400);
}

TEST_F(WitnessTest, ForksAreRefused) {
  // One key, two histories (twins, or a node restored from an old backup):
  // the witness cosigns the first and refuses the other, at the same size
  // (409) and when growing from a size whose root differs (422).
  ASSERT_EQ(Add(0, {}, log_.Note(5)).status, 200);
  Witness::Reply same = Add(5, {}, log_.ForkNote(5));
  EXPECT_EQ(same.status, 409);
  EXPECT_EQ(same.body, "5\n");
  log_.Grow(2);
  MerkleTree forked = log_.Forked(7);
  Witness::Reply grown =
      Add(5, *forked.ConsistencyProof(5, 7), log_.ForkNote(7));
  EXPECT_EQ(grown.status, 422);
  DN_ASSERT_OK_AND_ASSIGN(auto latest, witness_->Latest(kOrigin));
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->size, 5u);
  EXPECT_EQ(latest->root, *log_.tree().RootAt(5));
}

TEST_F(WitnessTest, CosignForAPartyHoldingTheLog) {
  DN_ASSERT_OK_AND_ASSIGN(
      std::string first,
      witness_->Cosign(log_.Note(2), [&](uint64_t a, uint64_t b) {
        return absl::StatusOr<std::vector<Hash>>(log_.Proof(a, b));
      }));
  EXPECT_EQ(first.substr(0, log_.Note(2).size()), log_.Note(2));
  DN_ASSERT_OK(witness_
                   ->Cosign(log_.Note(5),
                            [&](uint64_t a, uint64_t b) {
                              return absl::StatusOr<std::vector<Hash>>(
                                  log_.Proof(a, b));
                            })
                   .status());
  EXPECT_THAT(witness_->Cosign(log_.Note(4),
                               [&](uint64_t a, uint64_t b) {
                                 return absl::StatusOr<std::vector<Hash>>(
                                     log_.Proof(a, b));
                               }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(WitnessProtocolTest, RoundTripsAndRejectsWhatTheSpecForbids) {
  MerkleTree t;
  for (int i = 0; i < 9; ++i) t.AppendLeaf(absl::StrCat(i));
  AddCheckpointRequest req{4, *t.ConsistencyProof(4, 9), "x\n\n— k AAAA\n"};
  DN_ASSERT_OK_AND_ASSIGN(auto back,
                          ParseAddCheckpoint(FormatAddCheckpoint(req)));
  EXPECT_EQ(back.old_size, 4u);
  EXPECT_EQ(back.proof, req.proof);
  EXPECT_EQ(back.checkpoint, req.checkpoint);
  EXPECT_THAT(ParseAddCheckpoint("old -1\n\nx\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseAddCheckpoint("old 18446744073709551616\n\nx\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(*ParseTlogSize("0\n"), 0u);
  EXPECT_THAT(ParseTlogSize("07\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTlogSize("7"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCosignatureLines("— a b\nnot a line\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCosignatureLines(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

std::string CosignerVkey(const std::string& name) {
  std::shared_ptr<const Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
  auto s = *CosignatureSigner::Create(name, key, [] { return uint64_t{1}; });
  return s->vkey();
}

TEST(WitnessPolicyTest, GroupsAndQuorum) {
  const std::string text = absl::StrCat(
      "# three witnesses, the hub and one of two others\n", "witness hub ",
      CosignerVkey("hub.test"), " http://127.0.0.1:1\n", "witness cy ",
      CosignerVkey("cy.test"), " http://127.0.0.1:2\n", "witness ntu ",
      CosignerVkey("ntu.test"), "\n", "group outside 1 cy ntu\n",
      "group main all hub outside\n", "quorum main\n");
  DN_ASSERT_OK_AND_ASSIGN(WitnessPolicy p, WitnessPolicy::Parse(text));
  EXPECT_EQ(p.witnesses().size(), 3u);
  EXPECT_FALSE(p.Satisfied({"hub"}));
  EXPECT_FALSE(p.Satisfied({"cy", "ntu"}));
  EXPECT_TRUE(p.Satisfied({"hub", "ntu"}));
  EXPECT_EQ(p.Describe(), "2 of 2 (hub, outside)");
  DN_ASSERT_OK_AND_ASSIGN(WitnessPolicy none,
                          WitnessPolicy::Parse("quorum none\n"));
  EXPECT_TRUE(none.Satisfied({}));
}

TEST(WitnessPolicyTest, RefusesWhatWouldBeAmbiguous) {
  const std::string w =
      absl::StrCat("witness a ", CosignerVkey("a.test"), "\n");
  auto note_key =
      *Ed25519NoteSigner::Create("n.test", *Ed25519PrivateKey::Generate());
  for (const std::string& bad :
       {std::string(""), w, w + w + "quorum a\n", w + "group g 2 a\nquorum g\n",
        w + "group g 1 b\nquorum g\n", w + "quorum b\n",
        w + "quorum a\nquorum a\n",
        absl::StrCat("witness x ", note_key->vkey(), "\nquorum x\n"),
        w + "frobnicate\nquorum a\n",
        absl::StrCat("witness ../x ", CosignerVkey("b.test"),
                     "\nquorum none\n")}) {
    EXPECT_THAT(WitnessPolicy::Parse(bad),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

}  // namespace
}  // namespace disclosure::witness
