// hub/index/text_terms: the terms indexed for a text and searched for a
// query word, which must agree for search to find what was written; and
// the index's totals, exact up to a limit and a lower bound beyond it;
// and a read-only copy of the index, as a search replica reads it.
#include "hub/index/text_terms.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/synonyms.h"
#include "gtest/gtest.h"
#include "hub/index/search_replica.h"
#include "hub/index/search_request.h"
#include "hub/index/text_index.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/test_data.h"

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

TEST(TextTermsTest, CharactersAndTheirNGramsWordsLowerCased) {
  EXPECT_EQ(Indexed("戶籍資料"),
            "戶~0 戶籍@0 戶籍資@0 籍~1 籍資@1 籍資料@1 資~2 資料@2 料~3");
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

TEST(TextTermsTest, QueryWordsAreTrigramPhrasesWithRelativePositions) {
  EXPECT_EQ(Show(QueryTerms("稅")), "稅~0");
  EXPECT_EQ(Show(QueryTerms("戶籍")), "戶籍@0");
  EXPECT_EQ(Show(QueryTerms("戶役政")), "戶役政@0");
  EXPECT_EQ(Show(QueryTerms("全民健保")), "全民健@0 民健保@1");
  EXPECT_EQ(Show(QueryTerms("戶籍登記資料")),
            "戶籍登@0 籍登記@1 登記資@2 記資料@3");
  EXPECT_EQ(Show(QueryTerms("戶籍、資料")), "戶籍@0 資料@3");
  EXPECT_EQ(Show(QueryTerms("NHI資料")), "nhi@0 資料@1");
  EXPECT_EQ(Show(QueryTerms("NHI資料庫")), "nhi@0 資料庫@1");
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

// The index's writer and a read-only reader of the same folder, as a
// replica reads its copy: each search sees the latest commit, with the
// entry's bytes and the synonyms the writer set.
TEST(SearchReplicaTest, AReaderOfTheFolderSeesEachCommit) {
  testing::TempDir dir;
  auto index = TextIndex::Open(dir.File("index"));
  ASSERT_TRUE(index.ok()) << index.status();
  v1::DatabaseEntry db = testing::SampleDatabase("mof", "tax");
  db.mutable_file_name()->set_zh_tw("綜合所得稅");
  ASSERT_TRUE((*index)->Put("mof", db).ok());
  auto synonyms = Synonyms::Parse("terms\n所得稅;綜所稅\n", "t");
  ASSERT_TRUE(synonyms.ok());
  (*index)->SetMetadata(kSynonymsMetadataKey, synonyms->ToCsv());
  ASSERT_TRUE((*index)->Commit().ok());

  SearchReplica replica(dir.File("index"));
  disclosure::v1::hub::SearchDatabasesRequest req;
  req.set_text("綜所稅");  // only through the synonym
  auto found = replica.Search(req);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->hits_size(), 1);
  EXPECT_EQ(found->hits(0).entry_id(), "mof/tax");
  EXPECT_EQ(found->hits(0).entry().SerializeAsString(), db.SerializeAsString());

  // A rename reaches the reader at the next commit, not before.
  db.mutable_file_name()->set_zh_tw("星象觀測紀錄");
  ASSERT_TRUE((*index)->Put("mof", db).ok());
  req.set_text("星象");
  EXPECT_EQ(replica.Search(req)->hits_size(), 0);
  ASSERT_TRUE((*index)->Commit().ok());
  found = replica.Search(req);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->hits_size(), 1);
  EXPECT_EQ(found->hits(0).entry().file_name().zh_tw(), "星象觀測紀錄");

  // Bad requests are refused as the hub refuses them.
  req.set_page_token("x");
  EXPECT_EQ(replica.Search(req).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SearchReplicaTest, NoCopyYetIsUnavailableAndNamesTheFolder) {
  testing::TempDir dir;
  SearchReplica replica(dir.File("none"));
  auto found = replica.Search({});
  EXPECT_EQ(found.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(found.status().message().find(dir.File("none")), std::string::npos);
}

TEST(SynonymsTest, WrittenAsCsvReadsBackTheSame) {
  auto table = Synonyms::Parse(
      "terms\n健保;全民健康保險\n\"a,b;c\"\"d\"\nNHI;National Health\n", "t");
  ASSERT_TRUE(table.ok()) << table.status();
  auto again = Synonyms::Parse(table->ToCsv(), "again");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->groups(), table->groups());
  EXPECT_EQ(again->groups().size(), 3u);
}

}  // namespace
}  // namespace disclosure::hub
