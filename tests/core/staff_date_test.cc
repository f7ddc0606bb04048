// Dates as staff type them: every accepted form gives the same ISO date;
// ambiguous or impossible ones are refused with the forms to use.
#include "core/staff_date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace disclosure {
namespace {

TEST(StaffDateTest, EveryFormStaffTypeGivesTheIsoDate) {
  for (const char* text : {"2026-03-05",
                           "2026-3-5",
                           "2026/03/05",
                           "2026/3/5",
                           "2026.3.5",
                           "20260305",
                           "115/03/05",
                           "115/3/5",
                           "115-3-5",
                           "115.03.05",
                           "1150305",
                           "民國115年3月5日",
                           "中華民國115年3月5日",
                           "民國 115 年 3 月 5 日",
                           "115年3月5日",
                           "2026年3月5日",
                           "2026年03月05日",
                           "２０２６／３／５",
                           "１１５年３月５日",
                           "2026-03-05 00:00:00",
                           "2026/3/5 00:00",
                           "2026-03-05T00:00:00",
                           "  2026-03-05  "}) {
    absl::StatusOr<std::string> d = NormalizeStaffDate(text);
    ASSERT_TRUE(d.ok()) << text << ": " << d.status();
    EXPECT_EQ(*d, "2026-03-05") << text;
  }
  EXPECT_EQ(*NormalizeStaffDate("99/12/31"), "2010-12-31");
  EXPECT_EQ(*NormalizeStaffDate("113/2/29"), "2024-02-29");
}

TEST(StaffDateTest, AmbiguousOrImpossibleDatesAreRefusedWithTheForms) {
  const struct {
    const char* text;
    const char* why;
  } kCases[] = {
      {"03/05/2026", "day and month first"},
      {"5.3.2026", "day and month first"},
      {"3/5", "is not a date"},
      {"2026-02-30", "not a day of the calendar"},
      {"115/13/01", "not a day of the calendar"},
      {"114/2/29", "not a day of the calendar"},
      {"0/1/1", "out of range"},
      {"民國2026年3月5日", "four digits"},
      {"2026-03-05 14:30", "time of day"},
      {"tomorrow", "is not a date"},
      {"", "is not a date"},
      {"2026-03-05; 2026-03-06", "is not a date"},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<std::string> d = NormalizeStaffDate(c.text);
    ASSERT_FALSE(d.ok()) << c.text << " gave " << *d;
    EXPECT_THAT(std::string(d.status().message()), ::testing::HasSubstr(c.why))
        << c.text;
    EXPECT_THAT(std::string(d.status().message()),
                ::testing::HasSubstr("民國115年3月5日"))
        << c.text;
  }
}

}  // namespace
}  // namespace disclosure
