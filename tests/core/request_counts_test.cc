// What a period with banded rows lets a reader conclude: ranges, never a
// bare lower bound.
#include "core/request_counts.h"

#include "gtest/gtest.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;

v1::RequestStatisticsRow* Row(v1::RequestStatistics* s, int64_t requests,
                              v1::ProviderType provider) {
  v1::RequestStatisticsRow* row = s->add_rows();
  row->set_provider_type(provider);
  row->mutable_counts()->set_requests(requests);
  return row;
}

v1::RequestStatisticsRow* Banded(v1::RequestStatistics* s,
                                 v1::ProviderType provider,
                                 const char* band = "1-9") {
  v1::RequestStatisticsRow* row = s->add_rows();
  row->set_provider_type(provider);
  row->set_suppressed(true);
  row->set_band(band);
  return row;
}

TEST(BandRangeTest, ParsesWellFormedBands) {
  ASSERT_TRUE(BandRange("1-9").has_value());
  EXPECT_EQ(BandRange("1-9")->low, 1);
  EXPECT_EQ(BandRange("1-9")->high, 9);
  EXPECT_EQ(BandRange("0-0")->high, 0);
}

TEST(BandRangeTest, RefusesMalformedBands) {
  for (const char* bad : {"", "9", "9-1", "-1-9", "a-b", "1-", "1-9-10"})
    EXPECT_FALSE(BandRange(bad).has_value()) << bad;
}

TEST(RequestsRangeTest, ExactWithoutBandedRows) {
  v1::RequestStatistics s;
  s.set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  Row(&s, 12, v1::PROVIDER_TYPE_ISP);
  Row(&s, 30, v1::PROVIDER_TYPE_FIXED_TELECOM);
  const auto r = RequestsRange(s);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->exact());
  EXPECT_EQ(FormatRange(*r), "42");
}

TEST(RequestsRangeTest, BandedRowsMakeARange) {
  // MOA's shape: 13 published, one banded row of 1-9: 14 to 22, not 13.
  v1::RequestStatistics s;
  s.set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  Row(&s, 13, v1::PROVIDER_TYPE_FIXED_TELECOM);
  Banded(&s, v1::PROVIDER_TYPE_ISP);
  EXPECT_EQ(FormatRange(*RequestsRange(s)), "14–22");
  // Three banded rows and nothing published: 3 to 27, never 0.
  v1::RequestStatistics all_banded;
  all_banded.set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  for (int i = 0; i < 3; ++i) Banded(&all_banded, v1::PROVIDER_TYPE_ISP);
  EXPECT_EQ(FormatRange(*RequestsRange(all_banded), "-"), "3-27");
}

TEST(RequestsRangeTest, SelectsRows) {
  v1::RequestStatistics s;
  s.set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  Row(&s, 13, v1::PROVIDER_TYPE_FIXED_TELECOM);
  Banded(&s, v1::PROVIDER_TYPE_ISP, "1-4");
  const auto isp = RequestsRange(s, [](const v1::RequestStatisticsRow& r) {
    return r.provider_type() == v1::PROVIDER_TYPE_ISP;
  });
  EXPECT_EQ(FormatRange(*isp), "1–4");
}

TEST(RequestsRangeTest, NothingToSayUnlessReportedAndWellFormed) {
  v1::RequestStatistics s;
  s.set_reporting_status(v1::REPORTING_STATUS_NOT_TRACKED);
  EXPECT_FALSE(RequestsRange(s).has_value());
  s.set_reporting_status(v1::REPORTING_STATUS_ZERO);
  EXPECT_FALSE(RequestsRange(s).has_value());
  s.set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  Banded(&s, v1::PROVIDER_TYPE_ISP, "some");
  EXPECT_FALSE(RequestsRange(s).has_value());
}

}  // namespace
}  // namespace disclosure
