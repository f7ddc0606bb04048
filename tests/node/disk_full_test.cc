// The node on a full disk: imports and publications fail with a clear
// RESOURCE_EXHAUSTED, nothing half-written, the snapshot service keeps
// serving what the node has, and everything works again once space is
// freed. The disk is a small tmpfs mounted by the test (root only; large
// enough for the 8 MiB the store wants free before it resumes); where it
// cannot be mounted the test is skipped with the reason.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

namespace fs = std::filesystem;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(20));
  return ctx;
}

// Fills the filesystem holding `path` with a file there until ENOSPC.
void FillDisk(const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  const std::string block(64 << 10, 'x');
  while (f.write(block.data(), block.size())) {
  }
  // Smaller pieces for the last free blocks.
  f.clear();
  while (f.write("x", 1).flush()) {
  }
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    disk_ = dir_.File("disk");
    fs::create_directories(disk_);
    if (mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=32m") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs to fill (" << strerror(errno)
                   << "); run as root to test a full disk";
    }
    mounted_ = true;
  }
  void TearDown() override {
    node_.reset();
    if (mounted_) umount2(disk_.c_str(), MNT_DETACH);
  }

  grpc::Status Import(const std::string& prefix, int n,
                      v1n::AppendRequestRecordsResponse* resp) {
    v1n::AppendRequestRecordsRequest batch;
    for (int i = 0; i < n; ++i) {
      *batch.add_records() = SampleRequest(absl::StrCat(prefix, "-", i),
                                           clock_.Now() - absl::Hours(24 * 40));
    }
    auto admin = node_->Admin();
    auto ctx = Ctx();
    auto w = admin->AppendRequestRecords(ctx.get(), resp);
    w->Write(batch);
    w->WritesDone();
    return w->Finish();
  }
  grpc::Status Publish(v1n::PublishResponse* r) {
    return node_->Admin()->Publish(Ctx().get(), {}, r);
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::UTCTimeZone())};
  std::string disk_;
  bool mounted_ = false;
  std::unique_ptr<NodeHarness> node_;
};

TEST_F(DiskFullTest, FullDiskIsAClearErrorAndTheNodeRecovers) {
  node_ = std::make_unique<NodeHarness>(dir_.File("moi"), &pki_, "moi");
  node_->config().set_data_dir(disk_ + "/db");
  node_->config().set_signed_checkpoint_file(disk_ + "/db.signed-checkpoint");
  ASSERT_THAT(node_->Start(&clock_), IsOk());
  {
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("moi");
    v1n::WriteResponse w;
    ASSERT_TRUE(node_->Admin()->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
  }
  v1n::AppendRequestRecordsResponse resp;
  ASSERT_TRUE(Import("before", 200, &resp).ok());
  v1n::PublishResponse first;
  ASSERT_TRUE(Publish(&first).ok());

  FillDisk(disk_ + "/filler");
  // An import now fails cleanly and names the cause (once the space RocksDB
  // set aside for its write-ahead log is used up).
  grpc::Status s;
  for (int round = 0; round < 300 && s.ok(); ++round) {
    s = Import(absl::StrCat("full", round), 5000, &resp);
  }
  ASSERT_FALSE(s.ok()) << "the disk never filled";
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("disk"));
  // So does a publication.
  v1n::PublishResponse r;
  clock_.Advance(absl::Minutes(5));
  grpc::Status p = Publish(&r);
  EXPECT_FALSE(p.ok());
  // The node keeps serving what it has, and says what is wrong.
  auto hub = node_->Snapshots(node_->HubIdentityString());
  v1n::GetCheckpointResponse cp;
  ASSERT_TRUE(hub->GetCheckpoint(Ctx().get(), {}, &cp).ok());
  EXPECT_EQ(cp.checkpoint(), first.snapshot().checkpoint());
  v1n::GetStatusResponse st;
  ASSERT_TRUE(node_->Admin()->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_THAT(st.store_problem(), HasSubstr("disk"));

  // Space returns: imports and publications work again, without a restart.
  fs::remove(disk_ + "/filler");
  grpc::Status again;
  // RocksDB checks for free space every few seconds; the node resumes at
  // the first write after that.
  for (int i = 0; i < 200; ++i) {
    again = Import("after", 100, &resp);
    if (again.ok()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(resp.written(), 100);
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(Publish(&r).ok());
  EXPECT_EQ(r.snapshot().sequence(), 1u);
  ASSERT_TRUE(node_->Admin()->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_EQ(st.store_problem(), "");

  // And the store reopens whole.
  node_->Stop();
  ASSERT_THAT(node_->Start(&clock_), IsOk());
  ASSERT_TRUE(node_->Admin()->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_EQ(st.log_size(), 2u);
}

}  // namespace
}  // namespace disclosure
