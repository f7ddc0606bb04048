// hub/harvest/harvest_steps: each step of one agency's harvest against a
// fake node (a NodeSource answering from an in-memory agency log, or
// answering wrongly on purpose), one test per kind of refusal the step can
// give. The mutual-TLS suites (hub_integration_test, hostile_node_test)
// run the same steps over the network.
#include "hub/harvest/harvest_steps.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/sha256.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::AgencyEntryBytes;
using ::disclosure::testing::DatabaseEntryBytes;
using ::disclosure::testing::TestAgencyLog;
using ::testing::HasSubstr;

constexpr int64_t kIssued = 1790000000;

// A node answering from `log`, unless a test tells it otherwise.
class FakeNode final : public NodeSource {
 public:
  explicit FakeNode(const TestAgencyLog* log) : log_(log) {}

  absl::StatusOr<std::string> GetCheckpoint() override {
    if (!fail_.ok()) return fail_;
    return checkpoint_.empty() ? log_->SignedCheckpoint() : checkpoint_;
  }
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(
      uint64_t size1, uint64_t size2) override {
    if (!fail_.ok()) return fail_;
    absl::StatusOr<std::vector<Hash>> hashes =
        log_->log().ConsistencyProof(size1, size2);
    if (!hashes.ok()) return hashes.status();
    v1::ConsistencyProof p;
    HashesToProto(*hashes, p.mutable_hashes());
    if (garble_proof_ && !p.hashes().empty()) p.mutable_hashes(0)->at(0) ^= 1;
    return p;
  }
  absl::StatusOr<v1n::GetManifestResponse> GetManifest(uint64_t sequence,
                                                       uint64_t) override {
    if (!fail_.ok()) return fail_;
    v1n::GetManifestResponse r;
    auto replaced = manifests_.find(sequence);
    r.set_manifest(replaced != manifests_.end() ? replaced->second
                                                : log_->manifest(sequence));
    return r;
  }
  absl::StatusOr<v1n::GetEntryResponse> GetEntry(uint64_t,
                                                 const std::string&) override {
    return absl::NotFoundError("no such entry");
  }
  absl::Status ListEntries(uint64_t sequence, const EntryPageFn& fn) override {
    if (!fail_.ok()) return fail_;
    v1n::EntryPage page;
    for (const std::string& e : entries_[sequence]) page.add_entries(e);
    DN_RETURN_IF_ERROR(fn(page));
    return cut_stream_;
  }
  absl::Status GetChanges(uint64_t, uint64_t,
                          const ChangesPageFn& fn) override {
    if (!fail_.ok()) return fail_;
    return fn(changes_);
  }

  const TestAgencyLog* log_;
  absl::Status fail_;                          // every call fails with it
  absl::Status cut_stream_;                    // a listing ends with it
  std::string checkpoint_;                     // instead of the log's
  std::map<uint64_t, std::string> manifests_;  // instead of the log's
  bool garble_proof_ = false;
  std::map<uint64_t, std::vector<std::string>> entries_;
  v1n::ChangesPage changes_;
};

class HarvestStepsTest : public ::testing::Test {
 protected:
  HarvestStepsTest() : node_(&log_) {}

  // Publishes a snapshot of the agency profile and `databases`.
  uint64_t Publish(const std::vector<std::string>& databases,
                   int64_t issued = kIssued) {
    std::vector<std::string> entries = {AgencyEntryBytes("moi")};
    for (const std::string& id : databases) {
      entries.push_back(DatabaseEntryBytes("moi", id));
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return ParseEntry(a)->key() < ParseEntry(b)->key();
    });
    const uint64_t seq = log_.Publish(entries, issued);
    node_.entries_[seq] = entries;
    return seq;
  }
  Checkpoint Current() const {
    return *ParseCheckpoint(
        OpenNote(log_.SignedCheckpoint(), {&log_.verifier()})->text);
  }
  // What the hub holds after accepting the log up to `size`.
  v1h::AgencyState HeldAt(uint64_t size) const {
    v1h::AgencyState held;
    held.set_log_size(size);
    held.set_log_root(ToString(*log_.log().RootAt(size)));
    return held;
  }
  v1::SnapshotManifest Manifest(uint64_t seq) const {
    v1::SnapshotManifest m;
    m.ParseFromString(log_.manifest(seq));
    return m;
  }

  TestAgencyLog log_{"moi"};
  FakeNode node_;
  HarvestPolicy policy_;
};

TEST_F(HarvestStepsTest, FetchCheckpointSaysWhyItGotNone) {
  Publish({"a"});
  EXPECT_TRUE(FetchCheckpoint(node_).ok());

  node_.fail_ = absl::UnavailableError("connection refused");
  EXPECT_EQ(FetchCheckpoint(node_).failure().kind, FailureKind::kUnreachable);
  node_.fail_ = absl::PermissionDeniedError("wrong identity");
  EXPECT_EQ(FetchCheckpoint(node_).failure().kind,
            FailureKind::kUnauthenticated);
  node_.fail_ = absl::OkStatus();
  node_.checkpoint_ = std::string(17 << 10, 'x');
  EXPECT_EQ(FetchCheckpoint(node_).failure().kind, FailureKind::kOverLimit);
}

TEST_F(HarvestStepsTest, VerifyCheckpointTrustsOnlyThePinnedKeyAndOrigin) {
  Publish({"a"});
  const std::vector<std::string> keys = {log_.signer().vkey()};
  const std::string note = log_.SignedCheckpoint();
  auto ok = VerifyCheckpoint(note, keys, log_.origin(), 0, policy_, node_);
  ASSERT_TRUE(ok.ok()) << ok.failure().detail;
  EXPECT_EQ(ok->checkpoint.size, 1u);

  EXPECT_EQ(
      VerifyCheckpoint("not a note", keys, log_.origin(), 0, policy_, node_)
          .failure()
          .kind,
      FailureKind::kMalformed);
  EXPECT_EQ(VerifyCheckpoint(note, keys, "disclosure.test/agency/mof", 0,
                             policy_, node_)
                .failure()
                .kind,
            FailureKind::kUnauthenticated);
  // Signed by another agency's key for this origin: no rotation leads to it.
  TestAgencyLog impostor("moi");
  impostor.Publish({AgencyEntryBytes("moi")});
  auto forged = VerifyCheckpoint(impostor.SignedCheckpoint(), keys,
                                 log_.origin(), 0, policy_, node_);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.failure().kind, FailureKind::kUnauthenticated);
  EXPECT_THAT(forged.failure().detail,
              HasSubstr("no signature by a known key"));
  // More new snapshots than one harvest takes.
  policy_.max_new_manifests = 0;
  EXPECT_EQ(VerifyCheckpoint(note, keys, log_.origin(), 0, policy_, node_)
                .failure()
                .kind,
            FailureKind::kOverLimit);
}

TEST_F(HarvestStepsTest, CheckAppendOnlyTellsRollbackForkAndBadProof) {
  Publish({"a"});
  Publish({"a", "b"});
  const v1h::AgencyState held1 = HeldAt(1);
  auto grows = CheckAppendOnly(held1, Current(), node_);
  ASSERT_TRUE(grows.ok()) << grows.failure().detail;
  EXPECT_EQ(*grows, Growth::kGrows);
  EXPECT_EQ(*CheckAppendOnly(HeldAt(2), Current(), node_), Growth::kUnchanged);

  Publish({"a", "b", "c"});
  const Checkpoint older{log_.origin(), 2, *log_.log().RootAt(2), {}};
  EXPECT_EQ(CheckAppendOnly(HeldAt(3), older, node_).failure().kind,
            FailureKind::kRollback);
  v1h::AgencyState other = HeldAt(3);
  other.set_log_root(std::string(32, 'x'));
  EXPECT_EQ(CheckAppendOnly(other, Current(), node_).failure().kind,
            FailureKind::kFork);
  node_.garble_proof_ = true;
  EXPECT_EQ(CheckAppendOnly(held1, Current(), node_).failure().kind,
            FailureKind::kMalformed);
  node_.garble_proof_ = false;
  node_.fail_ = absl::DeadlineExceededError("slow");
  EXPECT_EQ(CheckAppendOnly(held1, Current(), node_).failure().kind,
            FailureKind::kUnreachable);
}

TEST_F(HarvestStepsTest, FetchManifestsMustReproduceTheSignedRoot) {
  Publish({"a"});
  Publish({"a", "b"});
  auto ok = FetchManifests({}, Current(), "moi", log_.origin(), policy_, node_);
  ASSERT_TRUE(ok.ok()) << ok.failure().detail;
  EXPECT_EQ(ok->bytes.size(), 2u);
  EXPECT_EQ(ok->latest.sequence(), 1u);

  // A valid manifest that is not the one the checkpoint signs.
  v1::SnapshotManifest other = Manifest(1);
  other.mutable_issued_at()->set_seconds(kIssued + 1);
  node_.manifests_[1] = other.SerializeAsString();
  EXPECT_EQ(FetchManifests({}, Current(), "moi", log_.origin(), policy_, node_)
                .failure()
                .kind,
            FailureKind::kTampered);
  // Another agency's, or another position's.
  other = Manifest(1);
  other.set_sequence(0);
  node_.manifests_[1] = other.SerializeAsString();
  EXPECT_EQ(FetchManifests({}, Current(), "moi", log_.origin(), policy_, node_)
                .failure()
                .kind,
            FailureKind::kMalformed);
  node_.manifests_[1] = "garbage";
  EXPECT_EQ(FetchManifests({}, Current(), "moi", log_.origin(), policy_, node_)
                .failure()
                .kind,
            FailureKind::kMalformed);
  node_.manifests_.clear();
  policy_.content.max_entries = 2;
  EXPECT_EQ(FetchManifests({}, Current(), "moi", log_.origin(), policy_, node_)
                .failure()
                .kind,
            FailureKind::kOverLimit);
}

TEST_F(HarvestStepsTest, CheckTimeRefusesTheFutureLongValidityAndGoingBack) {
  const absl::Time now = absl::FromUnixSeconds(kIssued);
  Publish({"a"});
  v1h::AgencyState held;
  EXPECT_FALSE(CheckTime(Manifest(0), held, now, policy_).has_value());

  Publish({"a"}, kIssued + 3600);  // an hour ahead of the hub's clock
  EXPECT_EQ(CheckTime(Manifest(1), held, now, policy_)->kind,
            FailureKind::kBadTime);
  v1::SnapshotManifest long_lived = Manifest(0);
  long_lived.mutable_expires_at()->set_seconds(kIssued + 86400 * 365);
  EXPECT_EQ(CheckTime(long_lived, held, now, policy_)->kind,
            FailureKind::kBadTime);
  held.set_has_snapshot(true);
  held.set_issued_at(kIssued + 10);
  EXPECT_THAT(CheckTime(Manifest(0), held, now, policy_)->detail,
              HasSubstr("before the one already accepted"));
}

TEST_F(HarvestStepsTest, FetchEntriesMustReproduceTheEntriesRoot) {
  const uint64_t seq = Publish({"a", "b"});
  auto ok = FetchEntries("moi", nullptr, 0, seq, Manifest(seq), policy_, node_);
  ASSERT_TRUE(ok.ok()) << ok.failure().detail;

  // One entry left out: the rest does not reproduce the signed root.
  std::vector<std::string> all = node_.entries_[seq];
  node_.entries_[seq].pop_back();
  EXPECT_EQ(FetchEntries("moi", nullptr, 0, seq, Manifest(seq), policy_, node_)
                .failure()
                .kind,
            FailureKind::kTampered);
  // Bytes that are no entry at all.
  node_.entries_[seq] = all;
  node_.entries_[seq][1] = "not an entry";
  EXPECT_EQ(FetchEntries("moi", nullptr, 0, seq, Manifest(seq), policy_, node_)
                .failure()
                .kind,
            FailureKind::kMalformed);
  // Over a content limit.
  node_.entries_[seq] = all;
  policy_.content.max_entry_bytes = 16;
  EXPECT_EQ(FetchEntries("moi", nullptr, 0, seq, Manifest(seq), policy_, node_)
                .failure()
                .kind,
            FailureKind::kOverLimit);
  // The stream cut off by the network.
  policy_ = HarvestPolicy();
  node_.cut_stream_ = absl::UnavailableError("connection reset");
  EXPECT_EQ(FetchEntries("moi", nullptr, 0, seq, Manifest(seq), policy_, node_)
                .failure()
                .kind,
            FailureKind::kUnreachable);
}

}  // namespace
}  // namespace disclosure::hub
