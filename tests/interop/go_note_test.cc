// Interoperability: the export's signed listing opens with Go's
// golang.org/x/mod/sumdb/note (Debian golang-golang-x-mod-dev, built offline
// in GOPATH mode) under the export key the export publishes, and a changed
// note does not; the export's own examples (verify.html) run as shown.
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

// Runs `program` (the export's examples/verify-note.go: it opens a signed
// note under one key with Go's package) with `go run`, offline.
CommandResult GoVerify(const std::string& tmp, const std::string& program,
                       const std::string& vkey_file,
                       const std::string& note_file) {
  return RunCommand(
      {"/usr/bin/env", "GO111MODULE=off", absl::StrCat("GOPATH=", kGoPath),
       absl::StrCat("GOCACHE=", tmp, "/gocache"), absl::StrCat("HOME=", tmp),
       "GOFLAGS=", "GOPROXY=off", kGo, "run", program, vkey_file, note_file});
}

TEST(GoNoteInteropTest, ExportListingOpensWithSumdbNote) {
  ASSERT_TRUE(std::filesystem::exists(kGo) &&
              std::filesystem::exists(
                  absl::StrCat(kGoPath, "/src/golang.org/x/mod/sumdb/note")))
      << "needs Debian's golang-go and golang-golang-x-mod-dev "
         "(deploy/install-deps.sh)";
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
    grpc::ClientContext c2;
    v1n::PublishResponse r;
    ASSERT_TRUE(admin->Publish(&c2, {}, &r).ok());
  }
  testing::HubHarness hub(dir.File("hub"), &pki);
  hub.Register("moi", node);
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  hub.hub().HarvestNow(true);
  const std::string site = dir.File("site");
  DN_ASSERT_OK(hub.hub().Export(site, false));

  // The export's own example program, as verify.html shows it.
  const std::string go = site + "/examples/verify-note.go";
  CommandResult ok = GoVerify(dir.path(), go, site + "/keys/export-signer.vkey",
                              site + "/export-manifest.note");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("disclosure-net/export/v3\n"));
  EXPECT_THAT(ok.out, HasSubstr("export-manifest.txt "));

  // The agency's checkpoint opens too, under the agency's key (the hub's
  // cosignature line is of a type Go's package skips as unknown).
  ASSERT_TRUE(
      WriteNewFile(dir.File("moi.vkey"), testing::NodeVkey(node), 0644).ok());
  CommandResult cp = GoVerify(dir.path(), go, dir.File("moi.vkey"),
                              site + "/checkpoints/moi.note");
  EXPECT_EQ(cp.exit_code, 0) << cp.err;

  // The export's Python example: the checkpoint and its cosignature with
  // Python's cryptography.
  CommandResult py = testing::RunCommand(
      {"/usr/bin/python3", site + "/examples/verify-checkpoint.py",
       site + "/checkpoints/moi.note", dir.File("moi.vkey"),
       site + "/keys/hub-cosigner.vkey"});
  EXPECT_EQ(py.exit_code, 0) << py.out << py.err;
  EXPECT_THAT(py.out, HasSubstr(" signed\n"));
  EXPECT_THAT(py.out, HasSubstr("cosigned at "));
  // Under a key that did not sign it (the export's), it says so and fails.
  CommandResult wrong = testing::RunCommand(
      {"/usr/bin/python3", site + "/examples/verify-checkpoint.py",
       site + "/checkpoints/moi.note", site + "/keys/export-signer.vkey",
       site + "/keys/hub-cosigner.vkey"});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_THAT(wrong.out, HasSubstr("NOT VERIFIED"));

  // A changed text does not open.
  std::string note = *ReadFile(site + "/export-manifest.note", 1 << 16);
  note.replace(note.find("time "), 6, "time 9");
  ASSERT_TRUE(WriteNewFile(dir.File("changed.note"), note, 0644).ok());
  CommandResult bad =
      GoVerify(dir.path(), go, site + "/keys/export-signer.vkey",
               dir.File("changed.note"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("invalid signature"));
}

}  // namespace
}  // namespace disclosure
