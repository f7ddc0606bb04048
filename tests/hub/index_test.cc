// hub/index: text search over Chinese and English without word spacing,
// filters, paging, and the index following changes and removals.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/index/disclosure_index.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::testing::ElementsAre;

v1::DisclosureEntry Db(const std::string& agency, const std::string& id,
                       const std::string& zh, const std::string& en) {
  v1::DisclosureEntry e;
  e.set_key("db/" + id);
  *e.mutable_database() = testing::SampleDatabase(agency, id);
  e.mutable_database()->mutable_file_name()->set_zh_tw(zh);
  e.mutable_database()->mutable_file_name()->set_en(en);
  return e;
}

std::vector<std::string> Ids(const v1h::SearchDatabasesResponse& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits()) out.push_back(h.entry_id());
  return out;
}

// A search never waits for the indexer; these tests read what they have
// just changed, so they wait for it first (at once while a harvest holds
// indexing off).
absl::StatusOr<v1h::SearchDatabasesResponse> SearchNow(
    const DisclosureIndex& index, const v1h::SearchDatabasesRequest& q) {
  // False only while a harvest holds indexing off: the search then answers
  // from what is indexed, which is what such a test checks.
  (void)index.WaitForSearchIndex(absl::Seconds(30));
  return index.Search(q);
}

v1h::SearchDatabasesResponse Find(const DisclosureIndex& index,
                                  const std::string& text) {
  v1h::SearchDatabasesRequest q;
  q.set_text(text);
  return *SearchNow(index, q);
}

TEST(DisclosureIndexTest, ChineseNeedsNoWordSpacingAndEnglishIgnoresCase) {
  DisclosureIndex index;
  index.ReplaceAgency(
      "mohw-nhia", {Db("mohw-nhia", "nhi", "全民健康保險資料", "NHI Claims")});
  index.ReplaceAgency("mof", {Db("mof", "tax", "財稅資料", "Tax data")});
  EXPECT_THAT(Ids(Find(index, "健康保險")), ElementsAre("mohw-nhia/nhi"));
  EXPECT_THAT(Ids(Find(index, "資料")),
              ElementsAre("mof/tax", "mohw-nhia/nhi"));
  EXPECT_THAT(Ids(Find(index, "稅")), ElementsAre("mof/tax"));  // one character
  EXPECT_THAT(Ids(Find(index, "nhi CLAIMS")), ElementsAre("mohw-nhia/nhi"));
  EXPECT_THAT(Ids(Find(index, "保險 tax")),
              ElementsAre());  // every term must match
  EXPECT_THAT(Ids(Find(index, "險資")), ElementsAre("mohw-nhia/nhi"));
  EXPECT_THAT(Ids(Find(index, "資險")), ElementsAre());
}

TEST(DisclosureIndexTest, SynonymsFindTheFullName) {
  DisclosureIndex index;
  index.ReplaceAgency(
      "mohw-nhia", {Db("mohw-nhia", "nhi", "全民健康保險資料", "NHI Claims")});
  index.ReplaceAgency("mof", {Db("mof", "tax", "財稅資料", "Tax data")});
  EXPECT_TRUE(Ids(Find(index, "健保")).empty());  // no table, no synonym
  auto synonyms =
      Synonyms::Parse("terms\n健保;全民健康保險\n身分證;國民身分證\n", "t");
  ASSERT_TRUE(synonyms.ok()) << synonyms.status();
  index.SetSynonyms(*std::move(synonyms));
  EXPECT_THAT(Ids(Find(index, "健保")), ElementsAre("mohw-nhia/nhi"));
  // Inside a longer word, without spacing, and with other words.
  EXPECT_THAT(Ids(Find(index, "健保資料")), ElementsAre("mohw-nhia/nhi"));
  EXPECT_THAT(Ids(Find(index, "健保 claims")), ElementsAre("mohw-nhia/nhi"));
  EXPECT_TRUE(Ids(Find(index, "健保 財稅")).empty());
  EXPECT_THAT(Ids(Find(index, "全民健康保險")), ElementsAre("mohw-nhia/nhi"));
}

TEST(SynonymsTest, RejectsBadGroupsAndBoundsExpansion) {
  EXPECT_FALSE(Synonyms::Parse("terms\n健保\n", "t").ok());
  EXPECT_FALSE(Synonyms::Parse("terms\n健保;=cmd()\n", "t").ok());
  EXPECT_FALSE(Synonyms::Parse("words\na;b\n", "t").ok());
  std::string many = "terms\n";
  for (int i = 0; i < 40; ++i) absl::StrAppend(&many, "a;b", i, "\n");
  auto s = Synonyms::Parse(many, "t");
  ASSERT_TRUE(s.ok());
  EXPECT_LE(s->Expand("a").size(), Synonyms::kMaxAlternatives);
}

TEST(DisclosureIndexTest, ChangesAndRemovalsAreFollowed) {
  DisclosureIndex index;
  index.ReplaceAgency("moi", {Db("moi", "photos", "身分證相片", "ID photos")});
  index.ApplyChanges(
      "moi", {Db("moi", "photos", "國民身分證相片影像檔", "ID photographs")},
      {});
  EXPECT_THAT(Ids(Find(index, "影像")), ElementsAre("moi/photos"));
  EXPECT_EQ(Find(index, "相片").total(), 1);
  index.ApplyChanges("moi", std::vector<v1::DisclosureEntry>(), {"db/photos"});
  EXPECT_EQ(Find(index, "相片").total(), 0);
  index.ReplaceAgency("moi", {Db("moi", "a", "甲資料", "A")});
  index.RemoveAgency("moi");
  EXPECT_EQ(Find(index, "資料").total(), 0);
}

// Words of one to three characters are one index term each; longer words
// are phrases of their trigrams, so n-grams present elsewhere in the text
// do not make a match.
TEST(DisclosureIndexTest, ShortTermsExactLongTermsChecked) {
  DisclosureIndex index;
  index.ReplaceAgency(
      "moi", {Db("moi", "a", "戶籍", "x"), Db("moi", "b", "籍戶", "x"),
              Db("moi", "c", "戶 籍", "x"), Db("moi", "d", "戶籍 籍資", "x")});
  index.ReplaceAgency("mof", {Db("mof", "e", "戶籍登記資料", "x"),
                              Db("mof", "f", "戶籍登 記資料 籍登記", "x"),
                              Db("mof", "g", "資料資料資", "x")});
  auto found = [&](const std::string& text, const std::string& agency = "moi") {
    v1h::SearchDatabasesRequest q;
    q.set_text(text);
    q.set_agency_id(agency);
    q.set_order(v1h::SEARCH_ORDER_AGENCY);
    return Ids(*SearchNow(index, q));
  };
  EXPECT_EQ(found("戶籍"), (std::vector<std::string>{"moi/a", "moi/d"}));
  EXPECT_EQ(found("籍"),
            (std::vector<std::string>{"moi/a", "moi/b", "moi/c", "moi/d"}));
  EXPECT_TRUE(found("戶籍資").empty());  // 戶籍 and 籍資, never 戶籍資
  // Three characters: one trigram, wherever it is written.
  using Want = std::vector<std::string>;
  EXPECT_EQ(found("籍登記", "mof"), (Want{"mof/e", "mof/f"}));
  // Longer: every trigram in order at consecutive positions. f holds
  // three of 戶籍登記資料's four trigrams, apart.
  EXPECT_EQ(found("戶籍登記資料", "mof"), (Want{"mof/e"}));
  EXPECT_EQ(found("籍登記資", "mof"), (Want{"mof/e"}));
  // Repeats: 資料資料 is in g, 料資料資料 is not.
  EXPECT_EQ(found("資料資料", "mof"), (Want{"mof/g"}));
  EXPECT_TRUE(found("料資料資料", "mof").empty());
}

// In agency order, text hits are paged in (agency, database) order
// whatever the indexing order: agencies indexed backwards, ids shuffled,
// one entry re-indexed last; every page continues where the last stopped
// and the pages together are every match once, in order.
TEST(DisclosureIndexTest, PagesFollowAgencyAndIdOrderWhateverTheIndexingOrder) {
  DisclosureIndex index;
  std::vector<std::string> want;
  for (const std::string agency : {"moi", "mof", "cdc"}) {
    std::vector<v1::DisclosureEntry> entries;
    for (int i : {7, 3, 9, 1, 5, 8, 2, 6, 4, 0}) {
      entries.push_back(
          Db(agency, "db-" + std::to_string(i), "戶籍資料", "records"));
      want.push_back(agency + "/db-" + std::to_string(i));
    }
    index.ReplaceAgency(agency, entries);
  }
  index.ApplyChanges("cdc", {Db("cdc", "db-0", "戶籍資料 更新", "records")},
                     {});
  std::sort(want.begin(), want.end());
  v1h::SearchDatabasesRequest q;
  q.set_text("戶籍");
  q.set_order(v1h::SEARCH_ORDER_AGENCY);
  q.set_page_size(7);
  std::vector<std::string> got;
  for (int page = 0; page < 10; ++page) {
    auto r = *SearchNow(index, q);
    EXPECT_EQ(r.total(), 30);
    for (const std::string& id : Ids(r)) got.push_back(id);
    if (r.next_page_token().empty()) break;
    q.set_page_token(r.next_page_token());
  }
  EXPECT_EQ(got, want);
}

TEST(DisclosureIndexTest, FiltersAndPaging) {
  DisclosureIndex index;
  std::vector<v1::DisclosureEntry> entries;
  for (int i = 0; i < 120; ++i) {
    entries.push_back(
        Db("mof", "db-" + std::to_string(1000 + i), "資料庫", "db"));
  }
  entries[5].mutable_database()->set_status(v1::ENTRY_STATUS_WITHDRAWN);
  index.ReplaceAgency("mof", entries);
  v1h::SearchDatabasesRequest q;
  q.set_text("資料庫");
  q.set_page_size(50);
  auto page1 = *SearchNow(index, q);
  EXPECT_EQ(page1.total(), 119);  // the tombstone is left out
  EXPECT_EQ(page1.hits_size(), 50);
  q.set_page_token(page1.next_page_token());
  auto page2 = *SearchNow(index, q);
  EXPECT_EQ(page2.hits(0).entry_id(), "mof/db-1051");  // 1005 withdrawn
  q.set_include_withdrawn(true);
  q.clear_page_token();
  EXPECT_EQ(SearchNow(index, q)->total(), 120);
  v1h::SearchDatabasesRequest by_category;
  by_category.set_data_category("C999");
  EXPECT_EQ(SearchNow(index, by_category)->total(), 0);
  by_category.set_data_category("C001");
  EXPECT_EQ(SearchNow(index, by_category)->total(), 119);
}

// By relevance (BM25): the database that says the words most, in the
// shortest text, first; equal scores in (agency, database) order; the same
// matches and total in either order.
TEST(DisclosureIndexTest, RelevanceRanksBestMatchesFirst) {
  DisclosureIndex index;
  index.ReplaceAgency("a-agency",
                      {Db("a-agency", "once", "其他資料 戶籍", "other"),
                       Db("a-agency", "none", "財稅資料", "tax")});
  index.ReplaceAgency("b-agency",
                      {Db("b-agency", "often", "戶籍 戶籍登記 戶籍異動", "x"),
                       Db("b-agency", "twin-2", "戶籍資料", "x"),
                       Db("b-agency", "twin-1", "戶籍資料", "x")});
  v1h::SearchDatabasesRequest q;
  q.set_text("戶籍");
  auto ranked = *SearchNow(index, q);
  EXPECT_THAT(Ids(ranked), ElementsAre("b-agency/often", "b-agency/twin-1",
                                       "b-agency/twin-2", "a-agency/once"));
  q.set_order(v1h::SEARCH_ORDER_AGENCY);
  auto by_agency = *SearchNow(index, q);
  EXPECT_THAT(Ids(by_agency),
              ElementsAre("a-agency/once", "b-agency/often", "b-agency/twin-1",
                          "b-agency/twin-2"));
  EXPECT_EQ(ranked.total(), 4);
  EXPECT_EQ(by_agency.total(), 4);
  // Without text there is nothing to rank by: agency order.
  q.clear_order();
  q.clear_text();
  EXPECT_EQ(Ids(*SearchNow(index, q)).front(), "a-agency/none");
}

// A synonym counts as the word itself: the full name found through the
// short one ranks as the short one would, and both spellings at once are
// not needed.
TEST(DisclosureIndexTest, SynonymsRankAsTheWordItself) {
  DisclosureIndex index;
  auto synonyms = Synonyms::Parse("terms\n健保;全民健康保險\n", "t");
  ASSERT_TRUE(synonyms.ok());
  index.SetSynonyms(*std::move(synonyms));
  index.ReplaceAgency(
      "moi",
      {Db("moi", "full", "全民健康保險 全民健康保險資料", "x"),
       Db("moi", "short", "健保", "x"), Db("moi", "other", "戶籍", "x")});
  v1h::SearchDatabasesRequest q;
  q.set_text("健保");
  auto r = *SearchNow(index, q);
  EXPECT_EQ(r.total(), 2);
  EXPECT_THAT(Ids(r), ::testing::UnorderedElementsAre("moi/full", "moi/short"));
  q.set_text("全民健康保險");
  EXPECT_EQ(SearchNow(index, q)->total(), 2);
}

// English words match whole words and the words they begin; punctuation,
// spaces and field boundaries break Chinese runs; an ideographic space
// separates query words.
TEST(DisclosureIndexTest, WordsPrefixesAndBreaks) {
  DisclosureIndex index;
  index.ReplaceAgency(
      "moi", {Db("moi", "a", "戶籍、資料（一）", "Household Registration"),
              Db("moi", "b", "戶籍資料", "House numbers")});
  auto found = [&](const std::string& text) {
    v1h::SearchDatabasesRequest q;
    q.set_text(text);
    q.set_order(v1h::SEARCH_ORDER_AGENCY);
    return Ids(*SearchNow(index, q));
  };
  EXPECT_THAT(found("househ"), ElementsAre("moi/a"));
  EXPECT_THAT(found("house"), ElementsAre("moi/a", "moi/b"));
  EXPECT_THAT(found("ousehold"), ElementsAre());  // not inside a word
  EXPECT_THAT(found("REGISTRATION"), ElementsAre("moi/a"));
  EXPECT_THAT(found("籍資"), ElementsAre("moi/b"));  // 、 breaks moi/a's
  EXPECT_THAT(found("戶籍、資料"), ElementsAre("moi/a", "moi/b"));
  EXPECT_THAT(found("一"), ElementsAre("moi/a"));  // a character alone
  EXPECT_THAT(found("戶籍\u3000house"), ElementsAre("moi/a", "moi/b"));
  EXPECT_THAT(found("、"),
              ElementsAre("moi/a", "moi/b"));  // nothing to match by
}

// Filters are index terms: each narrows the matches and the exact total.
TEST(DisclosureIndexTest, FiltersNarrowTextMatches) {
  DisclosureIndex index;
  std::vector<v1::DisclosureEntry> entries;
  for (int i = 0; i < 30; ++i) {
    v1::DisclosureEntry e =
        Db("moi", absl::StrCat("db-", 100 + i), "戶籍資料", "records");
    if (i % 3 == 0)
      e.mutable_database()->mutable_opt_out()->set_available(false);
    if (i % 5 == 0) {
      e.mutable_database()
          ->mutable_out_of_purpose_uses(0)
          ->mutable_recipient_name()
          ->set_zh_tw("國家衛生研究院");
    }
    entries.push_back(e);
  }
  index.ReplaceAgency("moi", entries);
  index.ReplaceAgency("mof", {Db("mof", "tax", "戶籍資料", "records")});
  v1h::SearchDatabasesRequest q;
  q.set_text("戶籍");
  EXPECT_EQ(SearchNow(index, q)->total(), 31);
  q.set_agency_id("moi");
  EXPECT_EQ(SearchNow(index, q)->total(), 30);
  q.set_opt_out_available(false);
  EXPECT_EQ(SearchNow(index, q)->total(), 10);
  q.clear_opt_out_filter();
  q.set_recipient("衛生研究");
  EXPECT_EQ(SearchNow(index, q)->total(), 6);
  q.set_recipient("研究衛生");
  EXPECT_EQ(SearchNow(index, q)->total(), 0);
  q.set_recipient("學術");  // the sample's recipient, in the other 24
  EXPECT_EQ(SearchNow(index, q)->total(), 24);
}

// The search index on disk outlives the process: an agency whose indexed
// snapshot version is already there is not indexed again at start-up, one
// with a new version is.
TEST(DisclosureIndexTest, IndexOnDiskIsReusedWhenCurrent) {
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/search-reuse-", getpid());
  {
    DisclosureIndex index(dir);
    DN_ASSERT_OK(index.SearchStatus());
    EXPECT_EQ(index.SearchBacklog().last_commit, absl::InfinitePast());
    index.ReplaceAgency("moi", {Db("moi", "a", "戶籍資料", "x")}, "v1");
    ASSERT_TRUE(index.WaitForSearchIndex(absl::Seconds(30)));
    // Caught up: nothing pending, and a commit on record.
    const SearchIndexer::Backlog backlog = index.SearchBacklog();
    EXPECT_EQ(backlog.changes, 0u);
    EXPECT_EQ(backlog.databases, 0u);
    EXPECT_NE(backlog.last_commit, absl::InfinitePast());
  }
  v1h::SearchDatabasesRequest q;
  q.set_text("戶籍");
  {
    // Same version, other text: the index is trusted, not rebuilt.
    DisclosureIndex index(dir);
    index.ReplaceAgency("moi", {Db("moi", "a", "財稅資料", "x")}, "v1");
    EXPECT_EQ(SearchNow(index, q)->total(), 1);
    // A new version is indexed.
    index.ReplaceAgency("moi", {Db("moi", "a", "財稅資料", "x")}, "v2");
    EXPECT_EQ(SearchNow(index, q)->total(), 0);
  }
  // A folder that holds something else is refused, not emptied.
  const std::string other = dir + "-other";
  ASSERT_TRUE(std::filesystem::create_directories(other));
  std::ofstream(other + "/keep.txt") << "x";
  DisclosureIndex refused(other);
  EXPECT_FALSE(refused.SearchStatus().ok());
  EXPECT_FALSE(refused.Search(q).ok());
  EXPECT_TRUE(std::filesystem::exists(other + "/keep.txt"));
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(other);
}

// Given the bytes an entry was signed as, the index keeps the database's
// part of them; where those bytes repeat the database field (parsing
// merges the repeats), it keeps the parsed message's own serialization.
// A hub killed while creating its search index leaves index files without
// "iamglass": the next start removes them and creates the index. A folder
// holding anything else is refused, and its files are left alone.
TEST(DisclosureIndexTest, AnIndexWhoseCreationWasCutOffIsStartedOver) {
  testing::TempDir dir;
  const std::string path = dir.File("search");
  std::filesystem::create_directories(path);
  for (const char* name : {"flintlock", "postlist.glass", "termlist.tmp"})
    std::ofstream(path + "/" + name) << "partial";
  auto reopened = TextIndex::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE(std::filesystem::exists(path + "/iamglass"));
  reopened->reset();

  const std::string other = dir.File("other");
  std::filesystem::create_directories(other);
  std::ofstream(other + "/flintlock") << "partial";
  std::ofstream(other + "/notes.txt") << "someone's file";
  auto refused = TextIndex::Open(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("notes.txt"));
  EXPECT_TRUE(std::filesystem::exists(other + "/notes.txt"));
}

TEST(DisclosureIndexTest, KeepsTheSignedBytesOfWhatWasParsed) {
  DisclosureIndex index;
  const v1::DisclosureEntry plain = Db("moi", "a", "戶籍資料", "x");
  const std::string plain_bytes = plain.SerializeAsString();
  index.ReplaceAgency("moi", {{&plain, &plain_bytes}});
  ASSERT_TRUE(index.GetDatabase("moi", "a").has_value());
  EXPECT_EQ(index.GetDatabase("moi", "a")->SerializeAsString(),
            plain.database().SerializeAsString());

  v1::DisclosureEntry extra;
  extra.mutable_database()->mutable_file_name()->set_zh_tw("財稅資料");
  extra.mutable_database()->add_data_categories()->set_code("C001");
  const std::string repeated = plain_bytes + extra.SerializeAsString();
  v1::DisclosureEntry merged;
  ASSERT_TRUE(merged.ParseFromString(repeated));
  ASSERT_EQ(merged.database().file_name().zh_tw(), "財稅資料");
  index.ReplaceAgency("moi", {{&merged, &repeated}});
  ASSERT_TRUE(index.GetDatabase("moi", "a").has_value());
  EXPECT_EQ(index.GetDatabase("moi", "a")->SerializeAsString(),
            merged.database().SerializeAsString());
}

// A restored agency's databases are read through the entry reader by
// leaf hash when asked for; a read that fails is an error of the search,
// and GetDatabase finds nothing. Facts are refused when the search index
// holds another snapshot of the agency, or when they name other
// databases than the snapshot's.
TEST(DisclosureIndexTest, RestoredDatabasesAreReadFromTheStore) {
  DisclosureIndex index;
  const v1::DisclosureEntry a = Db("moi", "a", "戶籍資料", "Household");
  const v1::DisclosureEntry b = Db("moi", "b", "財稅資料", "Tax");
  v1::DisclosureEntry profile;
  profile.set_key("agency");
  *profile.mutable_agency_profile() = testing::SampleProfile("moi");
  index.ReplaceAgency("moi", {a, b, profile}, "v1");
  ASSERT_TRUE(index.WaitForSearchIndex(absl::Seconds(30)));
  const std::string before = Find(index, "資料").DebugString();
  std::optional<v1h::IndexFacts> facts = index.Facts("moi", "build-1");
  ASSERT_TRUE(facts.has_value());
  EXPECT_EQ(facts->version(), "v1");
  EXPECT_EQ(facts->build(), "build-1");
  ASSERT_EQ(facts->databases_size(), 2);

  // Stand-ins for leaf hashes: the reader looks them up in a map.
  std::map<std::string, std::string> store = {
      {std::string(32, 'a'), a.SerializeAsString()},
      {std::string(32, 'b'), b.SerializeAsString()}};
  std::atomic<int> reads{0};
  std::atomic<bool> failing{false};
  index.SetEntryReader(
      [&](const std::string& hash) -> absl::StatusOr<std::string> {
        ++reads;
        if (failing) return absl::UnavailableError("disk gone");
        return store.at(hash);
      });
  const std::map<std::string, std::string> hashes = {
      {"a", std::string(32, 'a')}, {"b", std::string(32, 'b')}};
  const std::string profile_bytes = profile.SerializeAsString();
  const std::vector<DisclosureIndex::EntryRef> others = {
      {&profile, &profile_bytes}};

  v1h::IndexFacts other_version = *facts;
  other_version.set_version("v2");
  EXPECT_FALSE(index.RestoreAgency("moi", other_version, hashes, others));
  EXPECT_FALSE(index.RestoreAgency(
      "moi", *facts, {{"a", hashes.at("a")}, {"c", hashes.at("b")}}, others));
  EXPECT_FALSE(
      index.RestoreAgency("moi", *facts, {{"a", hashes.at("a")}}, others));
  EXPECT_EQ(reads, 0);

  ASSERT_TRUE(index.RestoreAgency("moi", *facts, hashes, others));
  EXPECT_EQ(reads, 0);  // nothing read until asked
  EXPECT_TRUE(index.Profile("moi").has_value());
  EXPECT_EQ(index.Counts("moi").first, 2);
  ASSERT_TRUE(index.GetDatabase("moi", "b").has_value());
  EXPECT_EQ(index.GetDatabase("moi", "b")->SerializeAsString(),
            b.database().SerializeAsString());
  EXPECT_EQ(Find(index, "資料").DebugString(), before);
  EXPECT_GT(reads, 0);
  // Restored facts count as saved; a change makes them unsaved again.
  EXPECT_TRUE(index.AgenciesWithUnsavedFacts().empty());

  // Signed bytes that repeat the database field read back as parsing
  // merges them, as when they were harvested.
  v1::DisclosureEntry extra;
  extra.mutable_database()->mutable_file_name()->set_zh_tw("地政資料");
  const std::string repeated =
      store.at(hashes.at("b")) + extra.SerializeAsString();
  v1::DisclosureEntry merged;
  ASSERT_TRUE(merged.ParseFromString(repeated));
  store[hashes.at("b")] = repeated;
  ASSERT_TRUE(index.GetDatabase("moi", "b").has_value());
  EXPECT_EQ(index.GetDatabase("moi", "b")->file_name().zh_tw(), "地政資料");
  EXPECT_EQ(index.GetDatabase("moi", "b")->SerializeAsString(),
            merged.database().SerializeAsString());

  failing = true;
  v1h::SearchDatabasesRequest q;
  q.set_text("資料");
  EXPECT_THAT(SearchNow(index, q).status(),
              ::disclosure::testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(index.GetDatabase("moi", "a").has_value());

  index.ApplyChanges("moi", {Db("moi", "c", "地籍資料", "Land")}, {}, "v2");
  EXPECT_THAT(index.AgenciesWithUnsavedFacts(), ElementsAre("moi"));
  index.MarkFactsSaved("moi", "v1");  // an older version: still unsaved
  EXPECT_THAT(index.AgenciesWithUnsavedFacts(), ElementsAre("moi"));
  index.MarkFactsSaved("moi", "v2");
  EXPECT_TRUE(index.AgenciesWithUnsavedFacts().empty());
}

// Indexing holds off while a harvest runs, so that the two do not share
// the cores, but never longer than the indexer's deferral limit.
TEST(SearchIndexerTest, HoldsOffWhileHarvestsRunForAtMostTheLimit) {
  auto change = [](const std::string& agency) {
    SearchIndexer::Change c;
    c.agency_id = agency;
    c.kind = SearchIndexer::Change::Kind::kReplaceAgency;
    c.upserts.push_back(std::make_shared<const std::string>(
        testing::SampleDatabase(agency, "db-1").SerializeAsString()));
    return c;
  };
  {
    auto text = TextIndex::Open("");
    DN_ASSERT_OK(text.status());
    SearchIndexer indexer(*std::move(text), absl::Hours(1));
    indexer.BeginForeground();
    indexer.Enqueue(change("moi"));
    // Searches do not wait for a held-off index: they answer at once.
    const absl::Time t0 = absl::Now();
    EXPECT_FALSE(indexer.WaitUntilCurrent(absl::Seconds(20)));
    EXPECT_LT(absl::Now() - t0, absl::Seconds(10));
    // Long enough for one database to be indexed, were it not held off.
    absl::SleepFor(absl::Milliseconds(500));
    EXPECT_EQ(indexer.backlog().changes, 1u);
    indexer.EndForeground();
    EXPECT_TRUE(indexer.WaitUntilCurrent(absl::Seconds(30)));
    EXPECT_EQ(indexer.backlog().changes, 0u);
  }
  // A hub that harvests without pause still indexes, after the limit.
  auto text = TextIndex::Open("");
  DN_ASSERT_OK(text.status());
  SearchIndexer indexer(*std::move(text), absl::Milliseconds(200));
  indexer.BeginForeground();
  indexer.Enqueue(change("moi"));
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (indexer.backlog().changes > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(indexer.backlog().changes, 0u);
  indexer.EndForeground();
}

// While a harvest runs, a search answers from what is indexed instead of
// waiting for what the harvest has just accepted.
TEST(DisclosureIndexTest, SearchesDuringAHarvestDoNotWaitForTheIndex) {
  DisclosureIndex index;
  index.BeginHarvest();
  index.ReplaceAgency("moi", {Db("moi", "a", "戶籍資料", "x")}, "v1");
  const absl::Time t0 = absl::Now();
  EXPECT_EQ(Find(index, "戶籍").total(), 0);
  EXPECT_LT(absl::Now() - t0, absl::Seconds(2));
  index.EndHarvest();
  ASSERT_TRUE(index.WaitForSearchIndex(absl::Seconds(30)));
  EXPECT_EQ(Find(index, "戶籍").total(), 1);
}

// moi's databases db-0 ... db-<n-1>, all named 戶籍資料.
std::vector<v1::DisclosureEntry> Records(int n) {
  std::vector<v1::DisclosureEntry> entries;
  for (int i = 0; i < n; ++i)
    entries.push_back(Db("moi", absl::StrCat("db-", i), "戶籍資料", "records"));
  return entries;
}

// A search never waits for the indexer: while a large agency is being
// indexed, searches answer at once from the last commit (they used to wait
// up to 3 s for the backlog), and a search after the wait sees all of it.
TEST(DisclosureIndexTest, SearchesDuringARebuildAnswerFromTheLastCommit) {
  DisclosureIndex index;
  index.ReplaceAgency("moi", Records(6000));
  v1h::SearchDatabasesRequest q;
  q.set_text("戶籍");
  for (int i = 0; i < 5; ++i) {
    const absl::Time t0 = absl::Now();
    absl::StatusOr<v1h::SearchDatabasesResponse> r = index.Search(q);
    DN_ASSERT_OK(r.status());
    EXPECT_LT(absl::Now() - t0, absl::Seconds(2));
    // All or nothing: the agency is one change, committed at once.
    EXPECT_TRUE(r->total() == 0 || r->total() == 6000) << r->total();
  }
  ASSERT_TRUE(index.WaitForSearchIndex(absl::Seconds(60)));
  EXPECT_EQ(index.Search(q)->total(), 6000);
}

// Many searches at once, with and without text, while an agency changes:
// every answer is complete and nothing crashes. (While searches copied
// Xapian::Query::MatchAll, a static whose reference count is not atomic,
// this crashed about once in 60 runs.)
TEST(DisclosureIndexTest, ConcurrentSearchesWhileChanging) {
  DisclosureIndex index;
  index.ReplaceAgency("moi", Records(40));
  ASSERT_TRUE(index.WaitForSearchIndex(absl::Seconds(30)));
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        v1h::SearchDatabasesRequest q;
        q.set_agency_id("moi");
        if ((i + t) % 2 == 0) q.set_text("戶籍");
        auto r = index.Search(q);
        if (!r.ok() || r->total() != 40) ++bad;
      }
    });
  }
  for (int i = 0; i < 20; ++i)
    index.ApplyChanges("mof", {Db("mof", absl::StrCat("x", i), "財稅", "t")},
                       {});
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

// A database with `n` linkages to mof/tax, the given direction.
v1::DisclosureEntry Linked(const std::string& agency, const std::string& id,
                           int n, v1::Linkage::Direction direction) {
  v1::DisclosureEntry e = Db(agency, id, "資料", "data");
  e.mutable_database()->clear_linkages();
  e.mutable_database()->clear_out_of_purpose_uses();
  for (int i = 0; i < n; ++i) {
    v1::Linkage* l = e.mutable_database()->add_linkages();
    l->set_linked_entry_id("mof/tax");
    l->set_direction(direction);
    l->mutable_purpose()->set_zh_tw(absl::StrCat("勾稽 ", i));
  }
  return e;
}

TEST(DisclosureIndexTest, LinkageGraphKeepsDirectionAndPages) {
  DisclosureIndex index;
  index.ReplaceAgency("mof", {Db("mof", "tax", "財稅資料", "Tax data")});
  index.ReplaceAgency(
      "moi", {Linked("moi", "in", 1, v1::Linkage::DIRECTION_INBOUND),
              Linked("moi", "out", 1200, v1::Linkage::DIRECTION_OUTBOUND)});
  v1h::GetLinkageGraphRequest req;
  req.set_entry_id("moi/in");
  auto graph = index.LinkageGraph(req);
  ASSERT_TRUE(graph.ok());
  ASSERT_EQ(graph->edges_size(), 1);
  EXPECT_EQ(graph->edges(0).from_entry_id(), "moi/in");
  EXPECT_EQ(graph->edges(0).to(), "mof/tax");
  EXPECT_EQ(graph->edges(0).direction(), v1::Linkage::DIRECTION_INBOUND);
  EXPECT_THAT(graph->nodes(), ElementsAre("mof/tax", "moi/in"));

  // Every edge once over the pages, in a stable order, each page bounded.
  req.Clear();
  req.set_page_size(1000);
  int seen = 0;
  int pages = 0;
  for (std::string token;; ++pages) {
    req.set_page_token(token);
    auto page = index.LinkageGraph(req);
    ASSERT_TRUE(page.ok());
    EXPECT_LE(page->edges_size(), 1000);
    EXPECT_EQ(page->total_edges(), 1202);  // + mof/tax's own
    seen += page->edges_size();
    token = page->next_page_token();
    if (token.empty()) break;
  }
  EXPECT_EQ(seen, 1202);
  EXPECT_EQ(pages, 1);  // two pages: 1000 + 202
  // Removing the database removes its edges.
  index.ApplyChanges("moi", std::vector<v1::DisclosureEntry>(), {"db/out"});
  req.Clear();
  EXPECT_EQ(index.LinkageGraph(req)->total_edges(), 2);
  // Tokens are only the ones handed out.
  req.set_page_token("x");
  EXPECT_THAT(index.LinkageGraph(req), ::disclosure::testing::StatusIs(
                                           absl::StatusCode::kInvalidArgument));
}

// The export's walk over every edge gives LinkageGraph's edges, in its
// order, with the same dangling and confirmed marks, whatever the batch.
TEST(DisclosureIndexTest, NextEdgesWalksTheGraphInBatches) {
  DisclosureIndex index;
  index.ReplaceAgency("mof", {Db("mof", "tax", "財稅資料", "Tax data")});
  index.ReplaceAgency(
      "moi", {Linked("moi", "in", 3, v1::Linkage::DIRECTION_INBOUND),
              Linked("moi", "out", 40, v1::Linkage::DIRECTION_OUTBOUND)});
  index.ReplaceAgency("mohw",
                      {Linked("mohw", "a", 5, v1::Linkage::DIRECTION_BOTH)});
  v1h::GetLinkageGraphRequest req;
  req.set_page_size(1000);
  auto graph = index.LinkageGraph(req);
  ASSERT_TRUE(graph.ok());
  ASSERT_EQ(graph->edges_size(), 49);  // + mof/tax's own
  for (size_t batch : {1, 4, 1000}) {
    DisclosureIndex::EdgeCursor cursor;
    std::vector<v1h::LinkageEdge> walked;
    std::vector<size_t> sizes;
    for (int calls = 0; calls < 100; ++calls) {
      const auto edges = index.NextEdges(&cursor, batch);
      if (edges.empty()) break;
      sizes.push_back(edges.size());
      walked.insert(walked.end(), edges.begin(), edges.end());
    }
    // Whole databases: a batch ends at a database's last edge, so only the
    // last batch holds fewer than asked.
    for (size_t i = 0; i + 1 < sizes.size(); ++i)
      EXPECT_GE(sizes[i], batch) << "batch " << batch;
    ASSERT_EQ(walked.size(), 49u) << "batch " << batch;
    for (int i = 0; i < 49; ++i) {
      EXPECT_EQ(walked[i].SerializeAsString(),
                graph->edges(i).SerializeAsString())
          << "batch " << batch << ", edge " << i;
    }
  }
}

// With a data category, the graph holds the edges of databases that hold
// it (not withdrawn) and of what their edges reach.
TEST(DisclosureIndexTest, LinkageGraphByDataCategory) {
  auto with_category = [](v1::DisclosureEntry e, const std::string& code) {
    e.mutable_database()->clear_data_categories();
    e.mutable_database()->add_data_categories()->set_code(code);
    return e;
  };
  DisclosureIndex index;
  index.ReplaceAgency("mof",
                      {with_category(Db("mof", "tax", "財稅", "Tax"), "C002")});
  v1::DisclosureEntry holder = with_category(
      Linked("moi", "in", 1, v1::Linkage::DIRECTION_INBOUND), "C777");
  v1::DisclosureEntry withdrawn = with_category(
      Linked("moi", "old", 1, v1::Linkage::DIRECTION_INBOUND), "C777");
  withdrawn.mutable_database()->set_status(v1::ENTRY_STATUS_WITHDRAWN);
  v1::DisclosureEntry other = with_category(
      Linked("moi", "other", 1, v1::Linkage::DIRECTION_INBOUND), "C001");
  index.ReplaceAgency("moi", {holder, withdrawn, other});
  v1h::GetLinkageGraphRequest req;
  req.set_data_category("C777");
  auto graph = index.LinkageGraph(req);
  ASSERT_TRUE(graph.ok());
  // moi/in holds C777 and reaches mof/tax, whose own edge comes too;
  // moi/other (another category) does not, nor moi/old (withdrawn
  // databases have no edges).
  std::vector<std::string> from;
  for (const auto& e : graph->edges()) from.push_back(e.from_entry_id());
  EXPECT_THAT(from, ::testing::UnorderedElementsAre("mof/tax", "moi/in"));
  req.set_data_category("C999");
  EXPECT_EQ(index.LinkageGraph(req)->edges_size(), 0);
}

// Links across agencies are checked by the hub: a target it does not hold
// (never published, withdrawn, or of an unregistered agency) is dangling,
// and stops being so when the target is published.
TEST(DisclosureIndexTest, LinksToEntriesTheHubDoesNotHoldAreDangling) {
  DisclosureIndex index;
  index.ReplaceAgency("moi",
                      {Linked("moi", "in", 1, v1::Linkage::DIRECTION_INBOUND)});
  v1h::GetLinkageGraphRequest req;
  req.set_entry_id("moi/in");
  auto graph = index.LinkageGraph(req);
  ASSERT_EQ(graph->edges_size(), 1);
  EXPECT_TRUE(graph->edges(0).dangling());  // mof has published nothing
  req.set_dangling_only(true);
  EXPECT_EQ(index.LinkageGraph(req)->total_edges(), 1);

  index.ReplaceAgency("mof", {Db("mof", "tax", "財稅資料", "Tax data")});
  EXPECT_EQ(index.LinkageGraph(req)->total_edges(), 0);
  req.set_dangling_only(false);
  EXPECT_FALSE(index.LinkageGraph(req)->edges(0).dangling());

  v1::DisclosureEntry withdrawn = Db("mof", "tax", "財稅資料", "Tax data");
  withdrawn.mutable_database()->set_status(v1::ENTRY_STATUS_WITHDRAWN);
  index.ApplyChanges("mof", {withdrawn}, {});
  EXPECT_TRUE(index.LinkageGraph(req)->edges(0).dangling());
}

TEST(DisclosureIndexTest, PageTokensAreStrict) {
  EXPECT_EQ(*ParsePageToken(""), 0u);
  EXPECT_EQ(*ParsePageToken("500"), 500u);
  for (const char* bad :
       {"-1", "+5", " 5", "5 ", "1e3", "18446744073709551615", "0x10", "abc"}) {
    EXPECT_THAT(ParsePageToken(bad), ::disclosure::testing::StatusIs(
                                         absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

}  // namespace
}  // namespace disclosure::hub
