// format/proof_bundle: an auditor's offline check of one entry, end to end,
// and the attacks of docs/threats.md that it must catch.
#include "format/proof_bundle.h"

#include <string>

#include "absl/time/time.h"
#include "format/checkpoint.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/limits.h"
#include "format/note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

using ::disclosure::testing::AgencyEntryBytes;
using ::disclosure::testing::DatabaseEntryBytes;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TestAgencyLog;
using ::testing::HasSubstr;

class ProofBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Publish(
        {AgencyEntryBytes("moi"), DatabaseEntryBytes("moi", "id-photos")});
    log_.Publish({AgencyEntryBytes("moi"),
                  DatabaseEntryBytes("moi", "household"),
                  DatabaseEntryBytes("moi", "id-photos")});
    trust_.origin = log_.origin();
    trust_.log_keys = {&log_.verifier()};
  }
  TestAgencyLog log_{"moi"};
  BundleTrust trust_;
};

TEST_F(ProofBundleTest, VerifiesPresentEntry) {
  auto bundle = log_.Bundle(1, "db/household");
  DN_ASSERT_OK_AND_ASSIGN(VerifiedBundle v, VerifyProofBundle(bundle, trust_));
  ASSERT_TRUE(v.entry.has_value());
  EXPECT_EQ(v.entry->database().database_id(), "household");
  EXPECT_EQ(v.manifest.sequence(), 1u);
  EXPECT_EQ(v.checkpoint.size, 2u);
  // Serialized form too.
  DN_EXPECT_OK(VerifyProofBundleBytes(bundle.SerializeAsString(), trust_));
}

TEST_F(ProofBundleTest, VerifiesAbsenceInAnOlderSnapshot) {
  auto bundle = log_.Bundle(0, "db/household");
  DN_ASSERT_OK_AND_ASSIGN(VerifiedBundle v, VerifyProofBundle(bundle, trust_));
  EXPECT_EQ(v.absent_key, "db/household");
  EXPECT_FALSE(v.entry.has_value());
}

TEST_F(ProofBundleTest, TamperedEntryIsRefused) {
  auto bundle = log_.Bundle(1, "db/household");
  std::string e = bundle.present().entry();
  e[e.size() - 3] ^= 1;
  bundle.mutable_present()->set_entry(e);
  EXPECT_THAT(VerifyProofBundle(bundle, trust_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry not in snapshot")));
}

TEST_F(ProofBundleTest, MixAndMatchIsRefused) {
  // Entry proof from snapshot 1 with the manifest of snapshot 0.
  auto bundle = log_.Bundle(1, "db/id-photos");
  auto old = log_.Bundle(0, "db/id-photos");
  bundle.set_manifest(old.manifest());
  *bundle.mutable_manifest_proof() = old.manifest_proof();
  EXPECT_THAT(VerifyProofBundle(bundle, trust_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ProofBundleTest, WrongKeyOrOriginIsRefused) {
  auto bundle = log_.Bundle(1, "db/household");
  TestAgencyLog impostor("moi");
  BundleTrust other = trust_;
  other.log_keys = {&impostor.verifier()};
  EXPECT_THAT(VerifyProofBundle(bundle, other),
              StatusIs(absl::StatusCode::kUnauthenticated));
  BundleTrust wrong_origin = trust_;
  wrong_origin.origin = "disclosure.test/agency/mof";
  EXPECT_THAT(
      VerifyProofBundle(bundle, wrong_origin),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("origin")));
}

TEST_F(ProofBundleTest, CosignaturesAreCountedAndRequired) {
  std::shared_ptr<Ed25519PrivateKey> wkey = *Ed25519PrivateKey::Generate();
  auto cosigner = *CosignatureSigner::Create(
      "hub.disclosure.test", wkey, [] { return uint64_t{1790000100}; });
  auto witness = *NewNoteVerifier(cosigner->vkey());
  trust_.witnesses = {witness.get()};
  trust_.min_cosignatures = 1;

  auto bundle = log_.Bundle(1, "db/household");
  EXPECT_THAT(
      VerifyProofBundle(bundle, trust_),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("cosignatures")));
  bundle.set_checkpoint(
      *AddNoteSignatures(bundle.checkpoint(), {cosigner.get()}));
  DN_ASSERT_OK_AND_ASSIGN(VerifiedBundle v, VerifyProofBundle(bundle, trust_));
  ASSERT_EQ(v.cosignatures.size(), 1u);
  EXPECT_EQ(v.cosignatures[0].timestamp, 1790000100u);

  // A witness alone cannot stand in for the agency.
  auto only_witness = *ParseNote(bundle.checkpoint());
  std::string note = only_witness.text + "\n" +
                     FormatSignatureLine(only_witness.signatures[1]);
  bundle.set_checkpoint(note);
  EXPECT_THAT(
      VerifyProofBundle(bundle, trust_),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("agency")));
}

TEST_F(ProofBundleTest, ConsistencyWithTrustedCheckpoint) {
  // The auditor trusted the log at size 1.
  Checkpoint trusted{log_.origin(), 1, *log_.log().RootAt(1), {}};
  trust_.trusted = trusted;
  auto bundle = log_.Bundle(1, "db/household");
  EXPECT_THAT(VerifyProofBundle(bundle, trust_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no consistency proof")));
  bundle.mutable_consistency()->set_size1(1);
  bundle.mutable_consistency()->set_size2(2);
  HashesToProto(*log_.log().ConsistencyProof(1, 2),
                bundle.mutable_consistency()->mutable_hashes());
  DN_EXPECT_OK(VerifyProofBundle(bundle, trust_));

  // A fork: the trusted head at size 1 had another root.
  trust_.trusted->root = HashLeaf("rewritten history");
  EXPECT_THAT(VerifyProofBundle(bundle, trust_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not consistent")));
}

TEST_F(ProofBundleTest, RollbackBelowTrustedSizeIsRefused) {
  Checkpoint trusted{log_.origin(), 3, HashLeaf("future"), {}};
  trust_.trusted = trusted;
  EXPECT_THAT(
      VerifyProofBundle(log_.Bundle(1, "db/household"), trust_),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("rollback")));
}

TEST_F(ProofBundleTest, ExpiryIsReported) {
  trust_.now = absl::FromUnixSeconds(1790000000 + 3600);
  EXPECT_FALSE(
      VerifyProofBundle(log_.Bundle(1, "db/household"), trust_)->expired);
  trust_.now = absl::FromUnixSeconds(1790000000 + 86400 + 1);
  EXPECT_TRUE(
      VerifyProofBundle(log_.Bundle(1, "db/household"), trust_)->expired);
}

TEST_F(ProofBundleTest, MalformedBundlesAreRefused) {
  EXPECT_THAT(VerifyProofBundleBytes("\xff\xff", trust_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VerifyProofBundleBytes(std::string(kMaxProofBundleBytes + 1, 'a'),
                                     trust_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit")));
  auto bundle = log_.Bundle(1, "db/household");
  bundle.set_format_version(2);
  EXPECT_THAT(
      VerifyProofBundle(bundle, trust_),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  bundle = log_.Bundle(1, "db/household");
  bundle.clear_present();
  EXPECT_THAT(
      VerifyProofBundle(bundle, trust_),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("neither")));
  bundle = log_.Bundle(1, "db/household");
  bundle.mutable_manifest_proof()->add_hashes("short");
  EXPECT_THAT(
      VerifyProofBundle(bundle, trust_),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace disclosure
