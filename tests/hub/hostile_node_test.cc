// The hub against agencies that attack it with authentic material (their
// own key and certificate, tests/testing/hostile_node.h): every attack is
// refused with its typed reason, within a memory or call budget, without
// evidence unless two signed checkpoints conflict, and without holding up
// the other agencies.
#include "tests/testing/hostile_node.h"

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/storage/freshness.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "transport/peer_identity.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::disclosure::testing::HostileNode;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;
using Outcome = hub::HarvestResult::Outcome;
using hub::FailureKind;

std::vector<v1::DisclosureEntry> Entries(const std::string& agency,
                                         const std::vector<std::string>& dbs) {
  return testing::SampleEntries(agency, dbs);
}

// Resident memory of this process now, in MiB.
int64_t RssMiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) / 1024;
  }
  return 0;
}

// Peak resident memory of this process so far, in MiB.
int64_t PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

class HostileNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hostile_ = std::make_unique<HostileNode>(&pki_, "mof");
    honest_ = std::make_unique<HostileNode>(&pki_, "moi");
    hostile_->Publish(Entries("mof", {"tax-data", "einvoice"}), clock_.Now(),
                      absl::Hours(72));
    honest_->Publish(Entries("moi", {"id-photos"}), clock_.Now(),
                     absl::Hours(72));
    hub_.RegisterRaw("mof", hostile_->endpoint(), {hostile_->vkey()});
    hub_.RegisterRaw("moi", honest_->endpoint(), {honest_->vkey()});
  }
  void StartHub(bool schedule = false) {
    ASSERT_THAT(hub_.Start(clock_ptr_, schedule), testing::IsOk());
  }
  hub::HarvestResult Harvest(const std::string& id) {
    return hub_.hub().harvester().HarvestAgency(id);
  }
  v1h::AgencyState State(const std::string& id) {
    return **hub_.hub().store().GetAgency(id);
  }
  v1h::Freshness Freshness(const std::string& id) {
    return hub::FreshnessAt(State(id), absl::ToUnixSeconds(clock_ptr_->Now()))
        .freshness;
  }
  // Snapshot 1's changes streamed as `mode` (`flood` items): refused at the
  // first bad item, nothing accepted, memory bounded, and the honest stream
  // accepted afterwards.
  void ExpectChangesRefused(HostileNode::Mode mode, int64_t flood,
                            const std::string& reason) {
    StartHub();
    AcceptFirstThenPublish();
    hostile_->set_mode(mode);
    hostile_->set_flood(flood);
    const int64_t before = PeakRssMiB();
    hub::HarvestResult r = Harvest("mof");
    EXPECT_EQ(r.outcome, Outcome::kRefused);
    EXPECT_EQ(r.failure, FailureKind::kMalformed);
    EXPECT_THAT(r.detail, HasSubstr(reason));
    EXPECT_EQ(State("mof").log_size(), 1u);  // nothing of snapshot 1
    const int64_t growth = PeakRssMiB() - before;
    EXPECT_LT(growth, 64) << "peak RSS grew by " << growth << " MiB";
    RecordProperty("rss_growth_mib", static_cast<int>(growth));
    hostile_->set_mode(HostileNode::kHonest);
    EXPECT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  }
  // Accepts snapshot 0 of mof, then publishes snapshot 1 with a change.
  void AcceptFirstThenPublish() {
    ASSERT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
    hostile_->Publish(Entries("mof", {"tax-data", "einvoice", "customs"}),
                      clock_.Now(), absl::Hours(72));
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::UTCTimeZone())};
  const Clock* clock_ptr_ = &clock_;
  std::unique_ptr<HostileNode> hostile_;
  std::unique_ptr<HostileNode> honest_;
  HubHarness hub_{dir_.File("hub"), &pki_};
};

TEST_F(HostileNodeTest, HugeLogIsRefusedBeforeAnyManifestIsFetched) {
  StartHub();
  hostile_->set_mode(HostileNode::kHugeLog);
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_THAT(r.detail, HasSubstr("max_new_manifests_per_harvest"));
  EXPECT_EQ(hostile_->calls("GetManifest"), 0);
  EXPECT_LE(r.calls, 1);
  EXPECT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
}

TEST_F(HostileNodeTest, WholeHarvestHasAWallClockLimit) {
  // Every call answers just inside its own deadline; the harvest needs
  // three calls, so only the limit on the whole harvest stops it.
  auto* l = hub_.config().mutable_limits();
  l->set_rpc_deadline_seconds(2);
  l->set_harvest_deadline_seconds(2);
  hostile_->set_mode(HostileNode::kSlow);
  hostile_->set_delay(absl::Milliseconds(1500));
  StartHub();
  const absl::Time start = absl::Now();
  hub::HarvestResult r = Harvest("mof");
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(r.outcome, Outcome::kUnreachable);
  EXPECT_GE(took, absl::Seconds(2));
  // Without the whole-harvest limit its three calls would take 4.5 s and
  // it would go on to list entries; the bound leaves room for a loaded
  // machine (tests run two at a time on two cores).
  EXPECT_LT(took, absl::Milliseconds(3500)) << took;
  EXPECT_EQ(hostile_->calls("ListEntries"), 0);
  EXPECT_FALSE(State("mof").has_snapshot());
}

TEST_F(HostileNodeTest, UnknownSignersCostAtMostTwoRotationLookups) {
  StartHub();
  hostile_->set_mode(HostileNode::kUnknownSigners);
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kUnauthenticated);
  EXPECT_THAT(r.detail, HasSubstr("no signature by a known key"));
  EXPECT_LE(hostile_->calls("GetEntry"), 2);
  EXPECT_GE(hostile_->calls("GetEntry"), 1);
}

TEST_F(HostileNodeTest, DuplicateUpsertsAreRefusedAtOnce) {
  ExpectChangesRefused(HostileNode::kDuplicateUpserts, 250'000, "sent twice");
}

TEST_F(HostileNodeTest, RemovalsOfKeysNotHeldAreRefused) {
  ExpectChangesRefused(HostileNode::kPhantomRemovals, 500'000,
                       "which the hub does not hold");
}

TEST_F(HostileNodeTest, FloodOfLargeEntriesStopsAtTheFirstExtra) {
  hostile_->set_mode(HostileNode::kHugeEntries);
  hostile_->set_flood(2'500);  // about 500 MiB offered
  StartHub();
  const int64_t before = PeakRssMiB();
  const absl::Time start = absl::Now();
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_THAT(r.detail, HasSubstr("more entries sent than the 3"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_LT(PeakRssMiB() - before, 64);
}

TEST_F(HostileNodeTest, TooManyBytesAreRefusedBeforeBuffering) {
  // A snapshot that declares many entries: the byte budget stops it.
  std::vector<v1::DisclosureEntry> many = Entries("mof", {});
  for (int i = 0; i < 400; ++i) {
    many.push_back(Entries("mof", {absl::StrCat("db", i)})[1]);
  }
  hostile_->Publish(many, clock_.Now(), absl::Hours(72));
  hostile_->set_mode(HostileNode::kHugeEntries);
  hostile_->set_flood(2'500);
  hub_.config().mutable_limits()->set_max_snapshot_bytes(8 << 20);
  StartHub();
  const int64_t before = PeakRssMiB();
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_THAT(r.detail, HasSubstr("limits.max_snapshot_bytes"));
  EXPECT_LT(PeakRssMiB() - before, 64);
}

TEST_F(HostileNodeTest, OversizeReplyToASmallCallIsRefused) {
  StartHub();
  hostile_->set_mode(HostileNode::kOversizeReply);
  hostile_->set_flood(100 << 20);
  const int64_t before = RssMiB();
  const absl::Time start = absl::Now();
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  // The node double builds its 100 MiB reply in this process too, so the
  // hub's own memory is asserted where it runs alone:
  // HubProcessTest.PeakMemoryUnderEachResourceAttack.
  const int64_t grew = RssMiB() - before;
  RecordProperty("rss_growth_mib", static_cast<int>(grew));
  std::cerr << "resident memory after a refused 100 MiB reply: +" << grew
            << " MiB (hub and node double together)" << std::endl;
  EXPECT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
}

TEST_F(HostileNodeTest, SmallCallsHaveTheirOwnSmallLimit) {
  // 1 MiB is under the stream page limit (4 MiB) but far over what a
  // checkpoint may be: the small calls' own limit (64 KiB) refuses it.
  StartHub();
  hostile_->set_mode(HostileNode::kOversizeReply);
  hostile_->set_flood(1 << 20);
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_THAT(r.detail, HasSubstr("GetCheckpoint"));
}

TEST_F(HostileNodeTest, GarbledConsistencyProofIsARefusalNotEvidence) {
  StartHub();
  AcceptFirstThenPublish();
  hostile_->set_mode(HostileNode::kGarbledConsistency);
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_EQ(r.failure, FailureKind::kMalformed);
  EXPECT_THAT(r.detail, HasSubstr("consistency proof"));
  EXPECT_TRUE(hub_.hub().store().ListEvidence("mof")->empty());
  EXPECT_NE(Freshness("mof"), v1h::FRESHNESS_MISBEHAVING);
  hostile_->set_mode(HostileNode::kHonest);
  EXPECT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  EXPECT_EQ(Freshness("mof"), v1h::FRESHNESS_FRESH);
}

TEST_F(HostileNodeTest, SnapshotsFromTheFutureOrValidForDecadesAreRefused) {
  StartHub();
  ASSERT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  hostile_->Publish(Entries("mof", {"tax-data"}),
                    clock_.Now() + absl::Hours(24 * 365 * 10), absl::Hours(72));
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.failure, FailureKind::kBadTime);
  EXPECT_THAT(r.detail, HasSubstr("in the future"));

  HostileNode eternal(&pki_, "mohw");
  eternal.Publish(Entries("mohw", {"hwdc"}), clock_.Now(),
                  absl::Hours(24 * 365 * 126));
  hub_.RegisterRaw("mohw", eternal.endpoint(), {eternal.vkey()});
  StartHub();
  r = Harvest("mohw");
  EXPECT_EQ(r.failure, FailureKind::kBadTime);
  EXPECT_THAT(r.detail, HasSubstr("max_snapshot_validity_seconds"));
  EXPECT_FALSE(State("mohw").has_snapshot());
}

TEST_F(HostileNodeTest, LinkageFloodIsRefused) {
  std::vector<v1::DisclosureEntry> entries = Entries("mof", {"tax-data"});
  auto* db = entries[1].mutable_database();
  for (int i = 0; i < 1000; ++i) {
    *db->add_linkages() = db->linkages(0);
  }
  hostile_->Publish(entries, clock_.Now(), absl::Hours(72));
  StartHub();
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.failure, FailureKind::kOverLimit);
  EXPECT_THAT(r.detail, HasSubstr("limits.max_linkages_per_entry"));
}

TEST_F(HostileNodeTest, SignedNameIsShownBesideTheRegistryName) {
  std::vector<v1::DisclosureEntry> entries = Entries("mof", {"tax-data"});
  entries[0].mutable_agency_profile()->mutable_name()->set_zh_tw("內政部");
  hostile_->Publish(entries, clock_.Now(), absl::Hours(72));
  StartHub();
  ASSERT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  v1h::ListAgenciesResponse list;
  grpc::ClientContext ctx;
  ASSERT_TRUE(hub_.Index()->ListAgencies(&ctx, {}, &list).ok());
  for (const auto& a : list.agencies()) {
    if (a.agency_id() != "mof") continue;
    EXPECT_EQ(a.name().zh_tw(), "mof");  // the registry's
    EXPECT_EQ(a.signed_name().zh_tw(), "內政部");
  }
}

TEST_F(HostileNodeTest, MisbehavingStaysUntilAnOperatorClearsIt) {
  StartHub();
  ASSERT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  hostile_->set_mode(HostileNode::kFork);
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.failure, FailureKind::kFork);
  EXPECT_EQ(Freshness("mof"), v1h::FRESHNESS_MISBEHAVING);
  // The honest checkpoint again: unchanged, and still misbehaving.
  hostile_->set_mode(HostileNode::kHonest);
  EXPECT_EQ(Harvest("mof").outcome, Outcome::kUnchanged);
  EXPECT_EQ(Freshness("mof"), v1h::FRESHNESS_MISBEHAVING);
  // Only the hub admin identity may clear it, and only with a reason.
  v1h::ClearMisbehavingRequest req;
  req.set_agency_id("mof");
  v1h::ClearMisbehavingResponse resp;
  {
    grpc::ClientContext ctx;
    req.set_reason("checked");
    auto wrong = hub_.Admin(HubIdentity(testing::kTrustDomain));
    EXPECT_EQ(wrong->ClearMisbehaving(&ctx, req, &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  const std::string admin = HubIdentity(testing::kTrustDomain) + "/admin";
  auto stub = hub_.Admin(admin);
  {
    grpc::ClientContext ctx;
    req.set_reason("");
    EXPECT_EQ(stub->ClearMisbehaving(&ctx, req, &resp).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  grpc::ClientContext ctx;
  req.set_reason("the agency restored its store from the right backup");
  ASSERT_TRUE(stub->ClearMisbehaving(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.state().clearances_size(), 1);
  EXPECT_EQ(resp.state().clearances(0).cleared_by(), admin);
  EXPECT_THAT(resp.state().clearances(0).misbehaving_reason(),
              HasSubstr("fork"));
  EXPECT_EQ(Freshness("mof"), v1h::FRESHNESS_FRESH);
  EXPECT_EQ(hub_.hub().store().ListEvidence("mof")->size(), 1u);  // kept
  grpc::ClientContext again;
  EXPECT_EQ(stub->ClearMisbehaving(&again, req, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// The status of one paged call `method` of `stub` given `token`.
template <typename Request, typename Response, typename Stub>
grpc::StatusCode WithPageToken(
    Stub* stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                 Response*),
    const std::string& token) {
  grpc::ClientContext ctx;
  Request req;
  req.set_page_token(token);
  Response resp;
  return (stub->*method)(&ctx, req, &resp).error_code();
}

TEST_F(HostileNodeTest, MalformedPageTokensAreInvalidArguments) {
  StartHub();
  auto index = hub_.Index();
  using Stub = v1h::IndexService::Stub;
  for (const std::string token :
       {"garbage", "18446744073709551615", "-1", " 5", "1e3"}) {
    EXPECT_EQ(WithPageToken(index.get(), &Stub::SearchDatabases, token),
              grpc::StatusCode::INVALID_ARGUMENT)
        << token;
    EXPECT_EQ(WithPageToken(index.get(), &Stub::GetLinkageGraph, token),
              grpc::StatusCode::INVALID_ARGUMENT)
        << token;
    EXPECT_EQ(WithPageToken(index.get(), &Stub::GetCoverage, token),
              grpc::StatusCode::INVALID_ARGUMENT)
        << token;
  }
  // No token asks for the first page; with nothing harvested, it is the
  // last.
  grpc::ClientContext ctx;
  v1h::GetCoverageResponse coverage;
  EXPECT_TRUE(index->GetCoverage(&ctx, {}, &coverage).ok());
  EXPECT_EQ(coverage.next_page_token(), "");
}

// With the schedule running on the real clock: a node that answers every
// call after a minute holds up no other agency, and shutdown cancels it.
class HostileScheduleTest : public HostileNodeTest {
 protected:
  void SetUp() override {
    clock_ptr_ = &real_;
    hostile_ = std::make_unique<HostileNode>(&pki_, "mof");
    honest_ = std::make_unique<HostileNode>(&pki_, "moi");
    hostile_->Publish(Entries("mof", {"tax-data"}), real_.Now(),
                      absl::Hours(72));
    honest_->Publish(Entries("moi", {"id-photos"}), real_.Now(),
                     absl::Hours(72));
    hub_.RegisterRaw("mof", hostile_->endpoint(), {hostile_->vkey()});
    hub_.RegisterRaw("moi", honest_->endpoint(), {honest_->vkey()});
    hub_.config().set_harvest_interval_seconds(1);
    auto* l = hub_.config().mutable_limits();
    l->set_rpc_deadline_seconds(5);
    l->set_harvest_deadline_seconds(8);
  }
  RealClock real_;
};

TEST_F(HostileScheduleTest, StallingNodeDelaysNoOtherAgency) {
  hostile_->set_mode(HostileNode::kSlow);
  hostile_->set_delay(absl::Seconds(60));
  StartHub(/*schedule=*/true);
  // Wait for moi's first acceptance, then publish and time the next one.
  const auto accepted = [&](uint64_t size) {
    auto s = hub_.hub().store().GetAgency("moi");
    return s.ok() && s->has_value() && (*s)->log_size() >= size;
  };
  for (int i = 0; i < 100 && !accepted(1); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(accepted(1));
  absl::Duration worst;
  for (int round = 0; round < 3; ++round) {
    honest_->Publish(Entries("moi", {"id-photos", absl::StrCat("x", round)}),
                     real_.Now(), absl::Hours(72));
    const absl::Time published = absl::Now();
    while (!accepted(2 + round) &&
           absl::Now() - published < absl::Seconds(20)) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    ASSERT_TRUE(accepted(2 + round));
    worst = std::max(worst, absl::Now() - published);
  }
  RecordProperty("worst_delay_ms",
                 static_cast<int>(absl::ToInt64Milliseconds(worst)));
  std::cerr << "longest delay of moi's acceptance while mof stalls: " << worst
            << std::endl;
  EXPECT_LT(worst, absl::Seconds(5));  // the interval (1 s) plus load
  // Shutdown with mof's call in flight.
  const absl::Time stop = absl::Now();
  hub_.Stop();
  EXPECT_LT(absl::Now() - stop, absl::Seconds(5));
}

}  // namespace
}  // namespace disclosure
