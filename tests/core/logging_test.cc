// Log lines: text and JSON forms, and a log file reopened after logrotate
// moved it away.
#include "core/logging.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "core/file_util.h"
#include "tests/testing/test_data.h"

namespace disclosure {
namespace {

using ::testing::HasSubstr;

TEST(LoggingTest, TextLineHasTimeLevelComponentAndMessage) {
  EXPECT_EQ(FormatLogLine(LogFormat::kText, "2026-11-28T01:02:03.004Z",
                          LogLevel::kWarning, "hub", "agency mof: late"),
            "2026-11-28T01:02:03.004Z WARN hub: agency mof: late");
}

TEST(LoggingTest, JsonLineEscapesWhatJsonMust) {
  EXPECT_EQ(FormatLogLine(LogFormat::kJson, "T", LogLevel::kError, "node",
                          "say \"hi\"\\ \n\x01 衛福部"),
            "{\"time\":\"T\",\"level\":\"error\",\"component\":\"node\","
            "\"msg\":\"say \\\"hi\\\"\\\\ \\n\\u0001 衛福部\"}");
}

TEST(LoggingTest, FileIsReopenedAfterItWasMovedAway) {
  testing::TempDir dir;
  const std::string path = dir.File("hub.log");
  ASSERT_TRUE(SetLogFile(path).ok());
  LogLine("hub", "first");
  ASSERT_EQ(std::rename(path.c_str(), dir.File("hub.log.1").c_str()), 0);
  LogLine("hub", "second");  // still into the moved file
  ASSERT_TRUE(ReopenLogFile().ok());
  LogError("hub", "third");
  ASSERT_TRUE(SetLogFile("").ok());  // back to stderr for other tests
  const std::string old_file = *ReadFile(dir.File("hub.log.1"), 1 << 20);
  const std::string new_file = *ReadFile(path, 1 << 20);
  EXPECT_THAT(old_file, HasSubstr(" INFO hub: first\n"));
  EXPECT_THAT(old_file, HasSubstr(" INFO hub: second\n"));
  EXPECT_THAT(new_file, HasSubstr(" ERROR hub: third\n"));
  EXPECT_THAT(new_file, ::testing::Not(HasSubstr("first")));
  EXPECT_FALSE(SetLogFile(dir.File("missing/folder/x.log")).ok());
}

}  // namespace
}  // namespace disclosure
