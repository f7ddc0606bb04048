// Interoperability: a Python client generated from proto/ with Debian's
// python3-grpcio queries a real hub over TLS and verifies a proof bundle's
// Merkle inclusion with its own code (tests/interop/hub_client.py).
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
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
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::RunCommand;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

TEST(PythonInteropTest, PythonClientVerifiesAProofBundle) {
  TempDir dir;
  // Python stubs from proto/, with the system protoc and plugin.
  const std::string stubs = dir.File("stubs");
  std::filesystem::create_directories(stubs);
  std::vector<std::string> gen = {
      "/usr/bin/protoc", "-Iproto", "--python_out=" + stubs,
      "--grpc_python_out=" + stubs,
      "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"};
  for (const auto& f : std::filesystem::recursive_directory_iterator("proto")) {
    if (f.path().extension() == ".proto") {
      gen.push_back(std::filesystem::relative(f.path(), "proto").string());
    }
  }
  CommandResult g = RunCommand(gen);
  ASSERT_EQ(g.exit_code, 0) << g.err;

  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mohw"), &pki, "mohw");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  auto admin = node.Admin();
  v1n::WriteResponse w;
  {
    grpc::ClientContext c;
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = testing::SampleProfile("mohw");
    ASSERT_TRUE(admin->UpsertAgencyProfile(&c, p, &w).ok());
  }
  {
    grpc::ClientContext c;
    v1n::UpsertDatabaseEntriesRequest d;
    for (const char* id : {"hwdc", "cancer-registry", "nhi-claims"}) {
      auto e = testing::SampleDatabase("mohw", id);
      e.mutable_file_name()->set_zh_tw(std::string("衛生福利資料") + id);
      *d.add_entries() = e;
    }
    ASSERT_TRUE(admin->UpsertDatabaseEntries(&c, d, &w).ok());
    ASSERT_TRUE(w.applied());
  }
  {
    grpc::ClientContext c;
    v1n::PublishResponse r;
    ASSERT_TRUE(admin->Publish(&c, {}, &r).ok());
  }
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mohw", node);
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_EQ(hub.hub().HarvestNow(true).accepted, 1);
  // Searches answer from what is indexed: let the harvest reach it.
  ASSERT_TRUE(hub.hub().index().WaitForSearchIndex(absl::Seconds(30)));

  CommandResult r =
      RunCommand({"/usr/bin/python3", "tests/interop/hub_client.py", stubs,
                  absl::StrCat("localhost:", hub.hub().index_port()),
                  hub.config().ca_file(), "mohw", "hwdc", "資料hwdc"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("agencies: mohw"));
  EXPECT_THAT(r.out, HasSubstr("search: 1 mohw/hwdc"));
  EXPECT_THAT(r.out, HasSubstr("entry in manifest root: ok"));
  EXPECT_THAT(r.out, HasSubstr("manifest in checkpoint root: ok"));
}

// The hub is a witness too: the same client, written from the C2SP text
// alone, checks every status code and the cosignature at the hub's
// tlog-witness endpoint, for a log registered in the hub's registry.
TEST(TlogWitnessInteropTest, TheHubsWitnessEndpointFollowsTheSpec) {
  TempDir dir;
  const std::string origin = absl::StrCat(testing::kTrustDomain, "/agency/py");
  const std::string seed = dir.File("seed");
  CommandResult k =
      RunCommand({"/usr/bin/python3", "tests/interop/tlog_witness_client.py",
                  "keygen", origin, seed});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  std::string vkey = k.out;
  while (!vkey.empty() && vkey.back() == '\n') vkey.pop_back();

  TestPki pki(dir.path());
  RealClock clock;
  HubHarness hub(dir.File("hub"), &pki);
  hub.RegisterRaw("py", "127.0.0.1:1", {vkey});
  hub.config().set_witness_listen("127.0.0.1:0");
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_GT(hub.hub().witness_port(), 0);

  CommandResult r =
      RunCommand({"/usr/bin/python3", "tests/interop/tlog_witness_client.py",
                  "check", absl::StrCat(hub.hub().witness_port()), origin, seed,
                  hub.hub().cosigner_vkey()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("all checks passed"));
}

}  // namespace
}  // namespace disclosure
