// The completeness rule: every Art. 3 right with a channel, a deadline and
// a fee, a reachable contact, no placeholder anywhere.
#include "core/coverage.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_inventory.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Names(
    const v1::DatabaseEntry& e,
    const google::protobuf::RepeatedPtrField<v1::RightsChannel>* defaults =
        nullptr) {
  std::vector<std::string> out;
  for (const MissingItem& m : MissingDisclosureItems(e, defaults))
    out.push_back(m.name);
  return out;
}

v1::DatabaseEntry Complete() {
  v1::DatabaseEntry e = testing::SampleDatabase("mohw-nhia", "nhi-claims");
  e.mutable_attested_by()->set_name("資訊組組長");
  e.set_source_url("https://www.nhi.gov.tw/privacy");
  return e;
}

void DropRight(v1::DatabaseEntry* e, v1::DataSubjectRight right) {
  auto* list = e->mutable_rights_channels();
  for (int i = list->size() - 1; i >= 0; --i)
    if (list->Get(i).right() == right) list->DeleteSubrange(i, 1);
}

TEST(CoverageTest, TheSampleDatabaseIsComplete) {
  EXPECT_THAT(Names(Complete()), IsEmpty());
}

// A withheld field or use (format 2) is stated, as withheld: the coverage
// report counts it apart, never as missing.
TEST(CoverageTest, WithheldIsNotMissing) {
  v1::DatabaseEntry e = Complete();
  e.clear_holding_basis();
  e.clear_rights_channels();
  e.clear_contact();
  EXPECT_THAT(Names(e), Contains("holding_basis"));
  EXPECT_THAT(Names(e), Contains("rights.copy"));
  EXPECT_THAT(Names(e), Contains("contact"));
  for (const char* f : {"contact", "holding_basis", "rights_channels"}) {
    v1::WithheldField* w = e.add_withheld_fields();
    w->set_field(f);
    *w->mutable_withholding() = testing::SampleWithholding(3);
  }
  v1::OutOfPurposeUse* use = e.add_out_of_purpose_uses();
  use->set_use_id("hidden");  // no approval body, no ground: withheld
  *use->mutable_withheld() = testing::SampleWithholding(1);
  EXPECT_THAT(Names(e), IsEmpty());
}

TEST(CoverageTest, EachArt3RightNeedsAChannel) {
  // The NHI page of the old sample: only opt-out and copy.
  v1::DatabaseEntry e = Complete();
  for (auto r :
       {v1::DATA_SUBJECT_RIGHT_QUERY_VIEW, v1::DATA_SUBJECT_RIGHT_CORRECT,
        v1::DATA_SUBJECT_RIGHT_STOP, v1::DATA_SUBJECT_RIGHT_DELETE})
    DropRight(&e, r);
  EXPECT_THAT(Names(e), Contains("rights.query_view"));
  EXPECT_THAT(Names(e), Contains("rights.correct"));
  EXPECT_THAT(Names(e), Contains("rights.stop"));
  EXPECT_THAT(Names(e), Contains("rights.delete"));
  EXPECT_THAT(Names(e), Not(Contains("rights.copy")));
}

TEST(CoverageTest, AgencyDefaultChannelsCount) {
  v1::DatabaseEntry e = Complete();
  DropRight(&e, v1::DATA_SUBJECT_RIGHT_QUERY_VIEW);
  const v1::AgencyProfile p = testing::SampleProfile("mohw-nhia");
  EXPECT_THAT(Names(e), Contains("rights.query_view"));
  EXPECT_THAT(Names(e, &p.default_rights_channels()),
              Not(Contains("rights.query_view")));
}

TEST(CoverageTest, AChannelWithoutAFeeIsIncomplete) {
  v1::DatabaseEntry e = Complete();
  for (auto& c : *e.mutable_rights_channels())
    if (c.right() == v1::DATA_SUBJECT_RIGHT_COPY) c.clear_fee();
  EXPECT_THAT(Names(e), Contains("rights.copy.fee"));
}

TEST(CoverageTest, TheContactMustBeReachable) {
  v1::DatabaseEntry e = Complete();
  e.mutable_contact()->clear_email();
  e.mutable_contact()->clear_phone();
  e.mutable_contact()->set_address("臺北市");
  EXPECT_THAT(Names(e), Contains("contact.reachable"));
}

TEST(CoverageTest, PlaceholdersAnywhereAreFound) {
  v1::DatabaseEntry e = Complete();
  e.mutable_specific_purposes(0)->set_note(
      "全民健康保險業務（官方代號待確認）");
  e.mutable_rights_channels(0)->mutable_where()->set_phone("02-0000-0000");
  e.mutable_attested_by()->set_name("（範例）");
  const auto names = Names(e);
  EXPECT_THAT(names, Contains("placeholder:specific_purposes.note"));
  EXPECT_THAT(names, Contains("placeholder:rights_channels.where.phone"));
  EXPECT_THAT(names, Contains("placeholder:attested_by.name"));
}

TEST(PlaceholderTest, Markers) {
  EXPECT_EQ(PlaceholderIn("官方代號待確認"), "待確認");
  EXPECT_EQ(PlaceholderIn("TBD"), "TBD");
  EXPECT_EQ(PlaceholderIn("see todo list"), "todo");
  EXPECT_EQ(PlaceholderIn("02-0000-0000"), "02-0000-0000");
  EXPECT_EQ(PlaceholderIn("(02) 1111 1111"), "(02) 1111 1111");
  EXPECT_EQ(PlaceholderIn("privacy@example.com"), "privacy@example.com");
  EXPECT_EQ(PlaceholderIn("https://agency.test/form"),
            "https://agency.test/form");
}

TEST(PlaceholderTest, RealValuesAreNotPlaceholders) {
  for (const char* real :
       {"0800-030-598", "02-2191-0011", "privacy@nhi.gov.tw",
        "https://www.nhi.gov.tw/", "Todos los datos", "全民健康保險法第79條",
        "https://www.example.gov.tw/privacy", "1-15日申請者當月20日生效"})
    EXPECT_EQ(PlaceholderIn(real), "") << real;
}

}  // namespace
}  // namespace disclosure
