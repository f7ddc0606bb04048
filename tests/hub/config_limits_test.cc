// Limits are deliberate: the node refuses a snapshot validity that would
// let a frozen node look current for long, and the hub's limits get their
// documented defaults and refuse values past the core limits.
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "hub/config/config_changes.h"
#include "hub/config/hub_config.h"
#include "node/config/node_config.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

TEST(NodeConfigLimitsTest, SnapshotValidityIsBounded) {
  TempDir dir;
  TestPki pki(dir.path());
  testing::NodeHarness node(dir.File("mof"), &pki, "mof");
  const auto parse = [&](uint32_t interval, uint32_t validity) {
    auto c = node.config();
    c.set_publish_interval_seconds(interval);
    c.set_snapshot_validity_seconds(validity);
    std::string text;
    google::protobuf::TextFormat::PrintToString(c, &text);
    return node::ParseNodeConfig(text, dir.path()).status();
  };
  EXPECT_THAT(parse(86'400, 3 * 86'400), testing::IsOk());
  EXPECT_THAT(parse(86'400, 126u * 86'400),  // 126 days
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("snapshot_validity_seconds")));
  EXPECT_THAT(parse(3'600, 11 * 3'600),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("publication intervals")));
}

TEST(HubConfigLimitsTest, DefaultsAndBounds) {
  TempDir dir;
  TestPki pki(dir.path());
  testing::HubHarness hub(dir.File("hub"), &pki);
  const auto& l = hub.config().limits();
  EXPECT_EQ(l.max_message_bytes(), 4u << 20);
  EXPECT_EQ(l.harvest_deadline_seconds(), 120u);
  EXPECT_EQ(l.max_small_reply_bytes(), 64u << 10);
  EXPECT_EQ(l.max_new_manifests_per_harvest(), 4096u);
  EXPECT_EQ(l.max_rotation_lookups(), 2u);
  EXPECT_EQ(l.max_snapshot_bytes(), uint64_t{64} << 20);
  EXPECT_EQ(l.max_linkages_per_entry(), 500u);
  EXPECT_EQ(l.max_snapshot_validity_seconds(), 7u * 86'400);
  EXPECT_EQ(l.max_clock_skew_seconds(), 300u);
  EXPECT_EQ(hub.config().admin_identity(),
            "spiffe://disclosure.test/hub/admin");
  const auto parse_with = [&](const std::string& limits) {
    auto c = hub.config();
    c.clear_limits();
    std::string text;
    google::protobuf::TextFormat::PrintToString(c, &text);
    return hub::ParseHubConfig(text + "limits { " + limits + " }", dir.path())
        .status();
  };
  EXPECT_THAT(parse_with("max_entry_bytes: 300000"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("limits.max_entry_bytes")));
  EXPECT_THAT(parse_with("max_small_reply_bytes: 1000"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("limits.max_small_reply_bytes")));
  EXPECT_THAT(
      parse_with("rpc_deadline_seconds: 60 harvest_deadline_seconds: 30"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("limits.harvest_deadline_seconds")));
}

// The link to criminal-investigation statistics is an https URL that
// cannot break out of the attribute it is written into.
TEST(HubConfigLinksTest, CriminalStatisticsUrlIsHttpsOnly) {
  TempDir dir;
  TestPki pki(dir.path());
  testing::HubHarness hub(dir.File("hub"), &pki);
  const auto parse_with = [&](const std::string& url) {
    auto c = hub.config();
    c.set_criminal_statistics_url(url);
    std::string text;
    google::protobuf::TextFormat::PrintToString(c, &text);
    return hub::ParseHubConfig(text, dir.path()).status();
  };
  EXPECT_THAT(parse_with("https://www.judicial.gov.tw/"), testing::IsOk());
  EXPECT_THAT(parse_with(""), testing::IsOk());
  for (const char* bad : {"http://www.judicial.gov.tw/", "javascript:alert(1)",
                          "https://x/\"><script>"}) {
    EXPECT_THAT(parse_with(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("criminal_statistics_url")))
        << bad;
  }
}

// Changesets for search replicas are bounded: each one is kept on disk.
TEST(HubConfigLimitsTest, SearchChangesetsAreBounded) {
  TempDir dir;
  TestPki pki(dir.path());
  testing::HubHarness hub(dir.File("hub"), &pki);
  const auto parse_with = [&](uint32_t n) {
    auto c = hub.config();
    c.set_search_changesets(n);
    std::string text;
    google::protobuf::TextFormat::PrintToString(c, &text);
    return hub::ParseHubConfig(text, dir.path()).status();
  };
  EXPECT_THAT(parse_with(0), testing::IsOk());
  EXPECT_THAT(parse_with(10000), testing::IsOk());
  EXPECT_THAT(parse_with(10001), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("search_changesets")));
}

// A reload applies the registry and the harvest interval; every other
// change needs a restart, and is named so the operator knows which.
TEST(HubConfigReloadTest, OnlyRegistryAndIntervalApplyWithoutRestart) {
  v1::hub::HubConfig before;
  before.set_harvest_interval_seconds(60);
  before.add_agencies()->set_agency_id("mof");
  v1::hub::HubConfig after = before;
  EXPECT_THAT(hub::FieldsNeedingRestart(before, after), ::testing::IsEmpty());
  after.set_harvest_interval_seconds(30);
  after.add_agencies()->set_agency_id("moi");
  EXPECT_THAT(hub::FieldsNeedingRestart(before, after), ::testing::IsEmpty());
  after.set_data_dir("/elsewhere");
  after.mutable_limits()->set_rpc_deadline_seconds(5);
  EXPECT_THAT(hub::FieldsNeedingRestart(before, after),
              ::testing::ElementsAre("data_dir", "limits"));
}

}  // namespace
}  // namespace disclosure
