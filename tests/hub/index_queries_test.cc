// Every query of the hub's index on known data: statistics roll-ups whose
// rows add up to their totals for every grouping, banded rows counted but
// never summed
// (statistics made by the node's own aggregation, with multi-data-type
// requests and banding); coverage and the plan's milestones; and an
// agency's history with the changes between accepted snapshots.
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/index/agency_history.h"
#include "hub/index/disclosure_index.h"
#include "node/stats/aggregator.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::disclosure::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

absl::Time Taipei(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0), TaipeiTime());
}

// Statistics of `agency` for 2026-H1 from `n` varied records, made by the
// node's aggregation with banding below `threshold`.
v1::DisclosureEntry Statistics(const std::string& agency, int n,
                               uint32_t threshold, std::mt19937* rng) {
  node::StatisticsOptions o;
  o.agency_id = agency;
  o.counting_rule = "one letter to one provider counts once";
  o.small_count_threshold = threshold;
  node::PeriodAggregator a(
      o.period_kind, std::string(32, 's'), [](const std::string&) {
        return absl::StatusOr<std::optional<v1::node::PeriodAggregate>>(
            std::nullopt);
      });
  const std::vector<std::string> statutes = {"稅捐稽徵法", "食品安全衛生管理法",
                                             "藥事法"};
  for (int i = 0; i < n; ++i) {
    v1::ProviderRequestRecord r = testing::SampleRequest(
        absl::StrCat(agency, "-", i), Taipei(2026, 1 + (*rng)() % 6, 3));
    r.mutable_legal_basis()->set_statute(statutes[(*rng)() % statutes.size()]);
    r.set_provider_type((*rng)() % 2 ? v1::PROVIDER_TYPE_MOBILE_TELECOM
                                     : v1::PROVIDER_TYPE_E_COMMERCE);
    if ((*rng)() % 2) r.add_data_types(v1::REQUESTED_DATA_TYPE_IP_LOGIN_LOGS);
    if ((*rng)() % 3 == 0) r.set_outcome(v1::REQUEST_OUTCOME_NO_DATA);
    EXPECT_TRUE(a.Add(r, r.SerializeAsString()).ok());
  }
  auto built = node::BuildStatistics(a.Export(), o, Taipei(2026, 11, 27));
  EXPECT_TRUE(built.ok());
  v1::DisclosureEntry e;
  e.set_key("stats/2026-H1");
  *e.mutable_statistics() = (*built)["2026-H1"];
  return e;
}

// A sample database with every field the law asks for.
v1::DisclosureEntry CompleteDatabase(const std::string& agency,
                                     const std::string& id) {
  v1::DisclosureEntry e;
  e.set_key(absl::StrCat("db/", id));
  *e.mutable_database() = testing::SampleDatabase(agency, id);
  e.mutable_database()->mutable_attested_by()->set_name("資訊室主任");
  e.mutable_database()->mutable_attested_by()->set_role("個資保護聯絡窗口");
  e.mutable_database()->mutable_attested_by()->set_date("2026-10-01");
  e.mutable_database()->set_source_url(
      absl::StrCat("https://www.example.gov.tw/", agency, "/privacy/", id));
  EXPECT_EQ(MissingFields(e.database(), nullptr), "");
  return e;
}

void ExpectAddsUp(const v1h::GetStatisticsRollupResponse& r) {
  int64_t requests = 0;
  int64_t identifiers = 0;
  int64_t produced = 0;
  int64_t no_data = 0;
  for (const auto& row : r.rows()) {
    requests += row.counts().requests();
    identifiers += row.counts().identifiers_specified();
    produced += row.counts().requests_data_produced();
    no_data += row.counts().requests_no_data();
  }
  EXPECT_EQ(requests, r.totals().requests());
  EXPECT_EQ(identifiers, r.totals().identifiers_specified());
  EXPECT_EQ(produced, r.totals().requests_data_produced());
  EXPECT_EQ(no_data, r.totals().requests_no_data());
}

TEST(IndexQueriesTest, RollupsAddUpToTheSignedTotalsForEveryGrouping) {
  std::mt19937 rng(7);
  DisclosureIndex index;
  index.ReplaceAgency("mof", {Statistics("mof", 200, 0, &rng)});
  index.ReplaceAgency("mohw", {Statistics("mohw", 60, 10, &rng)});  // banded
  v1::DisclosureEntry zero;
  zero.set_key("stats/2026-H1");
  zero.mutable_statistics()->set_agency_id("moa");
  zero.mutable_statistics()->set_period("2026-H1");
  zero.mutable_statistics()->set_reporting_status(v1::REPORTING_STATUS_ZERO);
  index.ReplaceAgency("moa", {zero});
  const std::vector<std::vector<std::string>> groupings = {
      {},
      {"agency"},
      {"legal_basis"},
      {"purpose"},
      {"provider_type"},
      {"agency", "legal_basis", "provider_type"},
      {"period", "agency", "legal_basis", "purpose", "provider_type"}};
  for (const auto& by : groupings) {
    v1h::GetStatisticsRollupRequest req;
    for (const auto& g : by) req.add_group_by(g);
    v1h::GetStatisticsRollupResponse r = index.Rollup(req);
    // mof's 200 exactly; of mohw's 60, what is not in banded rows.
    EXPECT_GT(r.banded_rows(), 0);
    EXPECT_LT(r.totals().requests(), 260);
    EXPECT_GE(r.totals().requests() + r.banded_rows() * 9, 260);
    ExpectAddsUp(r);
    EXPECT_THAT(r.agencies_reported_zero(), ElementsAre("moa"));
  }
  // Banding withholds something in mohw only; mof's rows are all visible.
  v1h::GetStatisticsRollupRequest mof;
  mof.set_agency_id("mof");
  mof.add_group_by("legal_basis");
  v1h::GetStatisticsRollupResponse r = index.Rollup(mof);
  EXPECT_EQ(r.banded_rows(), 0);
  EXPECT_EQ(r.totals().requests(), 200);
  EXPECT_EQ(r.rows_size(), 3);  // one row per statute
  ExpectAddsUp(r);
}

TEST(IndexQueriesTest, CoverageCountsCompleteDatabasesAndLateAgencies) {
  DisclosureIndex index;
  std::vector<v1::DisclosureEntry> dbs;
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    dbs.push_back(CompleteDatabase("mohw", id));
  }
  dbs[4].mutable_database()->clear_retention();
  dbs[4].mutable_database()->clear_source_url();
  index.ReplaceAgency("mohw", dbs);
  std::mt19937 rng(1);
  for (const char* agency : {"mof", "moea", "moa"}) {
    index.ReplaceAgency(agency, {Statistics(agency, 5, 0, &rng)});
  }
  v1h::GetCoverageResponse c =
      index.Coverage({"mohw", "mof", "moea", "moa"}, "2026-H1");
  EXPECT_EQ(c.databases_total(), 5);
  EXPECT_EQ(c.databases_complete(), 4);
  EXPECT_EQ(c.missing_fields().at("mohw/e"), "retention, source_url");
  EXPECT_THAT(c.agencies_with_statistics(),
              UnorderedElementsAre("mof", "moea", "moa"));
  EXPECT_THAT(c.agencies_late(), ElementsAre("mohw"));
  ASSERT_EQ(c.milestones_size(), 2);
  EXPECT_FALSE(c.milestones(0).met());  // 4 of 5 complete databases
  EXPECT_EQ(c.milestones(0).actual(), 4);
  EXPECT_FALSE(c.milestones(1).met());  // 3 of 4 agencies
  // One more agency and one more complete database meet both.
  index.ReplaceAgency(
      "mohw", {dbs[0], dbs[1], dbs[2], dbs[3], Statistics("mohw", 5, 0, &rng)});
  index.ReplaceAgency("moi", {CompleteDatabase("moi", "f")});
  c = index.Coverage({"mohw", "mof", "moea", "moa", "moi"}, "2026-H1");
  EXPECT_TRUE(c.milestones(0).met());
  EXPECT_TRUE(c.milestones(1).met());
  EXPECT_THAT(c.agencies_late(), ElementsAre("moi"));
}

// At national scale most databases may lack something: the answer lists
// them a page at a time (a full list of 100,000 would pass gRPC's message
// limit), the counts still cover every database.
TEST(IndexQueriesTest, CoverageListsIncompleteDatabasesAPageAtATime) {
  DisclosureIndex index;
  std::vector<v1::DisclosureEntry> dbs;
  for (int i = 0; i < 1203; ++i) {
    dbs.push_back(CompleteDatabase("moi", absl::StrCat("db", 10000 + i)));
    if (i != 5) dbs.back().mutable_database()->clear_retention();
  }
  index.ReplaceAgency("moi", dbs);
  const v1h::GetCoverageResponse all = index.Coverage({"moi"}, "2026-H1");
  ASSERT_EQ(all.missing_fields_size(), 1202);
  v1h::GetCoverageRequest req;
  req.set_page_size(5000);  // at most 1000
  std::map<std::string, std::string> seen;
  std::vector<int> sizes;
  for (;;) {
    absl::StatusOr<v1h::GetCoverageResponse> page =
        index.CoveragePage({"moi"}, "2026-H1", req);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->databases_total(), 1203);
    EXPECT_EQ(page->databases_complete(), 1);
    sizes.push_back(page->missing_fields_size());
    for (const auto& [id, what] : page->missing_fields())
      EXPECT_TRUE(seen.emplace(id, what).second) << id << " twice";
    if (page->next_page_token().empty()) break;
    req.set_page_token(page->next_page_token());
  }
  EXPECT_THAT(sizes, ElementsAre(1000, 202));
  const std::map<std::string, std::string> expected(
      all.missing_fields().begin(), all.missing_fields().end());
  EXPECT_EQ(seen, expected);
  req.set_page_token("not-a-token");
  EXPECT_EQ(index.CoveragePage({"moi"}, "2026-H1", req).status().code(),
            absl::StatusCode::kInvalidArgument);
  req.clear_page_token();
  req.clear_page_size();
  EXPECT_EQ(index.CoveragePage({"moi"}, "2026-H1", req)->missing_fields_size(),
            500);
}

TEST(IndexQueriesTest, HistoryListsEveryManifestAndTheChangesBetweenAccepted) {
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  FakeClock clock(Taipei(2026, 11, 27));
  testing::HostileNode node(&pki, "mof");
  testing::HubHarness hub(dir.File("hub"), &pki);
  node.Publish(testing::SampleEntries("mof", {"tax", "einvoice"}), clock.Now(),
               absl::Hours(72));
  hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
  ASSERT_THAT(hub.Start(&clock), testing::IsOk());
  auto harvest = [&] { return hub.hub().harvester().HarvestAgency("mof"); };
  ASSERT_EQ(harvest().outcome, HarvestResult::kAccepted);  // sequence 0
  // Sequence 1 is never harvested; sequence 2 is.
  node.Publish(testing::SampleEntries("mof", {"tax"}), clock.Now(),
               absl::Hours(72));
  auto changed = testing::SampleEntries("mof", {"tax", "customs"});
  changed[1].mutable_database()->mutable_description()->set_zh_tw("新說明");
  node.Publish(changed, clock.Now(), absl::Hours(72));
  ASSERT_EQ(harvest().outcome, HarvestResult::kAccepted);

  auto history = AgencyHistory(hub.hub().store(), "mof", 0, 2);
  ASSERT_THAT(history.status(), testing::IsOk());
  ASSERT_EQ(history->snapshots_size(), 3);
  EXPECT_TRUE(history->snapshots(0).has_accepted_at());
  EXPECT_FALSE(history->snapshots(1).has_accepted_at());
  EXPECT_TRUE(history->snapshots(2).has_accepted_at());
  EXPECT_EQ(history->snapshots(2).entry_count(), 3u);
  EXPECT_THAT(history->added_keys(), ElementsAre("db/customs"));
  EXPECT_THAT(history->changed_keys(), ElementsAre("db/tax"));
  EXPECT_THAT(history->removed_keys(), ElementsAre("db/einvoice"));
  EXPECT_THAT(AgencyHistory(hub.hub().store(), "mof", 0, 1).status(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("accepted snapshots only")));
  EXPECT_THAT(AgencyHistory(hub.hub().store(), "moi", 0, 0).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace disclosure::hub
