// node/stats: periods in Asia/Taipei (boundaries and time zones) and the
// aggregation of raw records into published statistics.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/stats/aggregator.h"
#include "node/stats/periods.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::SampleRequest;

absl::Time Taipei(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), TaipeiTime());
}

TEST(PeriodsTest, BoundariesAreInTaipeiTime) {
  // 2026-06-30 23:59:59 in Taipei is 15:59:59 UTC: still H1.
  EXPECT_EQ(PeriodContaining(Taipei(2026, 6, 30, 23, 59, 59),
                             v1n::STATISTICS_PERIOD_HALF_YEAR).label,
            "2026-H1");
  // 2026-07-01 00:00 in Taipei is 2026-06-30 16:00 UTC: already H2, though
  // the UTC date is still June 30.
  const absl::Time h2 = Taipei(2026, 7, 1);
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M", h2, absl::UTCTimeZone()), "2026-06-30 16:00");
  EXPECT_EQ(PeriodContaining(h2, v1n::STATISTICS_PERIOD_HALF_YEAR).label, "2026-H2");
  EXPECT_EQ(PeriodContaining(h2 - absl::Seconds(1), v1n::STATISTICS_PERIOD_HALF_YEAR).label,
            "2026-H1");
  // New year in Taipei happens at 16:00 UTC on Dec 31.
  EXPECT_EQ(PeriodContaining(absl::FromCivil(absl::CivilSecond(2025, 12, 31, 16, 0, 0),
                                              absl::UTCTimeZone()),
                             v1n::STATISTICS_PERIOD_YEAR).label,
            "2026");
}

TEST(PeriodsTest, KindsLabelsAndSuccession) {
  const absl::Time t = Taipei(2026, 8, 15);
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_QUARTER).label, "2026-Q3");
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_MONTH).label, "2026-08");
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_YEAR).label, "2026");
  Period h2 = PeriodContaining(t, v1n::STATISTICS_PERIOD_HALF_YEAR);
  EXPECT_EQ(h2.start, Taipei(2026, 7, 1));
  EXPECT_EQ(h2.end, Taipei(2027, 1, 1));
  EXPECT_EQ(NextPeriod(h2).label, "2027-H1");
  EXPECT_EQ(NextPeriod(*PeriodFromLabel("2026-12")).label, "2027-01");
  EXPECT_EQ(NextPeriod(*PeriodFromLabel("2026-Q4")).label, "2027-Q1");
  EXPECT_EQ(LastCompletedPeriod(t, v1n::STATISTICS_PERIOD_HALF_YEAR).label, "2026-H1");
  EXPECT_EQ(LastCompletedPeriod(Taipei(2026, 7, 1), v1n::STATISTICS_PERIOD_HALF_YEAR).label,
            "2026-H1");
  EXPECT_FALSE(PeriodFromLabel("2026-H3").ok());
}

AggregatorOptions Options() {
  AggregatorOptions o;
  o.agency_id = "mof";
  o.counting_rule = "one letter counts once";
  return o;
}

void Add(StatisticsAggregator& a, const v1::ProviderRequestRecord& r) {
  ASSERT_THAT(a.Add(r.request_id(), r.SerializeAsString()), ::disclosure::testing::IsOk());
}

TEST(AggregatorTest, GroupsCountsAndSkipsOpenPeriods) {
  const absl::Time now = Taipei(2026, 11, 27);
  StatisticsAggregator a(Options(), std::string(32, 's'), now);
  auto r1 = SampleRequest("a1", Taipei(2026, 3, 1));
  auto r2 = SampleRequest("a2", Taipei(2026, 6, 30, 23, 59, 59));
  r2.set_outcome(v1::REQUEST_OUTCOME_NO_DATA);
  r2.add_data_types(v1::REQUESTED_DATA_TYPE_IP_LOGIN_LOGS);
  auto r3 = SampleRequest("a3", Taipei(2026, 7, 1));  // H2: still open
  Add(a, r1);
  Add(a, r2);
  Add(a, r3);
  EXPECT_EQ(a.records_seen(), 2);
  auto stats = a.Finish();
  ASSERT_EQ(stats.count("2026-H1"), 1u);
  EXPECT_EQ(stats.count("2026-H2"), 0u);
  const v1::RequestStatistics& h1 = stats["2026-H1"];
  EXPECT_EQ(h1.reporting_status(), v1::REPORTING_STATUS_REPORTED);
  EXPECT_EQ(h1.totals().requests(), 2);
  EXPECT_EQ(h1.totals().identifiers_specified(), 4);
  EXPECT_EQ(h1.totals().requests_data_produced(), 1);
  EXPECT_EQ(h1.totals().requests_no_data(), 1);
  // Two data-type rows: subscriber info (both requests), IP logs (one).
  ASSERT_EQ(h1.rows_size(), 2);
  EXPECT_EQ(h1.rows(0).data_type(), v1::REQUESTED_DATA_TYPE_SUBSCRIBER_INFO);
  EXPECT_EQ(h1.rows(0).counts().requests(), 2);
  EXPECT_EQ(h1.rows(1).counts().requests(), 1);
  EXPECT_EQ(h1.records_commitment().record_count(), 2);
  EXPECT_EQ(h1.records_commitment().root().size(), 32u);
}

TEST(AggregatorTest, ZeroAndNotTrackedAreDifferent) {
  const absl::Time now = Taipei(2026, 11, 27);
  AggregatorOptions tracked = Options();
  tracked.tracked_from = "2025-H2";
  auto zero = StatisticsAggregator(tracked, "secret", now).Finish();
  ASSERT_EQ(zero.size(), 2u);  // 2025-H2 and 2026-H1
  EXPECT_EQ(zero["2025-H2"].reporting_status(), v1::REPORTING_STATUS_ZERO);
  EXPECT_EQ(zero["2026-H1"].reporting_status(), v1::REPORTING_STATUS_ZERO);

  auto untracked = StatisticsAggregator(Options(), "secret", now).Finish();
  ASSERT_EQ(untracked.size(), 1u);
  EXPECT_EQ(untracked["2026-H1"].reporting_status(), v1::REPORTING_STATUS_NOT_TRACKED);
}

TEST(AggregatorTest, CommitmentDependsOnSecretAndRecords) {
  const absl::Time now = Taipei(2026, 11, 27);
  auto run = [&](const std::string& secret, int records) {
    StatisticsAggregator a(Options(), secret, now);
    for (int i = 0; i < records; ++i) {
      auto r = SampleRequest("r" + std::to_string(i), Taipei(2026, 2, 1));
      EXPECT_TRUE(a.Add(r.request_id(), r.SerializeAsString()).ok());
    }
    return a.Finish()["2026-H1"].records_commitment().root();
  };
  EXPECT_EQ(run("k1", 3), run("k1", 3));
  EXPECT_NE(run("k1", 3), run("k2", 3));  // salts differ
  EXPECT_NE(run("k1", 3), run("k1", 4));
}

TEST(AggregatorTest, SmallCountsAreBanded) {
  AggregatorOptions o = Options();
  o.small_count_threshold = 10;
  StatisticsAggregator a(o, "secret", Taipei(2026, 11, 27));
  Add(a, SampleRequest("x", Taipei(2026, 1, 5)));
  auto s = a.Finish()["2026-H1"];
  ASSERT_EQ(s.rows_size(), 1);
  EXPECT_TRUE(s.rows(0).suppressed());
  EXPECT_EQ(s.rows(0).band(), "1-9");
  EXPECT_EQ(s.rows(0).counts().requests(), 0);
}

TEST(AggregatorTest, CorruptRecordIsDataLoss) {
  StatisticsAggregator a(Options(), "secret", Taipei(2026, 11, 27));
  EXPECT_THAT(a.Add("bad", "\xff\xff\xff"),
              ::disclosure::testing::StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace disclosure::node
