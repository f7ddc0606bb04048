// node/storage, node/snapshot: publishing over a real RocksDB store, with
// every proof checked by core/, statistics versioning, content addressing,
// diffs, and reloading after a restart.
#include "node/snapshot/publisher.h"

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/periods.h"
#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/manifest.h"
#include "format/merkle_verify.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/snapshot_tree.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOrigin[] = "disclosure.test/agency/mof";

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
    signer_ = *Ed25519NoteSigner::Create(kOrigin, key);
    verifier_ = *NewNoteVerifier(signer_->vkey());
    Open();
  }
  void Open() {
    publisher_.reset();
    reader_.reset();
    log_.reset();
    keeper_.reset();
    store_.reset();
    store_ = *OpenNodeStore(dir_.File("db"));
    keeper_ = *SignedStateKeeper::Open(dir_.File("db.signed-checkpoint"),
                                       store_.get(), kOrigin, false);
    log_ = *AgencyLog::Load(*store_, kOrigin);
    PublisherOptions o;
    o.agency_id = "mof";
    o.validity = absl::Hours(72);
    o.statistics.agency_id = "mof";
    o.statistics.counting_rule = "rule";
    o.statistics.tracked_from = "2026-H1";
    o.statistics.small_count_threshold = threshold_;
    publisher_ = std::make_unique<Publisher>(
        store_.get(), log_.get(), keeper_.get(), signer_.get(), &clock_, o);
    reader_ = std::make_unique<SnapshotReader>(store_.get());
  }
  // The agency's profile and one database, and ten requests sent at
  // `sent` in one statistics row (stored, not yet published).
  std::vector<v1::ProviderRequestRecord> TenRecordsIn(absl::Time sent) {
    auto profile = SampleProfile("mof");
    EXPECT_TRUE(
        store_->WriteInventory(&profile, {SampleDatabase("mof", "tax-data")})
            .ok());
    std::vector<v1::ProviderRequestRecord> ten;
    for (int i = 0; i < 10; ++i) {
      ten.push_back(SampleRequest(absl::StrCat("q", i), sent));
    }
    EXPECT_TRUE(store_->AppendRequestRecords(ten).ok());
    return ten;
  }
  // Verifies the checkpoint of `summary` and returns it.
  Checkpoint VerifiedCheckpoint(const v1::node::SnapshotSummary& summary) {
    auto opened = OpenNote(summary.checkpoint(), {verifier_.get()});
    EXPECT_TRUE(opened.ok()) << opened.status();
    return *ParseCheckpoint(opened->text);
  }

  uint32_t threshold_ = 0;  // banding off unless a test sets it
  TempDir dir_;
  FakeClock clock_{
      absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0), TaipeiTime())};
  std::unique_ptr<Ed25519NoteSigner> signer_;
  std::unique_ptr<NoteVerifier> verifier_;
  std::unique_ptr<NodeStore> store_;
  std::unique_ptr<SignedStateKeeper> keeper_;
  std::unique_ptr<AgencyLog> log_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<SnapshotReader> reader_;
};

TEST_F(PublisherTest, RefusesWithoutProfile) {
  EXPECT_THAT(publisher_->Publish(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(PublisherTest, PublishesVerifiableSnapshots) {
  auto profile = SampleProfile("mof");
  DN_ASSERT_OK(store_->WriteInventory(
      &profile,
      {SampleDatabase("mof", "tax-data"), SampleDatabase("mof", "einvoice")}));
  auto draft = SampleDatabase("mof", "draft-db");
  draft.set_status(v1::ENTRY_STATUS_DRAFT);
  DN_ASSERT_OK(store_->WriteInventory(nullptr, {draft}));
  DN_ASSERT_OK(
      store_
          ->AppendRequestRecords({SampleRequest(
              "q1", absl::FromCivil(absl::CivilDay(2026, 3, 3), TaipeiTime()))})
          .status());

  DN_ASSERT_OK_AND_ASSIGN(auto s0, publisher_->Publish());
  EXPECT_EQ(s0.sequence(), 0u);
  // agency, db/einvoice, db/tax-data, stats/2026-H1 (draft left out).
  EXPECT_EQ(s0.entry_count(), 4u);
  Checkpoint cp = VerifiedCheckpoint(s0);
  EXPECT_EQ(cp.origin, kOrigin);
  EXPECT_EQ(cp.size, 1u);

  // Manifest is leaf 0 of the checkpoint; its root covers the entries.
  DN_ASSERT_OK_AND_ASSIGN(std::string manifest_bytes, store_->GetManifest(0));
  DN_ASSERT_OK_AND_ASSIGN(auto proof, log_->ManifestProof(0, 0));
  DN_EXPECT_OK(VerifyInclusion(0, 1, HashLeaf(manifest_bytes),
                               *HashesFromProto(proof.hashes(), 64), cp.root));
  DN_ASSERT_OK_AND_ASSIGN(auto manifest, ParseManifest(manifest_bytes));
  EXPECT_EQ(absl::ToUnixSeconds(
                absl::FromUnixSeconds(manifest.expires_at().seconds())) -
                manifest.issued_at().seconds(),
            72 * 3600);
  const Hash root = *HashFromBytes(manifest.entries_root());

  for (const char* key : {"agency", "db/tax-data", "stats/2026-H1"}) {
    DN_ASSERT_OK_AND_ASSIGN(auto r, reader_->GetEntry(0, key));
    ASSERT_TRUE(r.has_present()) << key;
    DN_ASSERT_OK_AND_ASSIGN(
        auto e, VerifyEntryProof(r.present(), root, manifest.entry_count()));
    EXPECT_EQ(e.key(), key);
  }
  DN_ASSERT_OK_AND_ASSIGN(auto absent, reader_->GetEntry(0, "db/draft-db"));
  ASSERT_TRUE(absent.has_absent());
  DN_EXPECT_OK(
      VerifyAbsenceProof(absent.absent(), root, manifest.entry_count()));

  auto stats = reader_->GetEntry(0, "stats/2026-H1");
  v1::DisclosureEntry se;
  ASSERT_TRUE(se.ParseFromString(stats->present().entry()));
  EXPECT_EQ(se.statistics().totals().requests(), 1);
  EXPECT_EQ(se.statistics().version(), 1);
}

TEST_F(PublisherTest, UnchangedEntriesAreStoredOnceAndLateRecordsBumpVersions) {
  auto profile = SampleProfile("mof");
  DN_ASSERT_OK(
      store_->WriteInventory(&profile, {SampleDatabase("mof", "tax-data")}));
  const absl::Time march =
      absl::FromCivil(absl::CivilDay(2026, 3, 3), TaipeiTime());
  DN_ASSERT_OK(
      store_->AppendRequestRecords({SampleRequest("q1", march)}).status());
  DN_ASSERT_OK_AND_ASSIGN(auto s0, publisher_->Publish());
  clock_.Advance(absl::Hours(24));
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());  // nothing changed
  EXPECT_EQ(s1.entries_root(), s0.entries_root());
  DN_ASSERT_OK_AND_ASSIGN(auto diff, reader_->Diff(0, 1));
  EXPECT_EQ(diff.added_keys_size() + diff.changed_keys_size() +
                diff.removed_keys_size(),
            0);

  // A late record for the closed half-year changes its statistics.
  DN_ASSERT_OK(
      store_->AppendRequestRecords({SampleRequest("q2", march)}).status());
  DN_ASSERT_OK_AND_ASSIGN(auto s2, publisher_->Publish());
  DN_ASSERT_OK_AND_ASSIGN(diff, reader_->Diff(1, 2));
  EXPECT_THAT(diff.changed_keys(), ElementsAre("stats/2026-H1"));
  auto r = reader_->GetEntry(2, "stats/2026-H1");
  v1::DisclosureEntry e;
  ASSERT_TRUE(e.ParseFromString(r->present().entry()));
  EXPECT_EQ(e.statistics().version(), 2);
  EXPECT_EQ(e.statistics().totals().requests(), 2);
  EXPECT_FALSE(e.statistics().correction_note().empty());

  // Withdrawal shows as withdrawn, and the tombstone stays.
  auto withdrawn = SampleDatabase("mof", "tax-data");
  withdrawn.set_status(v1::ENTRY_STATUS_WITHDRAWN);
  DN_ASSERT_OK(store_->WriteInventory(nullptr, {withdrawn}));
  DN_ASSERT_OK_AND_ASSIGN(auto s3, publisher_->Publish());
  DN_ASSERT_OK_AND_ASSIGN(diff, reader_->Diff(2, 3));
  EXPECT_THAT(diff.withdrawn_keys(), ElementsAre("db/tax-data"));
  EXPECT_TRUE(reader_->GetEntry(3, "db/tax-data")->has_present());

  // Consistency between every pair of published log sizes.
  Checkpoint c1 = VerifiedCheckpoint(s1), c3 = VerifiedCheckpoint(s3);
  DN_ASSERT_OK_AND_ASSIGN(auto cons, log_->Consistency(2, 4));
  DN_EXPECT_OK(VerifyConsistency(2, 4, c1.root, c3.root,
                                 *HashesFromProto(cons.hashes(), 128)));
}

TEST_F(PublisherTest, ChangesReproduceTheNewRoot) {
  auto profile = SampleProfile("mof");
  DN_ASSERT_OK(store_->WriteInventory(
      &profile, {SampleDatabase("mof", "a"), SampleDatabase("mof", "b"),
                 SampleDatabase("mof", "c")}));
  DN_ASSERT_OK(publisher_->Publish().status());
  auto changed = SampleDatabase("mof", "b");
  changed.mutable_description()->set_zh_tw("新的說明");
  DN_ASSERT_OK(
      store_->WriteInventory(nullptr, {changed, SampleDatabase("mof", "d")}));
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());

  // Rebuild snapshot 1 from snapshot 0's entries plus the changes.
  std::map<std::string, std::string> entries;
  DN_ASSERT_OK(
      reader_->ListEntries(0, 0, 2, 1 << 20, [&](const v1::node::EntryPage& p) {
        for (const std::string& e : p.entries())
          entries[ParseEntry(e)->key()] = e;
        return absl::OkStatus();
      }));
  int upserts = 0;
  DN_ASSERT_OK(
      reader_->Changes(0, 1, 100, 1 << 20, [&](const v1::node::ChangesPage& p) {
        for (const std::string& e : p.upserted_entries()) {
          entries[ParseEntry(e)->key()] = e;
          ++upserts;
        }
        for (const std::string& k : p.removed_keys()) entries.erase(k);
        return absl::OkStatus();
      }));
  EXPECT_EQ(upserts, 2);  // db/b changed, db/d added
  std::vector<std::string> sorted;
  for (auto& [k, v] : entries) sorted.push_back(v);
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree rebuilt, SnapshotTree::Build(sorted));
  EXPECT_EQ(ToString(rebuilt.root()), s1.entries_root());
}

// The listing reads entries in batches; from any start, across batches
// and pages, it gives every entry once, in tree order.
TEST_F(PublisherTest, ListsEveryEntryInOrderFromAnyStart) {
  auto profile = SampleProfile("mof");
  std::vector<v1::DatabaseEntry> dbs;
  for (int i = 0; i < 300; ++i)
    dbs.push_back(SampleDatabase("mof", absl::StrCat("db-", 1000 + i)));
  DN_ASSERT_OK(store_->WriteInventory(&profile, dbs));
  DN_ASSERT_OK_AND_ASSIGN(auto s0, publisher_->Publish());
  auto list = [&](uint64_t start, uint32_t page_size) {
    std::vector<std::string> out;
    uint64_t expected_first = start;
    EXPECT_TRUE(reader_
                    ->ListEntries(0, start, page_size, 1 << 20,
                                  [&](const v1::node::EntryPage& p) {
                                    EXPECT_EQ(p.first_index(), expected_first);
                                    expected_first += p.entries_size();
                                    for (const auto& e : p.entries())
                                      out.push_back(e);
                                    return absl::OkStatus();
                                  })
                    .ok());
    return out;
  };
  const std::vector<std::string> all = list(0, 1000);
  ASSERT_EQ(all.size(), s0.entry_count());
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree rebuilt, SnapshotTree::Build(all));
  EXPECT_EQ(ToString(rebuilt.root()), s0.entries_root());
  const std::vector<std::string> tail = list(7, 64);
  EXPECT_EQ(tail, std::vector<std::string>(all.begin() + 7, all.end()));
  EXPECT_TRUE(list(all.size(), 10).empty());
}

TEST_F(PublisherTest, ReloadsAfterRestart) {
  auto profile = SampleProfile("mof");
  DN_ASSERT_OK(store_->WriteInventory(&profile, {}));
  DN_ASSERT_OK(publisher_->Publish().status());
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());
  Open();
  EXPECT_EQ(log_->size(), 2u);
  EXPECT_EQ(log_->checkpoint(), s1.checkpoint());
  DN_ASSERT_OK_AND_ASSIGN(auto s2, publisher_->Publish());
  EXPECT_EQ(s2.sequence(), 2u);
}

TEST(NodeStoreTest, RequestRecordsAreImmutable) {
  TempDir dir;
  auto store = *OpenNodeStore(dir.File("db"));
  auto r = SampleRequest("r1", absl::FromUnixSeconds(1750000000));
  DN_ASSERT_OK_AND_ASSIGN(AppendResult a, store->AppendRequestRecords({r}));
  EXPECT_EQ(a.written, 1);
  DN_ASSERT_OK_AND_ASSIGN(AppendResult b, store->AppendRequestRecords({r}));
  EXPECT_EQ(b.duplicates, 1);
  auto changed = r;
  changed.set_outcome(v1::REQUEST_OUTCOME_REFUSED_BY_PROVIDER);
  auto r2 = SampleRequest("r2", absl::FromUnixSeconds(1750000000));
  EXPECT_THAT(store->AppendRequestRecords({r2, changed}),
              StatusIs(absl::StatusCode::kAlreadyExists));
  // Nothing of the rejected batch was written.
  int count = 0;
  DN_ASSERT_OK(
      store->ScanRequestRecords([&](absl::string_view, absl::string_view) {
        ++count;
        return absl::OkStatus();
      }));
  EXPECT_EQ(count, 1);
}

TEST(NodeStoreTest, AggregatesFollowImportsAndRebuildForAnotherPeriodKind) {
  TempDir dir;
  const absl::Time jan =
      absl::FromCivil(absl::CivilDay(2026, 1, 10), TaipeiTime());
  const absl::Time may =
      absl::FromCivil(absl::CivilDay(2026, 5, 10), TaipeiTime());
  {
    auto store = *OpenNodeStore(dir.File("db"));
    DN_ASSERT_OK(store
                     ->AppendRequestRecords(
                         {SampleRequest("b", jan), SampleRequest("a", may)})
                     .status());
    DN_ASSERT_OK(
        store->AppendRequestRecords({SampleRequest("c", jan)}).status());
    DN_ASSERT_OK_AND_ASSIGN(auto aggs, store->ListPeriodAggregates());
    ASSERT_EQ(aggs.size(), 1u);
    EXPECT_EQ(aggs[0].period(), "2026-H1");
    EXPECT_EQ(aggs[0].totals().requests(), 3);
    // Commitment order is import order.
    EXPECT_THAT(*store->PeriodRequestIds("2026-H1"),
                ElementsAre("b", "a", "c"));
  }
  auto store =
      *OpenNodeStore(dir.File("db"), v1::node::STATISTICS_PERIOD_QUARTER);
  DN_ASSERT_OK_AND_ASSIGN(auto aggs, store->ListPeriodAggregates());
  ASSERT_EQ(aggs.size(), 2u);
  EXPECT_EQ(aggs[0].period(), "2026-Q1");
  EXPECT_EQ(aggs[0].totals().requests(), 2);
  EXPECT_EQ(aggs[1].period(), "2026-Q2");
  EXPECT_THAT(*store->PeriodRequestIds("2026-Q1"), ElementsAre("b", "c"));
}

TEST(NodeStoreTest, SnapshotsMustBeAppendedInOrder) {
  TempDir dir;
  auto store = *OpenNodeStore(dir.File("db"));
  v1::node::SnapshotRecord record;
  EXPECT_THAT(store->CommitSnapshot(1, "m", record, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  DN_ASSERT_OK(store->CommitSnapshot(0, "m", record, {}));
  EXPECT_EQ(*store->SnapshotCount(), 1u);
  EXPECT_THAT(store->CommitSnapshot(0, "m", record, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

// The statistics entry of `period` in snapshot `sequence`.
v1::RequestStatistics StatisticsAt(SnapshotReader* reader, uint64_t sequence,
                                   const std::string& period) {
  v1::DisclosureEntry e;
  auto got = reader->GetEntry(sequence, "stats/" + period);
  EXPECT_TRUE(got.ok()) << got.status();
  if (got.ok()) {
    EXPECT_TRUE(e.ParseFromString(got->present().entry()));
  }
  return e.statistics();
}

// Imports `records` with `reasons` (one per record) in one import.
absl::StatusOr<AppendResult> ImportWithReasons(
    NodeStore* store, const std::vector<v1::ProviderRequestRecord>& records,
    const std::vector<std::string>& reasons, absl::Time now,
    std::vector<RecordConflict>* conflicts) {
  NodeStore::RequestImport import = store->BeginRequestImport();
  google::protobuf::RepeatedPtrField<v1::ProviderRequestRecord> r(
      records.begin(), records.end());
  google::protobuf::RepeatedPtrField<std::string> why(reasons.begin(),
                                                      reasons.end());
  absl::Status added =
      import.Add(r, why, 0, absl::ToUnixSeconds(now), conflicts);
  if (!added.ok()) return added;
  if (!conflicts->empty()) return absl::AlreadyExistsError("conflicts");
  return import.Commit();
}

// A correction is appended beside the original, replaces it in the counts
// (also when it moves the record to another period, and after the
// aggregates are rebuilt), and makes a new statistics version whose note
// gives its reason. Sending any stored version again changes nothing;
// other content without a reason, or a correction of an unknown id, is
// refused by record.
TEST_F(PublisherTest, CorrectionsMakeANewVersionAndKeepTheOriginal) {
  auto profile = SampleProfile("mof");
  DN_ASSERT_OK(
      store_->WriteInventory(&profile, {SampleDatabase("mof", "tax-data")}));
  const absl::Time march =
      absl::FromCivil(absl::CivilDay(2026, 3, 3), TaipeiTime());
  v1::ProviderRequestRecord pending = SampleRequest("q1", march);
  pending.set_outcome(v1::REQUEST_OUTCOME_PENDING);
  pending.clear_responded_at();
  DN_ASSERT_OK(store_->AppendRequestRecords({pending}).status());
  DN_ASSERT_OK(publisher_->Publish().status());

  v1::ProviderRequestRecord answered = pending;
  answered.set_outcome(v1::REQUEST_OUTCOME_PRODUCED_FULL);
  answered.mutable_responded_at()->set_seconds(
      absl::ToUnixSeconds(march + absl::Hours(24 * 30)));
  std::vector<RecordConflict> conflicts;
  DN_ASSERT_OK_AND_ASSIGN(
      AppendResult r,
      ImportWithReasons(store_.get(), {answered}, {"provider answered late"},
                        clock_.Now(), &conflicts));
  EXPECT_EQ(r.written, 1);
  EXPECT_EQ(r.corrected, 1);
  clock_.Advance(absl::Hours(1));
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());
  v1::DisclosureEntry e;
  ASSERT_TRUE(e.ParseFromString(
      reader_->GetEntry(s1.sequence(), "stats/2026-H1")->present().entry()));
  EXPECT_EQ(e.statistics().version(), 2);
  EXPECT_EQ(e.statistics().totals().requests(), 1);
  EXPECT_EQ(e.statistics().totals().requests_pending(), 0);
  EXPECT_EQ(e.statistics().totals().requests_data_produced(), 1);
  EXPECT_THAT(e.statistics().correction_note(),
              ::testing::HasSubstr("1 correction(s)"));
  EXPECT_THAT(e.statistics().correction_note(),
              ::testing::HasSubstr("provider answered late"));
  // Two leaves: the original and its correction.
  EXPECT_EQ(e.statistics().records_commitment().record_count(), 2);

  DN_ASSERT_OK_AND_ASSIGN(auto versions, store_->RequestVersions("q1"));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].record(), pending.SerializeAsString());
  EXPECT_EQ(versions[1].record(), answered.SerializeAsString());
  EXPECT_EQ(versions[1].reason(), "provider answered late");

  // Any stored version again: already present, with or without a reason.
  DN_ASSERT_OK_AND_ASSIGN(
      r, ImportWithReasons(store_.get(), {pending, answered},
                           {"", "provider answered late"}, clock_.Now(),
                           &conflicts));
  EXPECT_EQ(r.written, 0);
  EXPECT_EQ(r.duplicates, 2);

  // Other content without a reason; a correction of an unknown id.
  v1::ProviderRequestRecord refused = pending;
  refused.set_outcome(v1::REQUEST_OUTCOME_REFUSED_BY_PROVIDER);
  v1::ProviderRequestRecord unknown = SampleRequest("q9", march);
  EXPECT_FALSE(ImportWithReasons(store_.get(), {refused, unknown}, {"", "typo"},
                                 clock_.Now(), &conflicts)
                   .ok());
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].index, 0);
  EXPECT_THAT(conflicts[0].message.English(),
              ::testing::HasSubstr("correction_reason"));
  EXPECT_EQ(conflicts[1].index, 1);
  EXPECT_THAT(conflicts[1].message.English(),
              ::testing::HasSubstr("not stored yet"));

  // A correction of the date moves the record to the previous half-year.
  v1::ProviderRequestRecord earlier = answered;
  earlier.mutable_sent_at()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilDay(2025, 12, 30), TaipeiTime())));
  conflicts.clear();
  DN_ASSERT_OK(ImportWithReasons(store_.get(), {earlier}, {"date typed wrong"},
                                 clock_.Now(), &conflicts)
                   .status());
  DN_ASSERT_OK_AND_ASSIGN(auto aggregates, store_->ListPeriodAggregates());
  std::map<std::string, v1::node::PeriodAggregate> by_period;
  for (const auto& a : aggregates) by_period[a.period()] = a;
  EXPECT_EQ(by_period["2026-H1"].totals().requests(), 0);
  EXPECT_EQ(by_period["2026-H1"].rows_size(), 0);
  EXPECT_EQ(by_period["2025-H2"].totals().requests(), 1);
  EXPECT_EQ(by_period["2025-H2"].totals().requests_data_produced(), 1);
  EXPECT_EQ(by_period["2026-H1"].corrections_size(), 2);
  EXPECT_EQ(by_period["2025-H2"].corrections_size(), 1);

  // Rebuilding the aggregates from the stored records gives the same.
  store_.reset();
  publisher_.reset();
  reader_.reset();
  log_.reset();
  keeper_.reset();
  DN_ASSERT_OK(
      OpenNodeStore(dir_.File("db"), v1::node::STATISTICS_PERIOD_QUARTER)
          .status());
  Open();
  DN_ASSERT_OK_AND_ASSIGN(auto rebuilt, store_->ListPeriodAggregates());
  ASSERT_EQ(rebuilt.size(), aggregates.size());
  for (size_t i = 0; i < rebuilt.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        rebuilt[i], aggregates[i]))
        << rebuilt[i].DebugString() << aggregates[i].DebugString();
  }
}

// The leak a revision could open: ten records published in one row (count
// 10), then one corrected into a new row of 1, banded "1-4". Had the note
// said "1 correction" and the count gone to 11, the row below would be
// known to hold exactly 1. So once a version bands a row, this and every
// later version of the period withhold the record count and the number of
// corrections, even when the banded row later grows past the threshold.
TEST_F(PublisherTest, ARevisionNeverPinsABandedRowWithItsEarlierVersion) {
  threshold_ = 5;
  Open();
  const absl::Time march =
      absl::FromCivil(absl::CivilDay(2026, 3, 3), TaipeiTime());
  std::vector<v1::ProviderRequestRecord> ten = TenRecordsIn(march);
  DN_ASSERT_OK_AND_ASSIGN(auto s0, publisher_->Publish());
  v1::RequestStatistics v1s =
      StatisticsAt(reader_.get(), s0.sequence(), "2026-H1");
  ASSERT_EQ(v1s.rows_size(), 1);
  EXPECT_EQ(v1s.rows(0).counts().requests(), 10);
  EXPECT_EQ(v1s.records_commitment().record_count(), 10);

  v1::ProviderRequestRecord moved = ten[0];
  moved.mutable_legal_basis()->set_article("第31條");
  std::vector<RecordConflict> conflicts;
  DN_ASSERT_OK(ImportWithReasons(store_.get(), {moved}, {"wrong article"},
                                 clock_.Now(), &conflicts)
                   .status());
  clock_.Advance(absl::Hours(1));
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());
  v1::RequestStatistics v2s =
      StatisticsAt(reader_.get(), s1.sequence(), "2026-H1");
  ASSERT_EQ(v2s.rows_size(), 2);
  EXPECT_EQ(v2s.version(), 2);
  EXPECT_TRUE(v2s.records_commitment().record_count_withheld());
  EXPECT_EQ(v2s.records_commitment().record_count(), 0);
  EXPECT_THAT(v2s.correction_note(), HasSubstr("wrong article"));
  EXPECT_THAT(v2s.correction_note(), Not(ContainsRegex("[0-9]")));

  // The banded row grows to 5 and is shown; still no count, no number.
  std::vector<v1::ProviderRequestRecord> four;
  for (int i = 0; i < 4; ++i) {
    four.push_back(SampleRequest(absl::StrCat("late", i), march));
    four.back().mutable_legal_basis()->set_article("第31條");
  }
  DN_ASSERT_OK(ImportWithReasons(store_.get(), four, {"", "", "", ""},
                                 clock_.Now(), &conflicts)
                   .status());
  clock_.Advance(absl::Hours(1));
  DN_ASSERT_OK_AND_ASSIGN(auto s2, publisher_->Publish());
  v1::RequestStatistics v3s =
      StatisticsAt(reader_.get(), s2.sequence(), "2026-H1");
  EXPECT_EQ(v3s.version(), 3);
  for (const auto& row : v3s.rows()) EXPECT_FALSE(row.suppressed());
  EXPECT_TRUE(v3s.records_commitment().record_count_withheld());
  EXPECT_EQ(v3s.records_commitment().record_count(), 0);
  EXPECT_THAT(v3s.correction_note(), Not(ContainsRegex("[0-9]")));

  // Publishing again with nothing new changes nothing.
  clock_.Advance(absl::Hours(1));
  DN_ASSERT_OK_AND_ASSIGN(auto s3, publisher_->Publish());
  EXPECT_EQ(StatisticsAt(reader_.get(), s3.sequence(), "2026-H1").version(), 3);
}

// Banding on, but no version of the period ever banded a row: a revision
// states its corrections and record count as before.
TEST_F(PublisherTest, ARevisionOfAPeriodNeverBandedStatesItsCounts) {
  threshold_ = 5;
  Open();
  const absl::Time march =
      absl::FromCivil(absl::CivilDay(2026, 3, 3), TaipeiTime());
  std::vector<v1::ProviderRequestRecord> ten = TenRecordsIn(march);
  DN_ASSERT_OK(publisher_->Publish().status());
  v1::ProviderRequestRecord refused = ten[0];
  refused.set_outcome(v1::REQUEST_OUTCOME_REFUSED_BY_PROVIDER);
  std::vector<RecordConflict> conflicts;
  DN_ASSERT_OK(ImportWithReasons(store_.get(), {refused}, {"provider refused"},
                                 clock_.Now(), &conflicts)
                   .status());
  clock_.Advance(absl::Hours(1));
  DN_ASSERT_OK_AND_ASSIGN(auto s1, publisher_->Publish());
  v1::RequestStatistics v2s =
      StatisticsAt(reader_.get(), s1.sequence(), "2026-H1");
  EXPECT_EQ(v2s.version(), 2);
  EXPECT_EQ(v2s.records_commitment().record_count(), 11);
  EXPECT_THAT(v2s.correction_note(), HasSubstr("1 correction(s)"));
}

}  // namespace
}  // namespace disclosure::node
