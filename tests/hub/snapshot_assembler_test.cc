// hub/harvest/snapshot_assembler: what the hub refuses in a snapshot's
// entries whatever the signature says; here, statistics of a period that
// has not ended by the hub's clock (a node whose clock ran ahead would
// otherwise publish "no requests" for months still to come).
#include "hub/harvest/snapshot_assembler.h"

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "core/periods.h"
#include "disclosure/v1/entry.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure::hub {
namespace {

using ::disclosure::testing::StatusIs;
using ::testing::HasSubstr;

std::string StatisticsEntry(const std::string& period) {
  disclosure::v1::DisclosureEntry e;
  e.set_key("stats/" + period);
  e.mutable_statistics()->set_agency_id("mof");
  e.mutable_statistics()->set_period(period);
  return e.SerializeAsString();
}

std::unique_ptr<SnapshotAssembler> Assembler(absl::Time now) {
  disclosure::v1::SnapshotManifest manifest;
  manifest.set_entry_count(2);
  ContentLimits limits;
  limits.statistics_ended_by = now;
  return std::make_unique<SnapshotAssembler>("mof", manifest, limits);
}

TEST(SnapshotAssemblerTest, StatisticsOfAPeriodNotYetOverAreRefused) {
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 12, 6, 10, 0, 0), TaipeiTime());
  auto a = Assembler(now);
  DN_EXPECT_OK(a->AddListed(StatisticsEntry("2026-H1")));
  EXPECT_THAT(a->AddListed(StatisticsEntry("2026-H2")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("has not ended yet")));
  // The same period is accepted once it is over.
  auto later = Assembler(
      absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 0, 1), TaipeiTime()));
  DN_EXPECT_OK(later->AddListed(StatisticsEntry("2026-H2")));
}

// A signed entry against its format's rules is refused, whatever the
// signature: withholding in a format 1 snapshot (an older reader would show
// the withheld field as missing), or a withheld field still filled in.
TEST(SnapshotAssemblerTest, WithholdingOnlyInFormat2AndReallyWithheld) {
  disclosure::v1::DisclosureEntry e;
  e.set_key("db/tax");
  auto* db = e.mutable_database();
  db->set_database_id("tax");
  db->set_agency_id("mof");
  auto* w = db->add_withheld_fields();
  w->set_field("record_sources");
  w->mutable_withholding()->set_gia_article18_item(3);
  w->mutable_withholding()->set_deciding_unit("資訊室");
  w->mutable_withholding()->set_review_date("2027-06-30");
  const auto assembler = [](uint32_t format) {
    disclosure::v1::SnapshotManifest manifest;
    manifest.set_format_version(format);
    manifest.set_entry_count(1);
    return std::make_unique<SnapshotAssembler>("mof", manifest,
                                               ContentLimits{});
  };
  EXPECT_THAT(assembler(1)->AddListed(e.SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("needs snapshot format 2")));
  DN_EXPECT_OK(assembler(2)->AddListed(e.SerializeAsString()));
  db->mutable_record_sources()->set_zh_tw("健保署");
  EXPECT_THAT(assembler(2)->AddListed(e.SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry db/tax: record_sources")));
}

}  // namespace
}  // namespace disclosure::hub
