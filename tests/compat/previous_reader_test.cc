// A node of this release meets a reader of the previous format: the hub of
// format 1, played by tests/compat/format1_reader.py, whose stubs come
// from the schema as it stood at format 1 (tests/testdata/format-1/schema),
// so it knows none of format 2's fields. Left at the default format, the
// node serves what that reader reads in full; moved to format 2, the reader
// refuses the snapshot as newer, naming the version, and reads nothing
// wrongly. (The other direction, format 1 nodes with this release's hub,
// is export_test's AFormat2NodeBesideFormat1NodesWithholdsInPlace.)
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace disclosure::testing {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using ::testing::HasSubstr;

constexpr char kSchema[] = "tests/testdata/format-1/schema/proto";

// Python stubs of the format 1 schema in `dir`.
void GenerateStubs(const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> gen = {
      "/usr/bin/protoc", absl::StrCat("-I", kSchema), "--python_out=" + dir,
      "--grpc_python_out=" + dir,
      "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"};
  for (const auto& f : std::filesystem::recursive_directory_iterator(kSchema))
    if (f.path().extension() == ".proto")
      gen.push_back(std::filesystem::relative(f.path(), kSchema).string());
  CommandResult g = RunCommand(gen);
  ASSERT_EQ(g.exit_code, 0) << g.err;
}

void Write(NodeHarness& node, const v1::DatabaseEntry& db) {
  auto admin = node.Admin();
  v1n::WriteResponse w;
  {
    grpc::ClientContext c;
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("mof");
    ASSERT_TRUE(admin->UpsertAgencyProfile(&c, p, &w).ok());
  }
  grpc::ClientContext c;
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = db;
  ASSERT_TRUE(admin->UpsertDatabaseEntries(&c, d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  grpc::ClientContext pc;
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(&pc, {}, &r).ok());
}

TEST(PreviousReaderTest, AFormat1HubReadsThisNodeOrRefusesFormat2) {
  TempDir dir;
  const std::string stubs = dir.File("stubs");
  GenerateStubs(stubs);
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mof"), &pki, "mof");
  node.config().set_statistics_tracked_from("2025-H2");  // statistics too
  ASSERT_THAT(node.Start(&clock), IsOk());
  Write(node, SampleDatabase("mof", "tax-data"));
  const TlsFilePaths hub = pki.Issue("hub-client", node.HubIdentityString());
  const auto read = [&] {
    return RunCommand({"/usr/bin/python3", "tests/compat/format1_reader.py",
                       stubs,
                       absl::StrCat("localhost:", node.node().snapshot_port()),
                       hub.cert_file, hub.key_file, pki.ca_file()});
  };
  CommandResult r = read();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("format 1"));
  EXPECT_THAT(r.out, HasSubstr("entries rebuild the signed root: ok"));
  EXPECT_THAT(r.out, HasSubstr("with unknown fields: 0"));

  // Moved to format 2, with a field withheld: refused as newer.
  const int port = node.node().snapshot_port();
  node.Stop();
  node.config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  node.config().set_snapshot_format_version(2);
  ASSERT_THAT(node.Start(&clock), IsOk());
  v1::DatabaseEntry tax = SampleDatabase("mof", "tax-data");
  tax.clear_record_sources();
  v1::WithheldField* f = tax.add_withheld_fields();
  f->set_field("record_sources");
  *f->mutable_withholding() = SampleWithholding(3);
  tax.set_change_note("資料來源限制公開");
  Write(node, tax);
  r = read();
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("manifest format version 2 is newer"));
}

}  // namespace
}  // namespace disclosure::testing
