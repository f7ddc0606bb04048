// node/validation: every rule of docs/domain.md, one broken at a time, and the
// report listing every problem.
#include "node/validation/validator.h"

#include <string>

#include "core/periods.h"
#include "core/vocabulary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::SampleWithholding;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 27, 12, 0, 0), TaipeiTime());

MATCHER_P2(Problem, field, reason, "") {
  return arg.field() == field && arg.reason().find(reason) != std::string::npos;
}

class ValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vocab_.specific_purposes =
        *Vocabulary::Parse(testing::SamplePurposesCsv(), "p");
    vocab_.data_categories =
        *Vocabulary::Parse(testing::SampleCategoriesCsv(), "c");
  }
  Problems Check(const v1::DatabaseEntry& e, uint32_t format_version = 1) {
    Problems out;
    InventoryValidator(agency_, &vocab_, format_version)
        .CheckDatabaseEntry(e, 0, nullptr, kNow, &out);
    return out;
  }
  std::string agency_ = "moi";
  Vocabularies vocab_;
};

TEST_F(ValidatorTest, SampleIsValid) {
  EXPECT_THAT(Check(SampleDatabase(agency_, "id-photos")), IsEmpty());
  Problems out;
  InventoryValidator(agency_, &vocab_)
      .CheckAgencyProfile(SampleProfile(agency_), 0, kNow, &out);
  EXPECT_THAT(out, IsEmpty());
  Problems req;
  CheckRequestRecord(SampleRequest("r1", absl::FromUnixSeconds(1750000000)), 0,
                     absl::FromUnixSeconds(1790000000), &req);
  EXPECT_THAT(req, IsEmpty());
}

// Explicit withholding (format 2): what is withheld is not required, the
// ground is checked, and a node writing format 1 refuses it.
TEST_F(ValidatorTest, WithheldFieldsAreStatedNotMissing) {
  auto e = SampleDatabase(agency_, "x");
  for (const char* f : {"holding_basis", "record_sources", "retention"}) {
    v1::WithheldField* w = e.add_withheld_fields();
    w->set_field(f);
    *w->mutable_withholding() = SampleWithholding(3);
  }
  e.clear_holding_basis();
  e.clear_record_sources();
  e.clear_retention();
  EXPECT_THAT(Check(e, 2), IsEmpty());
  EXPECT_THAT(Check(e, 1),
              Contains(Problem("withheld_fields", "needs snapshot format 2")));
  e.mutable_withheld_fields(0)->mutable_withholding()->set_gia_article18_item(
      12);
  EXPECT_THAT(Check(e, 2), Contains(Problem("withheld_fields[0].withholding."
                                            "gia_article18_item",
                                            "not an item of")));
  // Withheld but still filled in: refused, nothing half-withheld.
  e = SampleDatabase(agency_, "x");
  v1::WithheldField* w = e.add_withheld_fields();
  w->set_field("retention");
  *w->mutable_withholding() = SampleWithholding(3);
  EXPECT_THAT(Check(e, 2),
              Contains(Problem("retention", "withheld but also filled in")));
}

TEST_F(ValidatorTest, AWithheldUseOrLinkageNeedsNothingElse) {
  auto e = SampleDatabase(agency_, "x");
  v1::OutOfPurposeUse* u = e.add_out_of_purpose_uses();
  u->set_use_id("secret");
  *u->mutable_withheld() = SampleWithholding(1);
  *e.add_linkages()->mutable_withheld() = SampleWithholding(2);
  EXPECT_THAT(Check(e, 2), IsEmpty());
  v1::OutOfPurposeUse* named = e.add_out_of_purpose_uses();
  *named = e.out_of_purpose_uses(0);
  named->set_use_id("named");
  named->clear_withheld();
  named->mutable_purpose()->set_zh_tw("研究");
  named->set_legal_ground(v1::LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH);
  named->set_identifiability(v1::IDENTIFIABILITY_DE_IDENTIFIED);
  named->set_access_mode(v1::ACCESS_MODE_ONSITE_ENCLAVE);
  named->set_approval_body("審查會");
  named->set_valid_from("2026-01-01");
  named->set_status(v1::USE_STATUS_ACTIVE);
  named->clear_recipient_name();
  named->clear_recipient_type();
  *named->mutable_recipient_withheld() = SampleWithholding(1);
  EXPECT_THAT(Check(e, 2), IsEmpty());
}

TEST_F(ValidatorTest, UnknownCodesAreRejected) {
  auto e = SampleDatabase(agency_, "x");
  e.mutable_specific_purposes(0)->set_code("999");
  e.mutable_data_categories(0)->set_code("C999");
  Problems p = Check(e);
  EXPECT_THAT(p, Contains(Problem("specific_purposes[0].code",
                                  "not in the specific purpose list")));
  EXPECT_THAT(p, Contains(Problem("data_categories[0].code",
                                  "not in the data category list")));
  // No code but a description in words is allowed (PDPA Art. 53 list).
  e = SampleDatabase(agency_, "x");
  e.mutable_specific_purposes(0)->set_code("");
  e.mutable_specific_purposes(0)->set_note("全民健康保險業務");
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST_F(ValidatorTest, ConsentGroundNeedsConsentDescription) {
  auto e = SampleDatabase(agency_, "x");
  e.mutable_out_of_purpose_uses(0)->set_legal_ground(
      v1::LEGAL_GROUND_ART16_7_CONSENT);
  EXPECT_THAT(Check(e), Contains(Problem("out_of_purpose_uses[0].consent",
                                         "ground is consent")));
  auto* consent = e.mutable_out_of_purpose_uses(0)->mutable_consent();
  consent->set_form(v1::Consent::FORM_WRITTEN);
  consent->set_obtained_how("書面同意書");
  EXPECT_THAT(Check(e), Contains(Problem(
                            "out_of_purpose_uses[0].consent.withdrawal_channel",
                            "required")));
  consent->set_withdrawal_channel("臨櫃撤回");
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST_F(ValidatorTest, ExpressLawGroundNeedsSpecificLaw) {
  auto e = SampleDatabase(agency_, "x");
  e.mutable_out_of_purpose_uses(0)->set_legal_ground(
      v1::LEGAL_GROUND_ART16_1_EXPRESSLY_PROVIDED_BY_LAW);
  EXPECT_THAT(Check(e), Contains(Problem("out_of_purpose_uses[0].specific_law",
                                         "expressly provides")));
  e.mutable_out_of_purpose_uses(0)->add_specific_law()->set_statute(
      "稅捐稽徵法");
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST_F(ValidatorTest, StatutoryDeadlinesOfArticle13) {
  auto e = SampleDatabase(agency_, "x");
  ASSERT_EQ(e.rights_channels(1).right(), v1::DATA_SUBJECT_RIGHT_COPY);
  e.mutable_rights_channels(1)->set_deadline_days(30);  // Art. 10: 15 days
  EXPECT_THAT(Check(e),
              Contains(Problem("rights_channels[1].deadline_days", "1 to 15")));
  e = SampleDatabase(agency_, "x");
  ASSERT_EQ(e.rights_channels(2).right(), v1::DATA_SUBJECT_RIGHT_CORRECT);
  e.mutable_rights_channels(2)->set_extension_days(31);  // Art. 11: 30 days
  EXPECT_THAT(Check(e), Contains(Problem("rights_channels[2].extension_days",
                                         "0 to 30")));
}

TEST_F(ValidatorTest, TextDirectionControlsAreRefused) {
  // "RTL override": text that displays in another order than written.
  auto e = SampleDatabase(agency_, "x");
  e.mutable_file_name()->set_zh_tw("健保資料\u202Eatad");
  e.mutable_linkages(0)->mutable_purpose()->set_zh_tw("\u2067身分查核\u2069");
  EXPECT_THAT(Check(e), Contains(Problem("file_name.zh_tw", "direction")));
  EXPECT_THAT(Check(e),
              Contains(Problem("linkages[0].purpose.zh_tw", "direction")));
  e = SampleDatabase(agency_, "x");
  e.mutable_file_name()->set_zh_tw("健保資料 (NHI)");  // no control: fine
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST_F(ValidatorTest, SensitiveDataNeedsArticle6Ground) {
  auto e = SampleDatabase(agency_, "x");
  e.add_sensitive_types(v1::SENSITIVE_TYPE_MEDICAL_RECORDS);
  EXPECT_THAT(Check(e), Contains(Problem("art6_ground", "Art. 6(1)")));
  e.set_art6_ground(v1::LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH);
  EXPECT_THAT(Check(e), Contains(Problem("art6_ground", "Art. 6(1)")));
  e.set_art6_ground(v1::LEGAL_GROUND_ART6_4_STATISTICS_OR_RESEARCH);
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST_F(ValidatorTest, LinkageTargetsMustBeWellFormed) {
  auto e = SampleDatabase(agency_, "x");
  e.mutable_linkages(0)->set_linked_entry_id("not an id");
  EXPECT_THAT(Check(e), Contains(Problem("linkages[0].linked_entry_id",
                                         "not an entry id")));
  e.mutable_linkages(0)->set_linked_entry_id("moi/x");
  EXPECT_THAT(Check(e),
              Contains(Problem("linkages[0].linked_entry_id", "itself")));
  e.mutable_linkages(0)->set_linked_entry_id("mohw-nhia/nhi-claims");
  EXPECT_THAT(Check(e), IsEmpty());
  e.mutable_linkages(0)->clear_linked_entry_id();
  EXPECT_THAT(Check(e),
              Contains(Problem("linkages[0]", "needs linked_entry_id")));
}

TEST_F(ValidatorTest, EveryProblemIsListed) {
  v1::DatabaseEntry empty;
  Problems p = Check(empty);
  // One report names all the missing required fields at once.
  for (const char* field :
       {"database_id", "agency_id", "file_name.zh_tw", "description.zh_tw",
        "contact.unit", "holding_basis", "collection_ground",
        "specific_purposes", "data_categories", "subject_categories.zh_tw",
        "record_sources.zh_tw", "rights_channels", "retention", "status",
        "next_review_due"}) {
    EXPECT_THAT(p, Contains(::testing::Property(
                       &v1::node::ValidationProblem::field, field)))
        << field;
  }
}

TEST_F(ValidatorTest, OptOutMustNameAStopChannel) {
  auto e = SampleDatabase(agency_, "x");
  e.mutable_opt_out()->set_channel_ids(0, "copy");
  EXPECT_THAT(Check(e),
              Contains(Problem("opt_out.channel_ids[0]", "right to stop")));
  e.mutable_opt_out()->set_channel_ids(0, "nope");
  EXPECT_THAT(Check(e), Contains(Problem("opt_out.channel_ids[0]",
                                         "not a rights channel")));
}

TEST_F(ValidatorTest, RequestRecordRules) {
  const absl::Time now = absl::FromUnixSeconds(1790000000);
  auto r = SampleRequest("bad id!", now + absl::Hours(48));
  r.clear_case_ref();
  r.set_identifiers_count(0);
  r.add_data_types(r.data_types(0));
  Problems p;
  CheckRequestRecord(r, 3, now, &p);
  EXPECT_THAT(p, Contains(Problem("request_id", "1 to 64")));
  EXPECT_THAT(p, Contains(Problem("sent_at", "future")));
  EXPECT_THAT(p, Contains(Problem("case_ref", "required")));
  EXPECT_THAT(p, Contains(Problem("identifiers_count", "at least 1")));
  EXPECT_THAT(p, Contains(Problem("data_types[1]", "twice")));
  EXPECT_EQ(p[0].item_index(), 3);
}

TEST(VocabularyTest, ParsesAndRejects) {
  auto v = Vocabulary::Parse("code,name_zh\n157,調查\n\"C001\",\"辨識,個人\"\n",
                             "t");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->Contains("157"));
  EXPECT_EQ(v->Name("C001"), "辨識,個人");
  EXPECT_THAT(
      Vocabulary::Parse("code,name\n1,a\n1,b\n", "t"),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      Vocabulary::Parse("nope\n1,a\n", "t"),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      Vocabulary::Parse("code,name\n", "t"),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DateTest, CalendarDates) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2023-02-29"));
  EXPECT_FALSE(IsValidDate("2023-13-01"));
  EXPECT_FALSE(IsValidDate("2023-1-01"));
}

// JSON accepts any number for an enum; values outside the defined set would
// be published, and totals would no longer add up.
TEST_F(ValidatorTest, UndefinedEnumNumbersAreRefusedEverywhere) {
  auto e = SampleDatabase(agency_, "x");
  e.set_collection_ground(static_cast<v1::CollectionGround>(99));
  e.mutable_out_of_purpose_uses(0)->set_recipient_type(
      static_cast<v1::RecipientType>(77));
  Problems p = Check(e);
  EXPECT_THAT(p, Contains(Problem("collection_ground", "99 is not a defined")));
  EXPECT_THAT(p, Contains(Problem("out_of_purpose_uses[0].recipient_type",
                                  "77 is not a defined")));
  auto r = SampleRequest("r1", kNow - absl::Hours(24 * 30));
  r.set_provider_type(static_cast<v1::ProviderType>(99));
  r.set_outcome(static_cast<v1::RequestOutcome>(42));
  r.add_data_types(static_cast<v1::RequestedDataType>(1000));
  Problems req;
  CheckRequestRecord(r, 0, kNow, &req);
  EXPECT_THAT(req, Contains(Problem("provider_type", "99 is not a defined")));
  EXPECT_THAT(req, Contains(Problem("outcome", "42 is not a defined")));
  EXPECT_THAT(req, Contains(Problem("data_types[1]", "1000 is not a defined")));
}

TEST_F(ValidatorTest, PastEventsCannotBeInTheFuture) {
  auto e = SampleDatabase(agency_, "x");
  e.set_last_reviewed_at("2099-01-01");
  e.mutable_attested_by()->set_date("2026-11-28");  // tomorrow in Taipei
  e.mutable_approx_subjects()->set_as_of("2030-01-01");
  e.set_next_review_due("2099-01-01");
  Problems p = Check(e);
  EXPECT_THAT(p, Contains(Problem("last_reviewed_at", "in the future")));
  EXPECT_THAT(p, Contains(Problem("attested_by.date", "in the future")));
  EXPECT_THAT(p, Contains(Problem("approx_subjects.as_of", "in the future")));
  EXPECT_THAT(p, Contains(Problem("next_review_due", "years ahead")));
  e = SampleDatabase(agency_, "x");
  e.mutable_attested_by()->set_date("2026-11-27");  // today is fine
  e.set_next_review_due("2027-11-27");
  EXPECT_THAT(Check(e), IsEmpty());

  auto r = SampleRequest("r1", kNow - absl::Hours(24 * 30));
  r.set_subject_notified_at("2099-01-01");
  r.mutable_responded_at()->set_seconds(
      absl::ToUnixSeconds(kNow + absl::Hours(24 * 365)));
  Problems req;
  CheckRequestRecord(r, 0, kNow, &req);
  EXPECT_THAT(req, Contains(Problem("subject_notified_at", "in the future")));
  EXPECT_THAT(req, Contains(Problem("responded_at", "in the future")));
}

TEST(LinkedEntriesTest, OnlyThisAgencysTargetsAreListed) {
  auto e = SampleDatabase("moi", "x");
  e.clear_linkages();
  e.add_linkages()->set_linked_entry_id("moi/id-photos");
  e.add_linkages()->set_linked_entry_id("mof/tax-data");
  e.mutable_out_of_purpose_uses(0)->clear_linked_entries();
  e.mutable_out_of_purpose_uses(0)->add_linked_entries("moi/household");
  auto got = LinkedEntriesOfAgency(e, "moi");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first, "linkages[0].linked_entry_id");
  EXPECT_EQ(got[1].first, "out_of_purpose_uses[0].linked_entries[0]");
  EXPECT_EQ(got[1].second, "moi/household");
}

}  // namespace
}  // namespace disclosure::node
