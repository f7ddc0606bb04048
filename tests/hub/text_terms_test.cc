// hub/index/text_terms: the terms indexed for a text and searched for a
// query word, which must agree for search to find what was written.
#include "hub/index/text_terms.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace disclosure::hub {
namespace {

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

}  // namespace
}  // namespace disclosure::hub
