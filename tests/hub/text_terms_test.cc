// hub/index/text_terms: the terms indexed for a text and searched for a
// query word, which must agree for search to find what was written; and
// the index's totals, exact up to a limit and a lower bound beyond it.
#include "hub/index/text_terms.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "hub/index/text_index.h"
#include "tests/testing/sample_inventory.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;

// "term@position" for each term; "~" marks one indexed without positions.
std::string Show(const std::vector<PositionedTerm>& terms) {
  std::string out;
  for (const PositionedTerm& t : terms) {
    if (!out.empty()) out += " ";
    out += t.term + (t.positional ? "@" : "~") + std::to_string(t.position);
  }
  return out;
}

std::string Indexed(const std::string& text) {
  std::vector<PositionedTerm> terms;
  AppendIndexTerms(text, 0, &terms);
  return Show(terms);
}

TEST(TextTermsTest, CharactersAndTheirBigramsWordsLowerCased) {
  EXPECT_EQ(Indexed("戶籍資料"), "戶~0 戶籍@0 籍~1 籍資@1 資~2 資料@2 料~3");
  EXPECT_EQ(Indexed("NHI Claims"), "nhi@0 claims@2");
  EXPECT_EQ(Indexed("C001個人"), "c001@0 個~1 個人@1 人~2");
}

TEST(TextTermsTest, PunctuationAndSpacesBreakRuns) {
  EXPECT_EQ(Indexed("戶籍、資料"), "戶~0 戶籍@0 籍~1 資~3 資料@3 料~4");
  EXPECT_EQ(Indexed("戶籍\u3000資料"), "戶~0 戶籍@0 籍~1 資~3 資料@3 料~4");
  EXPECT_EQ(Indexed("（一）"), "一~0");
  EXPECT_EQ(Indexed("db-1051"), "db@0 1051@2");
  EXPECT_EQ(Indexed("，。！"), "");
}

TEST(TextTermsTest, BrokenUtf8IsReadWithoutOverrunning) {
  const std::string broken = std::string("戶") + "\xe7\xb1";  // cut short
  std::vector<PositionedTerm> terms;
  AppendIndexTerms(broken, 0, &terms);
  EXPECT_FALSE(terms.empty());
  EXPECT_FALSE(QueryTerms(broken).empty());
}

TEST(TextTermsTest, QueryWordsAreBigramPhrasesWithRelativePositions) {
  EXPECT_EQ(Show(QueryTerms("稅")), "稅~0");
  EXPECT_EQ(Show(QueryTerms("戶籍")), "戶籍@0");
  EXPECT_EQ(Show(QueryTerms("戶役政")), "戶役@0 役政@1");
  EXPECT_EQ(Show(QueryTerms("NHI資料")), "nhi@0 資料@1");
  EXPECT_EQ(Show(QueryTerms("a資b")), "a@0 資~1 b@2");
  EXPECT_EQ(Show(QueryTerms("、戶籍")), "戶籍@0");  // leading break dropped
  EXPECT_TRUE(QueryTerms("、。").empty());
  EXPECT_TRUE(IsAsciiWord("nhi"));
  EXPECT_FALSE(IsAsciiWord("戶籍"));
}

TEST(TextIndexTotalsTest, ExactUpToTheLimitThenALowerBound) {
  auto index = TextIndex::Open("");
  ASSERT_TRUE(index.ok()) << index.status();
  // 120 databases: 甲 in every second, 乙 in every third, so both in 20.
  // Neither word is in all of them: no term statistic gives the count of
  // both, which is then counted as far as asked.
  for (int i = 0; i < 120; ++i) {
    v1::DatabaseEntry db =
        testing::SampleDatabase("mof", absl::StrCat("db-", 1000 + i));
    db.mutable_file_name()->set_zh_tw(absl::StrCat(
        "資料庫", i % 2 == 0 ? " 甲" : "", i % 3 == 0 ? " 乙" : ""));
    ASSERT_TRUE((*index)->Put("mof", db).ok());
  }
  ASSERT_TRUE((*index)->Commit().ok());
  TextIndex::Query q;
  q.words = {{"甲"}, {"乙"}};
  q.limit = 5;
  const struct {
    uint64_t exact_up_to, offset;
    int64_t total;
    bool lower_bound, more;
  } cases[] = {
      {100, 0, 20, false, true},  // under the limit: exact
      {20, 0, 20, false, true},   // at the limit: exact
      {10, 0, 10, true, true},    // over: the limit, and "at least"
      {10, 10, 10, true, true},   // a later page: still "at least"
      // The last page: counting past it covers every match, so the total
      // is exact again and no page follows.
      {10, 15, 20, false, false},
  };
  for (const auto& c : cases) {
    q.exact_total_up_to = c.exact_up_to;
    q.offset = c.offset;
    auto page = (*index)->Search(q);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->total, c.total) << c.exact_up_to << " " << c.offset;
    EXPECT_EQ(page->total_is_lower_bound, c.lower_bound) << c.exact_up_to;
    EXPECT_EQ(page->more, c.more) << c.exact_up_to << " " << c.offset;
    EXPECT_EQ(page->hits.size(), 5u);
  }
}

}  // namespace
}  // namespace disclosure::hub
