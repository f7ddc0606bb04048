// node/stats: periods in Asia/Taipei (boundaries and time zones) and the
// aggregation of raw records into published statistics.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/periods.h"
#include "format/sha256.h"
#include "format/withholding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/stats/aggregator.h"
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
                             v1n::STATISTICS_PERIOD_HALF_YEAR)
                .label,
            "2026-H1");
  // 2026-07-01 00:00 in Taipei is 2026-06-30 16:00 UTC: already H2, though
  // the UTC date is still June 30.
  const absl::Time h2 = Taipei(2026, 7, 1);
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M", h2, absl::UTCTimeZone()),
            "2026-06-30 16:00");
  EXPECT_EQ(PeriodContaining(h2, v1n::STATISTICS_PERIOD_HALF_YEAR).label,
            "2026-H2");
  EXPECT_EQ(
      PeriodContaining(h2 - absl::Seconds(1), v1n::STATISTICS_PERIOD_HALF_YEAR)
          .label,
      "2026-H1");
  // New year in Taipei happens at 16:00 UTC on Dec 31.
  EXPECT_EQ(PeriodContaining(
                absl::FromCivil(absl::CivilSecond(2025, 12, 31, 16, 0, 0),
                                absl::UTCTimeZone()),
                v1n::STATISTICS_PERIOD_YEAR)
                .label,
            "2026");
}

TEST(PeriodsTest, KindsLabelsAndSuccession) {
  const absl::Time t = Taipei(2026, 8, 15);
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_QUARTER).label,
            "2026-Q3");
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_MONTH).label, "2026-08");
  EXPECT_EQ(PeriodContaining(t, v1n::STATISTICS_PERIOD_YEAR).label, "2026");
  Period h2 = PeriodContaining(t, v1n::STATISTICS_PERIOD_HALF_YEAR);
  EXPECT_EQ(h2.start, Taipei(2026, 7, 1));
  EXPECT_EQ(h2.end, Taipei(2027, 1, 1));
  EXPECT_EQ(NextPeriod(h2).label, "2027-H1");
  EXPECT_EQ(NextPeriod(*PeriodFromLabel("2026-12")).label, "2027-01");
  EXPECT_EQ(NextPeriod(*PeriodFromLabel("2026-Q4")).label, "2027-Q1");
  EXPECT_EQ(LastCompletedPeriod(t, v1n::STATISTICS_PERIOD_HALF_YEAR).label,
            "2026-H1");
  EXPECT_EQ(
      LastCompletedPeriod(Taipei(2026, 7, 1), v1n::STATISTICS_PERIOD_HALF_YEAR)
          .label,
      "2026-H1");
  EXPECT_THAT(
      PeriodFromLabel("2026-H3"),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

StatisticsOptions Options() {
  StatisticsOptions o;
  o.agency_id = "mof";
  o.counting_rule = "one letter counts once";
  return o;
}

// Aggregates `records` from scratch (no stored aggregates) and builds the
// statistics as publishing would at `now`.
std::map<std::string, v1::RequestStatistics> Aggregate(
    const std::vector<v1::ProviderRequestRecord>& records, absl::Time now,
    StatisticsOptions o = Options(),
    const std::string& secret = std::string(32, 's')) {
  PeriodAggregator a(o.period_kind, secret, [](const std::string&) {
    return absl::StatusOr<std::optional<v1n::PeriodAggregate>>(std::nullopt);
  });
  for (const auto& r : records)
    EXPECT_TRUE(a.Add(r, r.SerializeAsString()).ok());
  return *BuildStatistics(a.Export(), o, now);
}

TEST(AggregatorTest, GroupsCountsAndSkipsOpenPeriods) {
  auto r1 = SampleRequest("a1", Taipei(2026, 3, 1));
  auto r2 = SampleRequest("a2", Taipei(2026, 6, 30, 23, 59, 59));
  r2.set_outcome(v1::REQUEST_OUTCOME_NO_DATA);
  r2.add_data_types(v1::REQUESTED_DATA_TYPE_IP_LOGIN_LOGS);
  auto r3 = SampleRequest("a3", Taipei(2026, 7, 1));  // H2: still open
  auto stats = Aggregate({r1, r2, r3}, Taipei(2026, 11, 27));
  ASSERT_EQ(stats.count("2026-H1"), 1u);
  EXPECT_EQ(stats.count("2026-H2"), 0u);
  const v1::RequestStatistics& h1 = stats["2026-H1"];
  EXPECT_EQ(h1.reporting_status(), v1::REPORTING_STATUS_REPORTED);
  EXPECT_EQ(h1.totals().requests(), 2);
  EXPECT_EQ(h1.totals().identifiers_specified(), 4);
  EXPECT_EQ(h1.totals().requests_data_produced(), 1);
  EXPECT_EQ(h1.totals().requests_no_data(), 1);
  // One row (same legal basis, purpose, provider, urgency): each request
  // counts once; inside it, subscriber info (both requests) and IP logs
  // (one) overlap.
  ASSERT_EQ(h1.rows_size(), 1);
  EXPECT_EQ(h1.rows(0).counts().requests(), 2);
  ASSERT_EQ(h1.rows(0).data_types_size(), 2);
  EXPECT_EQ(h1.rows(0).data_types(0).data_type(),
            v1::REQUESTED_DATA_TYPE_SUBSCRIBER_INFO);
  EXPECT_EQ(h1.rows(0).data_types(0).requests(), 2);
  EXPECT_EQ(h1.rows(0).data_types(1).requests(), 1);
  EXPECT_EQ(h1.records_commitment().record_count(), 2);
  EXPECT_EQ(h1.records_commitment().root().size(), 32u);
  // Once H2 closes it is published too.
  EXPECT_EQ(Aggregate({r1, r2, r3}, Taipei(2027, 1, 1)).count("2026-H2"), 1u);
}

TEST(AggregatorTest, ZeroAndNotTrackedAreDifferent) {
  const absl::Time now = Taipei(2026, 11, 27);
  StatisticsOptions tracked = Options();
  tracked.tracked_from = "2025-H2";
  auto zero = Aggregate({}, now, tracked);
  ASSERT_EQ(zero.size(), 2u);  // 2025-H2 and 2026-H1
  EXPECT_EQ(zero["2025-H2"].reporting_status(), v1::REPORTING_STATUS_ZERO);
  EXPECT_EQ(zero["2026-H1"].reporting_status(), v1::REPORTING_STATUS_ZERO);
  auto untracked = Aggregate({}, now);
  ASSERT_EQ(untracked.size(), 1u);
  EXPECT_EQ(untracked["2026-H1"].reporting_status(),
            v1::REPORTING_STATUS_NOT_TRACKED);
}

TEST(AggregatorTest, CommitmentDependsOnSecretAndRecords) {
  const absl::Time now = Taipei(2026, 11, 27);
  auto root = [&](const std::string& secret, int records) {
    std::vector<v1::ProviderRequestRecord> rs;
    for (int i = 0; i < records; ++i) {
      rs.push_back(SampleRequest("r" + std::to_string(i), Taipei(2026, 2, 1)));
    }
    return Aggregate(rs, now, Options(), secret)["2026-H1"]
        .records_commitment()
        .root();
  };
  EXPECT_EQ(root("k1", 3), root("k1", 3));
  EXPECT_NE(root("k1", 3), root("k2", 3));  // salts differ
  EXPECT_NE(root("k1", 3), root("k1", 4));
}

TEST(AggregatorTest, ResumingFromStoredAggregatesEqualsOnePass) {
  const absl::Time now = Taipei(2026, 11, 27);
  std::vector<v1::ProviderRequestRecord> rs;
  for (int i = 0; i < 37; ++i) {
    rs.push_back(
        SampleRequest("r" + std::to_string(i), Taipei(2026, 1 + i % 6, 2)));
  }
  auto one_pass = Aggregate(rs, now);
  // Split in three imports, each resuming from what the previous stored.
  std::map<std::string, v1n::PeriodAggregate> stored;
  for (size_t begin = 0; begin < rs.size(); begin += 13) {
    PeriodAggregator a(
        Options().period_kind, std::string(32, 's'), [&](const std::string& p) {
          auto it = stored.find(p);
          return absl::StatusOr<std::optional<v1n::PeriodAggregate>>(
              it == stored.end()
                  ? std::nullopt
                  : std::optional<v1n::PeriodAggregate>(it->second));
        });
    for (size_t i = begin; i < std::min(rs.size(), begin + 13); ++i) {
      ASSERT_TRUE(a.Add(rs[i], rs[i].SerializeAsString()).ok());
    }
    for (auto& agg : a.Export()) stored[agg.period()] = agg;
  }
  std::vector<v1n::PeriodAggregate> all;
  for (auto& [p, agg] : stored) all.push_back(agg);
  auto resumed = *BuildStatistics(all, Options(), now);
  EXPECT_EQ(resumed["2026-H1"].SerializeAsString(),
            one_pass["2026-H1"].SerializeAsString());
}

TEST(AggregatorTest, CorruptStoredCommitmentIsNeverPublishedEmpty) {
  const absl::Time now = Taipei(2026, 11, 27);
  PeriodAggregator a(
      Options().period_kind, std::string(32, 's'), [](const std::string&) {
        return absl::StatusOr<std::optional<v1n::PeriodAggregate>>(
            std::nullopt);
      });
  ASSERT_TRUE(a.Add(SampleRequest("r1", Taipei(2026, 2, 2)),
                    SampleRequest("r1", Taipei(2026, 2, 2)).SerializeAsString())
                  .ok());
  std::vector<v1n::PeriodAggregate> stored = a.Export();
  ASSERT_EQ(stored.size(), 1u);
  stored[0].set_commitment_frontier(0, "short");
  auto built = BuildStatistics(stored, Options(), now);
  EXPECT_THAT(built.status(),
              testing::StatusIs(absl::StatusCode::kDataLoss,
                                ::testing::HasSubstr("2026-H1")));
}

TEST(AggregatorTest, SmallCountsAreBanded) {
  StatisticsOptions o = Options();
  o.small_count_threshold = 10;
  auto s = Aggregate({SampleRequest("x", Taipei(2026, 1, 5))},
                     Taipei(2026, 11, 27), o)["2026-H1"];
  ASSERT_EQ(s.rows_size(), 1);
  EXPECT_TRUE(s.rows(0).suppressed());
  EXPECT_EQ(s.rows(0).band(), "1-9");
  EXPECT_EQ(s.rows(0).counts().requests(), 0);
}

// Disclosure control that no subtraction undoes: whatever a banded row
// holds (1 to 9 requests, with any identifiers and outcomes), everything
// published is the same, so no combination of published numbers (totals,
// other rows, the record count) gives it back. Tried for each banded row
// of a table with several, and for a table with just one.
TEST(AggregatorTest, BandedCountsFollowFromNothingPublished) {
  StatisticsOptions o = Options();
  o.small_count_threshold = 10;
  // Groups by statute: "a" 25 requests, "b" and "c" banded (varied).
  const auto build = [&](int in_b, int in_c) {
    std::vector<v1::ProviderRequestRecord> records;
    int id = 0;
    for (const auto& [statute, n] : std::vector<std::pair<std::string, int>>{
             {"a", 25}, {"b", in_b}, {"c", in_c}}) {
      for (int i = 0; i < n; ++i, ++id) {
        v1::ProviderRequestRecord r = SampleRequest(
            absl::StrCat("r-", statute, "-", i), Taipei(2026, 2, 1 + i % 20));
        r.mutable_legal_basis()->set_statute(statute);
        r.set_identifiers_count(1 + (id * 7) % 5);
        if (id % 3 == 0) r.set_outcome(v1::REQUEST_OUTCOME_NO_DATA);
        records.push_back(r);
      }
    }
    v1::RequestStatistics st =
        Aggregate(records, Taipei(2026, 11, 27), o)["2026-H1"];
    st.mutable_records_commitment()->clear_root();  // a salted hash
    return st.SerializeAsString();
  };
  const std::string reference = build(1, 1);
  v1::RequestStatistics published;
  ASSERT_TRUE(published.ParseFromString(reference));
  EXPECT_FALSE(published.totals_include_suppressed());
  EXPECT_EQ(published.totals().requests(), 25);  // the visible row only
  EXPECT_TRUE(published.records_commitment().record_count_withheld());
  EXPECT_EQ(published.records_commitment().record_count(), 0);
  for (int b = 1; b <= 9; ++b) {
    for (int c = 1; c <= 9; ++c) {
      EXPECT_EQ(build(b, c), reference) << "b=" << b << " c=" << c;
    }
  }
  // One banded row alone (c = 0): still nothing to subtract from.
  const std::string single = build(1, 0);
  for (int b = 2; b <= 9; ++b) EXPECT_EQ(build(b, 0), single) << b;
  // No banded row: exact totals and record count.
  v1::RequestStatistics exact;
  ASSERT_TRUE(exact.ParseFromString(build(12, 0)));
  EXPECT_TRUE(exact.totals_include_suppressed());
  EXPECT_EQ(exact.totals().requests(), 37);
  EXPECT_EQ(exact.records_commitment().record_count(), 37);
}

// Withholding (format 2): a row matched by a decision is published with
// its keys and the decision, never its counts nor a band, and whatever it
// holds (any number of requests, 1 or 500), everything published is the
// same; the scope is stated.
TEST(AggregatorTest, WithheldRowsFollowFromNothingPublished) {
  StatisticsOptions o = Options();
  o.format_version = 2;
  o.small_count_threshold = 10;
  v1::node::StatisticsWithholding rule;
  rule.set_statute("w");
  rule.mutable_withholding()->set_gia_article18_item(1);
  rule.mutable_withholding()->set_deciding_unit("資訊室");
  rule.mutable_withholding()->set_review_date("2027-06-30");
  o.withholding.push_back(rule);
  const auto build = [&](int in_w) {
    std::vector<v1::ProviderRequestRecord> records;
    for (const auto& [statute, n] :
         std::vector<std::pair<std::string, int>>{{"a", 25}, {"w", in_w}}) {
      for (int i = 0; i < n; ++i) {
        v1::ProviderRequestRecord r = SampleRequest(
            absl::StrCat("r-", statute, "-", i), Taipei(2026, 2, 1 + i % 20));
        r.mutable_legal_basis()->set_statute(statute);
        records.push_back(r);
      }
    }
    v1::RequestStatistics st =
        Aggregate(records, Taipei(2026, 11, 27), o)["2026-H1"];
    st.mutable_records_commitment()->clear_root();  // a salted hash
    return st;
  };
  const v1::RequestStatistics published = build(1);
  EXPECT_EQ(published.scope(), v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  ASSERT_EQ(published.rows_size(), 2);
  const v1::RequestStatisticsRow& w = published.rows(1);
  EXPECT_EQ(w.legal_basis().statute(), "w");
  EXPECT_EQ(w.withheld().gia_article18_item(), 1);
  EXPECT_FALSE(w.has_counts());
  EXPECT_FALSE(w.suppressed());  // withheld, not banded: no range given
  EXPECT_TRUE(w.band().empty());
  EXPECT_EQ(w.data_types_size(), 0);
  EXPECT_FALSE(published.totals_include_suppressed());
  EXPECT_EQ(published.totals().requests(), 25);
  EXPECT_TRUE(published.records_commitment().record_count_withheld());
  EXPECT_THAT(StatisticsWithholdingProblems(published, 2),
              ::testing::IsEmpty());
  for (int n : {2, 9, 10, 500})
    EXPECT_EQ(build(n).SerializeAsString(), published.SerializeAsString()) << n;
  // Format 1 states no scope and withholds nothing by decision.
  o.format_version = 1;
  o.withholding.clear();
  EXPECT_EQ(build(30).scope(), v1::STATISTICS_SCOPE_UNSPECIFIED);
  EXPECT_FALSE(build(30).rows(1).has_withheld());
}

TEST(AggregatorTest, CommitterIsHmacThenSha256) {
  // Cross-check the precomputed-state HMAC against a plain computation.
  const std::string secret(32, 'k');
  RecordCommitter c(secret);
  Hash leaf = c.Leaf("id-1", "record");
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), 32,
       reinterpret_cast<const unsigned char*>("id-1"), 4, mac, &len);
  Sha256 sha;
  sha.Update(absl::string_view(reinterpret_cast<const char*>(mac), 32));
  sha.Update("record");
  EXPECT_EQ(leaf, sha.Finish());
}

}  // namespace
}  // namespace disclosure::node
