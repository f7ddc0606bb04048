// format/withholding: the rules of explicit withholding (format 2) that every
// reader checks, each with an entry that breaks it.
#include "format/withholding.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using ::disclosure::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

v1::Withholding Item3() {
  v1::Withholding w;
  w.set_gia_article18_item(3);
  w.set_deciding_unit("資訊室");
  w.set_review_date("2027-06-30");
  return w;
}

std::vector<std::string> Fields(const std::vector<FieldProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field);
  return out;
}

std::vector<FieldProblem> ProblemsOf(const v1::Withholding& w) {
  std::vector<FieldProblem> out;
  CheckWithholding(w, "w", &out);
  return out;
}

TEST(WithholdingTest, AcceptsAnItemOfArticle18OrANamedLaw) {
  EXPECT_THAT(ProblemsOf(Item3()), IsEmpty());
  v1::Withholding law = Item3();
  law.clear_gia_article18_item();
  law.mutable_other_law()->set_statute("國家機密保護法");
  law.mutable_other_law()->set_article("第2條");
  EXPECT_THAT(ProblemsOf(law), IsEmpty());
  for (int item : {1, 9}) {
    v1::Withholding w = Item3();
    w.set_gia_article18_item(item);
    EXPECT_THAT(ProblemsOf(w), IsEmpty()) << item;
  }
}

TEST(WithholdingTest, RefusesAGroundThatIsNoItemAndNoLaw) {
  v1::Withholding none = Item3();
  none.clear_gia_article18_item();
  EXPECT_THAT(Fields(ProblemsOf(none)), ElementsAre("w"));
  for (int item : {-1, 10, 18}) {
    v1::Withholding w = Item3();
    w.set_gia_article18_item(item);
    EXPECT_THAT(Fields(ProblemsOf(w)), ElementsAre("w.gia_article18_item"))
        << item;
  }
  v1::Withholding both = Item3();
  both.mutable_other_law()->set_statute("國家機密保護法");
  EXPECT_THAT(Fields(ProblemsOf(both)), ElementsAre("w"));
  v1::Withholding unnamed = Item3();
  unnamed.clear_gia_article18_item();
  unnamed.mutable_other_law()->set_article("第2條");
  EXPECT_THAT(Fields(ProblemsOf(unnamed)), ElementsAre("w.other_law.statute"));
}

TEST(WithholdingTest, NeedsADecidingUnitAndARealReviewDate) {
  v1::Withholding w = Item3();
  w.clear_deciding_unit();
  EXPECT_THAT(Fields(ProblemsOf(w)), ElementsAre("w.deciding_unit"));
  for (const char* date : {"", "2027-02-30", "2027/06/30", "27-06-30"}) {
    v1::Withholding d = Item3();
    d.set_review_date(date);
    EXPECT_THAT(Fields(ProblemsOf(d)), ElementsAre("w.review_date")) << date;
  }
}

v1::DatabaseEntry WithheldSources() {
  v1::DatabaseEntry db;
  db.set_database_id("db1");
  db.mutable_file_name()->set_zh_tw("範例");
  v1::WithheldField* f = db.add_withheld_fields();
  f->set_field("record_sources");
  *f->mutable_withholding() = Item3();
  return db;
}

TEST(WithholdingTest, Format1CarriesNoWithholding) {
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(WithheldSources(), 1)),
              ElementsAre("withheld_fields"));
  EXPECT_THAT(DatabaseWithholdingProblems(WithheldSources(), 2), IsEmpty());
  v1::DatabaseEntry use;
  use.add_out_of_purpose_uses()->set_use_id("u1");
  *use.mutable_out_of_purpose_uses(0)->mutable_withheld() = Item3();
  EXPECT_THAT(DatabaseWithholdingProblems(use, 1), Not(IsEmpty()));
  EXPECT_THAT(DatabaseWithholdingProblems(use, 2), IsEmpty());
}

TEST(WithholdingTest, AWithheldFieldIsReallyAbsent) {
  v1::DatabaseEntry db = WithheldSources();
  db.mutable_record_sources()->set_zh_tw("健保署");
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("record_sources"));
}

TEST(WithholdingTest, OnlyFieldsThatDoNotIdentifyTheEntry) {
  for (const char* f : {"database_id", "file_name", "status", "version",
                        "linkages", "out_of_purpose_uses", "nonsense"}) {
    v1::DatabaseEntry db = WithheldSources();
    db.mutable_withheld_fields(0)->set_field(f);
    EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
                ElementsAre("withheld_fields[0].field"))
        << f;
  }
  EXPECT_TRUE(IsWithholdableField("approx_subjects"));
  EXPECT_TRUE(IsWithholdableField("rights_channels"));
  EXPECT_FALSE(IsWithholdableField("agency_id"));
}

TEST(WithholdingTest, EachFieldOnceInOrder) {
  v1::DatabaseEntry db = WithheldSources();
  *db.add_withheld_fields() = db.withheld_fields(0);
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("withheld_fields[1].field"));
  db.mutable_withheld_fields(1)->set_field("description");  // before "r..."
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("withheld_fields[1].field"));
}

TEST(WithholdingTest, AWithheldUseKeepsOnlyItsId) {
  v1::DatabaseEntry db;
  v1::OutOfPurposeUse* u = db.add_out_of_purpose_uses();
  u->set_use_id("u1");
  *u->mutable_withheld() = Item3();
  EXPECT_THAT(DatabaseWithholdingProblems(db, 2), IsEmpty());
  u->mutable_purpose()->set_zh_tw("學術研究");
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("out_of_purpose_uses[0]"));
}

TEST(WithholdingTest, AWithheldRecipientIsNotNamed) {
  v1::DatabaseEntry db;
  v1::OutOfPurposeUse* u = db.add_out_of_purpose_uses();
  u->set_use_id("u1");
  u->mutable_purpose()->set_zh_tw("學術研究");
  *u->mutable_recipient_withheld() = Item3();
  EXPECT_THAT(DatabaseWithholdingProblems(db, 2), IsEmpty());
  u->set_recipient_type(v1::RECIPIENT_TYPE_ACADEMIC);
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("out_of_purpose_uses[0].recipient_name"));
}

TEST(WithholdingTest, AWithheldLinkageHoldsNothingElse) {
  v1::DatabaseEntry db;
  *db.add_linkages()->mutable_withheld() = Item3();
  EXPECT_THAT(DatabaseWithholdingProblems(db, 2), IsEmpty());
  db.mutable_linkages(0)->set_external_name("戶役政資訊系統");
  EXPECT_THAT(Fields(DatabaseWithholdingProblems(db, 2)),
              ElementsAre("linkages[0]"));
}

v1::RequestStatistics StatsWithWithheldRow() {
  v1::RequestStatistics s;
  s.set_scope(v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  v1::RequestStatisticsRow* shown = s.add_rows();
  shown->mutable_counts()->set_requests(40);
  v1::RequestStatisticsRow* row = s.add_rows();
  row->mutable_legal_basis()->set_statute("稅捐稽徵法");
  *row->mutable_withheld() = Item3();
  s.mutable_totals()->set_requests(40);
  s.set_totals_include_suppressed(false);
  s.mutable_records_commitment()->set_record_count_withheld(true);
  return s;
}

TEST(WithholdingTest, AWithheldRowShowsNoCountNorBand) {
  EXPECT_THAT(StatisticsWithholdingProblems(StatsWithWithheldRow(), 2),
              IsEmpty());
  v1::RequestStatistics counted = StatsWithWithheldRow();
  counted.mutable_rows(1)->mutable_counts()->set_requests(3);
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(counted, 2)),
              ElementsAre("rows[1]"));
  v1::RequestStatistics banded = StatsWithWithheldRow();
  banded.mutable_rows(1)->set_band("1-9");
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(banded, 2)),
              ElementsAre("rows[1]"));
}

TEST(WithholdingTest, TotalsCannotGiveAWithheldRowBack) {
  v1::RequestStatistics full = StatsWithWithheldRow();
  full.set_totals_include_suppressed(true);
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(full, 2)),
              ElementsAre("totals"));
  v1::RequestStatistics counted = StatsWithWithheldRow();
  counted.mutable_records_commitment()->set_record_count_withheld(false);
  counted.mutable_records_commitment()->set_record_count(43);
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(counted, 2)),
              ElementsAre("totals"));
}

// A scope is format 2's to state; a period signed under format 1 and
// carried into a format 2 snapshot unchanged has none, and is read.
TEST(WithholdingTest, OnlyFormat2StatesAScope) {
  v1::RequestStatistics s;
  EXPECT_THAT(StatisticsWithholdingProblems(s, 1), IsEmpty());
  EXPECT_THAT(StatisticsWithholdingProblems(s, 2), IsEmpty());
  s.set_scope(v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  EXPECT_THAT(StatisticsWithholdingProblems(s, 2), IsEmpty());
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(s, 1)),
              ElementsAre("scope"));
  EXPECT_THAT(Fields(StatisticsWithholdingProblems(StatsWithWithheldRow(), 1)),
              ElementsAre("rows[1].withheld", "scope"));
}

TEST(WithholdingTest, CheckEntryFormatNamesTheEntryAndTheField) {
  v1::DisclosureEntry e;
  e.set_key("db/db1");
  *e.mutable_database() = WithheldSources();
  DN_EXPECT_OK(CheckEntryFormat(e, 2));
  EXPECT_THAT(CheckEntryFormat(e, 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry db/db1: withheld_fields")));
}

TEST(WithholdingTest, ListsEveryWithheldItemWithItsDecision) {
  v1::DatabaseEntry db = WithheldSources();
  v1::OutOfPurposeUse* u = db.add_out_of_purpose_uses();
  u->set_use_id("u7");
  *u->mutable_recipient_withheld() = Item3();
  *db.add_linkages()->mutable_withheld() = Item3();
  std::vector<std::string> what;
  for (const WithheldItem& i : WithheldItems(db)) what.push_back(i.what);
  EXPECT_THAT(what,
              ElementsAre("record_sources", "out_of_purpose_uses[u7]/recipient",
                          "linkages[0]"));
  EXPECT_EQ(WithheldCell(WithheldItems(db)).substr(0, 60),
            std::string("record_sources=政府資訊公開法第18條第1項第3款|資訊室|"
                        "2027-06-30;")
                .substr(0, 60));
  EXPECT_FALSE(ReviewOverdue(Item3(), "2027-06-30"));
  EXPECT_TRUE(ReviewOverdue(Item3(), "2027-07-01"));
}

}  // namespace
}  // namespace disclosure
