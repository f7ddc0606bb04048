// Interoperability: the export's tlog-tiles (logs/<agency>/) read with Go's
// golang.org/x/mod/sumdb/tlog alone (TileHashReader, offline): every
// manifest proven included from the entry bundles, and a later export's log
// proven consistent with an earlier one's, with no project code. Also: a
// later atomic export hard-links the full tiles it already had.
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace disclosure {
namespace {

namespace v1n = disclosure::v1::node;
using ::disclosure::testing::CommandResult;
using ::disclosure::testing::RunCommand;
using ::testing::HasSubstr;

constexpr char kGo[] = "/usr/bin/go";
constexpr char kGoPath[] = "/usr/share/gocode";

void Publish(testing::NodeHarness& node, int times) {
  auto admin = node.Admin();
  for (int i = 0; i < times; ++i) {
    grpc::ClientContext c;
    v1n::PublishResponse r;
    ASSERT_TRUE(admin->Publish(&c, {}, &r).ok());
  }
}

ino_t Inode(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(GoTilesInteropTest, SumdbTlogFollowsTheExportedLog) {
  ASSERT_TRUE(std::filesystem::exists(kGo) &&
              std::filesystem::exists(
                  absl::StrCat(kGoPath, "/src/golang.org/x/mod/sumdb/tlog")))
      << "needs Debian's golang-go and golang-golang-x-mod-dev";
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::NodeHarness node(dir.File("moi"), &pki, "moi");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  {
    auto admin = node.Admin();
    v1n::WriteResponse w;
    grpc::ClientContext c;
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = testing::SampleProfile("moi");
    ASSERT_TRUE(admin->UpsertAgencyProfile(&c, p, &w).ok());
  }
  Publish(node, 3);
  testing::HubHarness hub(dir.File("hub"), &pki);
  hub.Register("moi", node);
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_EQ(hub.hub().HarvestNow(true).accepted, 1);
  const std::string link = dir.File("site");
  DN_ASSERT_OK(hub.hub().Export(link, /*atomic_link=*/true));
  const std::string old_log = dir.File("old-log");
  std::filesystem::copy(link + "/logs/moi", old_log,
                        std::filesystem::copy_options::recursive);

  // 300 snapshots: one full level-0 tile and entry bundle, partial ones of
  // width 44, and a partial level-1 tile.
  Publish(node, 297);
  ASSERT_EQ(hub.hub().HarvestNow(true).accepted, 1);
  DN_ASSERT_OK(hub.hub().Export(link, /*atomic_link=*/true));
  const std::string log = link + "/logs/moi";
  for (const char* f :
       {"checkpoint", "tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1",
        "tile/entries/000", "tile/entries/001.p/44"}) {
    EXPECT_TRUE(std::filesystem::exists(absl::StrCat(log, "/", f))) << f;
  }
  EXPECT_EQ(*ReadFile(log + "/checkpoint", 1 << 16),
            *ReadFile(link + "/checkpoints/moi.note", 1 << 16));

  ASSERT_TRUE(
      WriteNewFile(dir.File("moi.vkey"), testing::NodeVkey(node), 0644).ok());
  CommandResult r = RunCommand(
      {"/usr/bin/env", "GO111MODULE=off", absl::StrCat("GOPATH=", kGoPath),
       absl::StrCat("GOCACHE=", dir.path(), "/gocache"),
       absl::StrCat("HOME=", dir.path()), "GOFLAGS=", "GOPROXY=off", kGo, "run",
       "tests/interop/tlog_tiles/verify.go", old_log, log,
       dir.File("moi.vkey")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("inclusion: all 300 manifests"));
  EXPECT_THAT(r.out, HasSubstr("consistency: size 300 extends size 3"));

  // The next export links the full tiles it had: same file, same bytes.
  const ino_t full_tile = Inode(log + "/tile/0/000");
  Publish(node, 1);
  ASSERT_EQ(hub.hub().HarvestNow(true).accepted, 1);
  DN_ASSERT_OK(hub.hub().Export(link, /*atomic_link=*/true));
  EXPECT_EQ(Inode(link + "/logs/moi/tile/0/000"), full_tile);
  EXPECT_TRUE(std::filesystem::exists(link + "/logs/moi/tile/0/001.p/45"));
  // The partial tiles of the size verified before stay for its clients.
  EXPECT_TRUE(std::filesystem::exists(link + "/logs/moi/tile/0/001.p/44"));
  EXPECT_TRUE(
      std::filesystem::exists(link + "/logs/moi/tile/entries/001.p/44"));

  // A tampered entry bundle is caught by Go's reader.
  const std::string bundle = link + "/logs/moi/tile/entries/000";
  std::string bytes = *ReadFile(bundle, 1 << 20);
  bytes[10] ^= 1;
  std::filesystem::remove(bundle);
  ASSERT_TRUE(WriteNewFile(bundle, bytes, 0644).ok());
  CommandResult bad = RunCommand(
      {"/usr/bin/env", "GO111MODULE=off", absl::StrCat("GOPATH=", kGoPath),
       absl::StrCat("GOCACHE=", dir.path(), "/gocache"),
       absl::StrCat("HOME=", dir.path()), "GOFLAGS=", "GOPROXY=off", kGo, "run",
       "tests/interop/tlog_tiles/verify.go", old_log, link + "/logs/moi",
       dir.File("moi.vkey")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("is not in the checkpoint"));
}

}  // namespace
}  // namespace disclosure
