// hub/index: text search over Chinese and English without word spacing,
// filters, paging, and the index following changes and removals.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/index/disclosure_index.h"
#include "tests/testing/sample_inventory.h"

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

v1h::SearchDatabasesResponse Find(const DisclosureIndex& index,
                                  const std::string& text) {
  v1h::SearchDatabasesRequest q;
  q.set_text(text);
  return *index.Search(q);
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

TEST(DisclosureIndexTest, ChangesAndRemovalsAreFollowed) {
  DisclosureIndex index;
  index.ReplaceAgency("moi", {Db("moi", "photos", "身分證相片", "ID photos")});
  index.ApplyChanges(
      "moi", {Db("moi", "photos", "國民身分證相片影像檔", "ID photographs")},
      {});
  EXPECT_THAT(Ids(Find(index, "影像")), ElementsAre("moi/photos"));
  EXPECT_EQ(Find(index, "相片").total(), 1);
  index.ApplyChanges("moi", {}, {"db/photos"});
  EXPECT_EQ(Find(index, "相片").total(), 0);
  index.ReplaceAgency("moi", {Db("moi", "a", "甲資料", "A")});
  index.RemoveAgency("moi");
  EXPECT_EQ(Find(index, "資料").total(), 0);
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
  auto page1 = *index.Search(q);
  EXPECT_EQ(page1.total(), 119);  // the tombstone is left out
  EXPECT_EQ(page1.hits_size(), 50);
  q.set_page_token(page1.next_page_token());
  auto page2 = *index.Search(q);
  EXPECT_EQ(page2.hits(0).entry_id(), "mof/db-1051");  // 1005 withdrawn
  q.set_include_withdrawn(true);
  q.clear_page_token();
  EXPECT_EQ(index.Search(q)->total(), 120);
  v1h::SearchDatabasesRequest by_category;
  by_category.set_data_category("C999");
  EXPECT_EQ(index.Search(by_category)->total(), 0);
  by_category.set_data_category("C001");
  EXPECT_EQ(index.Search(by_category)->total(), 119);
}

}  // namespace
}  // namespace disclosure::hub
