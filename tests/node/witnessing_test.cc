// node/witness with node/snapshot: a node publishing with witnesses (real
// witness cores, reached in process through the tlog-witness wire format).
// The node learns what the witnesses hold before it signs, refuses to fork
// a log it lost, to sign with a clock that disagrees with theirs or runs
// backwards, and serves a checkpoint only with its quorum. Also the signed-
// checkpoint file's lock, and a torn write-ahead-log tail.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/periods.h"
#include "format/checkpoint.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/witness_policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/publisher.h"
#include "node/snapshot/signed_state.h"
#include "node/storage/node_store.h"
#include "node/witness/checkpoint_witnessing.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"
#include "witness/witness.h"
#include "witness/witness_store.h"

namespace disclosure::node {
namespace {

using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "disclosure.test/agency/mof";

// A witness reached in process, through the protocol's text.
class LocalWitnessClient final : public WitnessClient {
 public:
  explicit LocalWitnessClient(witness::Witness* w, bool* down)
      : w_(w), down_(down) {}
  WitnessAnswer AddCheckpoint(const AddCheckpointRequest& request) override {
    WitnessAnswer a;
    if (*down_) {
      a.detail = "connection refused";
      return a;
    }
    witness::Witness::Reply r = w_->AddCheckpoint(FormatAddCheckpoint(request));
    a.status = r.status;
    if (r.status == 200) {
      a.kind = WitnessAnswer::Kind::kCosigned;
      a.lines = *ParseCosignatureLines(r.body);
    } else if (r.status == 409) {
      a.kind = WitnessAnswer::Kind::kConflict;
      a.size = *ParseTlogSize(r.body);
    } else {
      a.kind = WitnessAnswer::Kind::kRefused;
      a.detail = r.body;
    }
    return a;
  }

 private:
  witness::Witness* w_;
  bool* down_;
};

// One witness: its key, clock, store and core.
struct TestWitness {
  TestWitness(const std::string& dir, const std::string& name,
              const std::string& log_vkey, const FakeClock* clock) {
    std::shared_ptr<const Ed25519PrivateKey> key =
        *Ed25519PrivateKey::Generate();
    signer = *CosignatureSigner::Create(name, key, [clock] {
      return static_cast<uint64_t>(absl::ToUnixSeconds(clock->Now()));
    });
    store = *witness::RocksWitnessStore::Open(dir, true);
    core = *witness::Witness::Create(signer, store.get(), {log_vkey});
  }
  std::shared_ptr<CosignatureSigner> signer;
  std::unique_ptr<witness::RocksWitnessStore> store;
  std::unique_ptr<witness::Witness> core;
  bool down = false;
};

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0), TaipeiTime());

// A node (store, keeper, log, publisher) in `dir`, publishing with the
// witnesses of a 2-of-2 policy.
class Node {
 public:
  Node(const std::string& dir, const Ed25519NoteSigner* signer,
       const FakeClock* clock, std::vector<TestWitness*> witnesses) {
    store = *OpenNodeStore(dir + "/db");
    keeper = *SignedStateKeeper::Open(dir + "/db.signed-checkpoint",
                                      store.get(), kOrigin, false);
    log = *AgencyLog::Load(*store, kOrigin);
    PublisherOptions o;
    o.agency_id = "mof";
    o.statistics.agency_id = "mof";
    o.statistics.tracked_from = "2026-H1";
    publisher = std::make_unique<Publisher>(store.get(), log.get(),
                                            keeper.get(), signer, clock, o);
    std::string policy_text;
    std::map<std::string, std::unique_ptr<WitnessClient>> clients;
    for (size_t i = 0; i < witnesses.size(); ++i) {
      const std::string name = absl::StrCat("w", i);
      absl::StrAppend(&policy_text, "witness ", name, " ",
                      witnesses[i]->signer->vkey(), " http://unused\n");
      clients[name] = std::make_unique<LocalWitnessClient>(
          witnesses[i]->core.get(), &witnesses[i]->down);
    }
    absl::StrAppend(&policy_text, "group all-of-them all w0 w1\n",
                    "quorum all-of-them\n");
    witnessing = std::make_unique<CheckpointWitnessing>(
        *WitnessPolicy::Parse(policy_text), std::move(clients), clock,
        absl::Minutes(5));
    log->RequireWitnesses(*store->GetWitnessedCheckpoint());
    publisher->SetWitnessing(witnessing.get());
    auto profile = SampleProfile("mof");
    (void)store->WriteInventory(&profile, {SampleDatabase("mof", "tax")})
        .ok();  // the tests check what publishing does with it
  }
  std::unique_ptr<NodeStore> store;
  std::unique_ptr<SignedStateKeeper> keeper;
  std::unique_ptr<AgencyLog> log;
  std::unique_ptr<Publisher> publisher;
  std::unique_ptr<CheckpointWitnessing> witnessing;
};

class WitnessingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    signer_ =
        *Ed25519NoteSigner::Create(kOrigin, *Ed25519PrivateKey::Generate());
    w0_ = std::make_unique<TestWitness>(dir_.File("w0"), "w0.test",
                                        signer_->vkey(), &witness_clock_);
    w1_ = std::make_unique<TestWitness>(dir_.File("w1"), "w1.test",
                                        signer_->vkey(), &witness_clock_);
  }
  std::unique_ptr<Node> NewNode(const std::string& name) {
    std::filesystem::create_directories(dir_.File(name));
    return std::make_unique<Node>(
        dir_.File(name), signer_.get(), &clock_,
        std::vector<TestWitness*>{w0_.get(), w1_.get()});
  }
  void Publish(Node& n, int times) {
    for (int i = 0; i < times; ++i) {
      clock_.Advance(absl::Hours(1));
      witness_clock_.Advance(absl::Hours(1));
      ASSERT_TRUE(n.publisher->Publish().ok());
    }
  }

  TempDir dir_;
  FakeClock clock_{kStart};
  FakeClock witness_clock_{kStart};
  std::unique_ptr<Ed25519NoteSigner> signer_;
  std::unique_ptr<TestWitness> w0_, w1_;
};

TEST_F(WitnessingTest, ServesOnlyCheckpointsItsQuorumCosigned) {
  auto n = NewNode("a");
  DN_ASSERT_OK_AND_ASSIGN(auto s, n->publisher->Publish());
  EXPECT_THAT(s.witnessing(), HasSubstr("cosigned by w0, w1"));
  const std::string served = n->log->checkpoint();
  auto v0 = *NewNoteVerifier(w0_->signer->vkey());
  auto v1 = *NewNoteVerifier(w1_->signer->vkey());
  auto agency = *NewNoteVerifier(signer_->vkey());
  DN_ASSERT_OK_AND_ASSIGN(auto opened,
                          OpenNote(served, {v0.get(), v1.get(), agency.get()}));
  EXPECT_EQ(opened.verified.size(), 3u);

  // A witness down: nothing is signed (the node cannot check the log), and
  // the served checkpoint stays the last one with its quorum.
  w1_->down = true;
  clock_.Advance(absl::Hours(1));
  witness_clock_.Advance(absl::Hours(1));
  EXPECT_THAT(n->publisher->Publish(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("w1")));
  EXPECT_EQ(n->log->size(), 1u);
  EXPECT_EQ(n->log->checkpoint(), served);
  w1_->down = false;
  Publish(*n, 1);
  EXPECT_EQ(n->log->served_size(), 2u);
}

TEST_F(WitnessingTest, ANodeThatLostItsStoreDoesNotForkTheLog) {
  {
    auto n = NewNode("a");
    Publish(*n, 3);
  }
  // The disk is lost: a new store and file, the same key. The witnesses
  // hold size 3, so the node signs nothing.
  auto fresh = NewNode("b");
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(
      fresh->publisher->Publish(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("log size 3")));
  EXPECT_EQ(fresh->log->size(), 0u);
  EXPECT_EQ(fresh->log->signed_checkpoint(), "");
}

TEST_F(WitnessingTest, AStoreRestoredFromAnOlderBackupIsRefusedNotForked) {
  auto n = NewNode("a");
  Publish(*n, 1);
  n.reset();
  std::filesystem::copy(dir_.File("a"), dir_.File("backup"),
                        std::filesystem::copy_options::recursive);
  n = NewNode("a");
  Publish(*n, 2);
  n.reset();
  std::filesystem::remove_all(dir_.File("a"));
  std::filesystem::rename(dir_.File("backup"), dir_.File("a"));
  n = NewNode("a");
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(n->publisher->Publish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has cosigned a checkpoint of log size 3")));
  EXPECT_EQ(n->log->size(), 1u);
}

TEST_F(WitnessingTest, AClockFarAheadOfTheWitnessesSignsNothing) {
  auto n = NewNode("a");
  Publish(*n, 1);
  clock_.Advance(absl::Hours(24 * 400));
  EXPECT_THAT(n->publisher->Publish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("this clock is 400 days ahead")));
  EXPECT_EQ(n->log->size(), 1u);
  // Fixed: the log continues, with no fork.
  clock_.Set(witness_clock_.Now());
  Publish(*n, 1);
  EXPECT_EQ(n->log->served_size(), 2u);
}

TEST_F(WitnessingTest, TheIssueTimeNeverGoesBack) {
  auto n = NewNode("a");
  Publish(*n, 1);
  clock_.Advance(absl::Minutes(-3));  // within the witnesses' skew
  EXPECT_THAT(n->publisher->Publish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("earlier than the issue time")));
  EXPECT_EQ(n->log->size(), 1u);
}

TEST_F(WitnessingTest, TwinsOnCopiesOfOneStoreCannotBothPublish) {
  auto a = NewNode("a");
  Publish(*a, 2);
  a.reset();
  std::filesystem::copy(dir_.File("a"), dir_.File("b"),
                        std::filesystem::copy_options::recursive);
  a = NewNode("a");
  auto b = NewNode("b");
  Publish(*a, 1);
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(
      b->publisher->Publish(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("log size 3")));
  EXPECT_EQ(b->log->size(), 2u);
}

TEST(SignedStateLockTest, TwoNodesCannotShareOneSignedCheckpointFile) {
  TempDir dir;
  auto store = *OpenNodeStore(dir.File("db"));
  DN_ASSERT_OK_AND_ASSIGN(
      auto first,
      SignedStateKeeper::Open(dir.File("file"), store.get(), kOrigin, false));
  EXPECT_THAT(
      SignedStateKeeper::Open(dir.File("file"), store.get(), kOrigin, false),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("in use by another running node")));
  first.reset();
  DN_EXPECT_OK(
      SignedStateKeeper::Open(dir.File("file"), store.get(), kOrigin, false)
          .status());
}

// A crash in the middle of a write leaves a torn record at the end of the
// write-ahead log. That record was never acknowledged: the store opens
// without it, and the signed-checkpoint file brings back the snapshot.
TEST(TornWalTest, ATornTailIsDroppedAndTheSignedSnapshotCommittedAgain) {
  TempDir dir;
  auto signer =
      *Ed25519NoteSigner::Create(kOrigin, *Ed25519PrivateKey::Generate());
  FakeClock clock(kStart);
  const std::string db = dir.File("db"),
                    file = dir.File("db.signed-checkpoint");
  std::string latest;
  {
    auto store = *OpenNodeStore(db);
    auto keeper = *SignedStateKeeper::Open(file, store.get(), kOrigin, false);
    auto log = *AgencyLog::Load(*store, kOrigin);
    PublisherOptions o;
    o.agency_id = "mof";
    o.statistics.agency_id = "mof";
    Publisher p(store.get(), log.get(), keeper.get(), signer.get(), &clock, o);
    auto profile = SampleProfile("mof");
    DN_ASSERT_OK(
        store->WriteInventory(&profile, {SampleDatabase("mof", "tax")}));
    DN_ASSERT_OK(p.Publish().status());
    clock.Advance(absl::Hours(1));
    DN_ASSERT_OK_AND_ASSIGN(auto s, p.Publish());
    latest = s.checkpoint();
  }
  // Cut 20 bytes off the newest WAL file (the last commit's record).
  std::filesystem::path wal;
  for (const auto& f : std::filesystem::directory_iterator(db)) {
    if (f.path().extension() == ".log" &&
        (wal.empty() || f.path().filename() > wal.filename())) {
      wal = f.path();
    }
  }
  ASSERT_FALSE(wal.empty());
  const auto size = std::filesystem::file_size(wal);
  ASSERT_GT(size, 20u);
  std::filesystem::resize_file(wal, size - 20);

  DN_ASSERT_OK_AND_ASSIGN(auto store, OpenNodeStore(db));
  EXPECT_EQ(*store->SnapshotCount(), 1u);  // the torn commit is gone
  DN_ASSERT_OK_AND_ASSIGN(
      auto keeper, SignedStateKeeper::Open(file, store.get(), kOrigin, false));
  EXPECT_EQ(*store->SnapshotCount(), 2u);  // and back, exactly as signed
  DN_ASSERT_OK_AND_ASSIGN(auto log, AgencyLog::Load(*store, kOrigin));
  EXPECT_EQ(log->signed_checkpoint(), latest);
}

}  // namespace
}  // namespace disclosure::node
