// Stores carry a format number (docs/compatibility.md), for each of the
// three stores: a new store and a store from before numbers were kept get
// this release's; a store a newer release wrote (a higher number, or a
// column family this release does not know) is refused with a message
// that names the program and says what to do, and is left unchanged.
#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/storage/hub_store.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "rocksdb/db.h"
#include "storage/rocksdb_util.h"
#include "tests/compat/raw_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"
#include "witness/witness_store.h"

namespace disclosure {
namespace {

using ::disclosure::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

struct StoreKind {
  const char* program;
  uint32_t format;
  // Opens (creating) the store in the folder; closes it again.
  std::function<absl::Status(const std::string&)> open;
};

std::ostream& operator<<(std::ostream& os, const StoreKind& k) {
  return os << k.program;
}

const StoreKind kKinds[] = {
    {"disclosure-node", node::kNodeStoreFormat,
     [](const std::string& dir) { return node::OpenNodeStore(dir).status(); }},
    {"disclosure-hub", hub::kHubStoreFormat,
     [](const std::string& dir) { return hub::HubStore::Open(dir).status(); }},
    {"disclosure-witness", witness::kWitnessStoreFormat,
     [](const std::string& dir) {
       return witness::RocksWitnessStore::Open(dir, true).status();
     }},
};

// The store's format number as RocksDB holds it ("" when absent).
std::string StoredFormat(const std::string& dir) {
  auto store = testing::RawStore::Open(dir, testing::RawStore::kReadOnly);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return "";
  std::string value;
  if (!(*store)
           ->db()
           ->Get(rocksdb::ReadOptions(), kStoreFormatKey, &value)
           .ok())
    value = "";
  return value;
}

// Rewrites the store as another release would have: `format` "" removes
// the number; `extra_family` adds a column family.
void Rewrite(const std::string& dir, const std::string& format,
             const std::string& extra_family = "") {
  auto store = testing::RawStore::Open(dir, testing::RawStore::kWrite);
  ASSERT_TRUE(store.ok()) << store.status();
  rocksdb::DB* db = (*store)->db();
  if (format.empty()) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), kStoreFormatKey).ok());
  } else {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), kStoreFormatKey, format).ok());
  }
  if (!extra_family.empty()) {
    ASSERT_TRUE((*store)->AddFamily(extra_family).ok());
  }
}

class StoreFormatTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  testing::TempDir dir_;
  std::string store_ = dir_.File("store");
};

TEST_P(StoreFormatTest, ANewStoreCarriesThisReleasesFormat) {
  DN_ASSERT_OK(GetParam().open(store_));
  EXPECT_EQ(StoredFormat(store_), absl::StrCat(GetParam().format));
}

TEST_P(StoreFormatTest, AStoreFromBeforeNumbersWereKeptIsGivenOne) {
  DN_ASSERT_OK(GetParam().open(store_));
  Rewrite(store_, "");
  ASSERT_EQ(StoredFormat(store_), "");
  DN_ASSERT_OK(GetParam().open(store_));
  EXPECT_EQ(StoredFormat(store_), absl::StrCat(GetParam().format));
}

TEST_P(StoreFormatTest, AStoreOfANewerFormatIsRefusedAndLeftAlone) {
  DN_ASSERT_OK(GetParam().open(store_));
  const std::string newer = absl::StrCat(GetParam().format + 1);
  Rewrite(store_, newer);
  EXPECT_THAT(GetParam().open(store_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("has format ", newer)),
                             HasSubstr("written by a newer release"),
                             HasSubstr(GetParam().program),
                             HasSubstr("restore a backup"))));
  EXPECT_EQ(StoredFormat(store_), newer);
}

TEST_P(StoreFormatTest, AStoreWithAnUnknownColumnFamilyIsRefused) {
  DN_ASSERT_OK(GetParam().open(store_));
  Rewrite(store_, absl::StrCat(GetParam().format), "added-later");
  EXPECT_THAT(GetParam().open(store_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("\"added-later\""),
                             HasSubstr("written by a newer release"))));
}

TEST_P(StoreFormatTest, AnUnreadableFormatNumberIsDataLoss) {
  DN_ASSERT_OK(GetParam().open(store_));
  Rewrite(store_, "one");
  EXPECT_THAT(GetParam().open(store_),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("unreadable format number")));
}

INSTANTIATE_TEST_SUITE_P(EveryStore, StoreFormatTest,
                         ::testing::ValuesIn(kKinds));

}  // namespace
}  // namespace disclosure
