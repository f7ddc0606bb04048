// The hub never holds a raw request record: publish records carrying
// unique marker strings at a node, harvest, then look for the markers in
// every key and value of every column family of the hub's RocksDB, and in
// its raw files rewritten without compression. The same scan pointed at
// the node's store finds them, so the scan can fail.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/storage/hub_store.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;

// Markers found in the store's keys and values, by iteration.
int CountInFamilies(rocksdb::DB* db,
                    const std::vector<rocksdb::ColumnFamilyHandle*>& families,
                    const std::vector<std::string>& markers) {
  int found = 0;
  for (auto* cf : families) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string kv = it->key().ToString() + it->value().ToString();
      for (const auto& m : markers) found += kv.find(m) != std::string::npos;
    }
  }
  return found;
}

// Markers found in any file under `dir`, byte for byte.
int CountInFiles(const std::string& dir,
                 const std::vector<std::string>& markers) {
  int found = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    for (const auto& m : markers) found += bytes.find(m) != std::string::npos;
  }
  return found;
}

// Rewrites every file of the store without compression.
void Uncompress(rocksdb::DB* db,
                const std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  for (auto* cf : families) {
    ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), cf).ok());
    rocksdb::CompactRangeOptions o;
    o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    ASSERT_TRUE(db->CompactRange(o, cf, nullptr, nullptr).ok());
  }
}

TEST(NoRawRecordsTest, HubStoreHoldsNoRawRequestRecord) {
  TempDir dir;
  TestPki pki(dir.path());
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                  absl::FixedTimeZone(8 * 3600)));
  NodeHarness node(dir.File("mof"), &pki, "mof");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  std::mt19937_64 rng(std::random_device{}());
  std::vector<std::string> markers;
  auto admin = node.Admin();
  grpc::ClientContext ctx;
  v1n::AppendRequestRecordsResponse ar;
  auto writer = admin->AppendRequestRecords(&ctx, &ar);
  v1n::AppendRequestRecordsRequest batch;
  for (int i = 0; i < 20; ++i) {
    auto r =
        testing::SampleRequest(absl::StrCat("req-", i),
                               absl::FromCivil(absl::CivilDay(2026, 3, 1 + i),
                                               absl::FixedTimeZone(8 * 3600)));
    const std::string m = absl::StrCat("RAWMARK", rng(), "X");
    markers.push_back(m);
    r.set_doc_no(m + "-doc");
    r.set_case_ref(m + "-case");
    r.set_provider_name(m + "-provider");
    r.set_officer_id(m + "-officer");
    *batch.add_records() = r;
  }
  ASSERT_TRUE(writer->Write(batch));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  ASSERT_EQ(ar.written(), 20);
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = testing::SampleProfile("mof");
  v1n::WriteResponse w;
  grpc::ClientContext c2;
  ASSERT_TRUE(admin->UpsertAgencyProfile(&c2, p, &w).ok());
  v1n::PublishResponse pr;
  grpc::ClientContext c3;
  ASSERT_TRUE(admin->Publish(&c3, {}, &pr).ok());

  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", node);
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_EQ(hub.hub().HarvestNow(true).accepted, 1);
  // The statistics made it: 20 requests counted.
  ASSERT_TRUE(hub.hub().index().Counts("mof").second >= 1);
  hub.Stop();
  node.Stop();

  // The hub: no marker anywhere.
  {
    auto store = *hub::HubStore::Open(hub.config().data_dir(), false,
                                      /*compress=*/false);
    EXPECT_EQ(CountInFamilies(store->db(), store->column_families(), markers),
              0);
    Uncompress(store->db(), store->column_families());
  }
  EXPECT_EQ(CountInFiles(hub.config().data_dir(), markers), 0);

  // The node: every marker, both ways (the scan works).
  {
    auto store = *node::OpenNodeStore(node.config().data_dir(),
                                      v1n::STATISTICS_PERIOD_HALF_YEAR,
                                      /*compress=*/false);
    EXPECT_EQ(CountInFamilies(store->db(), store->column_families(), markers),
              20);
    Uncompress(store->db(), store->column_families());
  }
  EXPECT_GE(CountInFiles(node.config().data_dir(), markers), 20);
}

}  // namespace
}  // namespace disclosure
