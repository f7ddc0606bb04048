// disclosure-hub as a real process: kill -9 during a harvest round, at
// several moments; after each, the store is consistent (every agency holds
// either nothing or a complete verified snapshot), and the next round
// completes.
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "hub/storage/hub_store.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure {
namespace {

namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::Process;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;

constexpr char kHub[] = DISCLOSURE_HUB_PATH;
constexpr char kCtl[] = DISCLOSURECTL_PATH;

void SeedLarge(NodeHarness& n, const std::string&, int databases) {
  ASSERT_THAT(n.SeedAndPublish(databases), ::disclosure::testing::IsOk());
}

// Every agency holds nothing or one complete, self-consistent snapshot.
void CheckConsistent(const std::string& data_dir, int* complete) {
  auto store = hub::HubStore::Open(data_dir);
  ASSERT_TRUE(store.ok()) << store.status();
  *complete = 0;
  auto agencies = (*store)->ListAgencies();
  ASSERT_TRUE(agencies.ok());
  for (const auto& s : *agencies) {
    if (!s.has_snapshot()) continue;
    auto manifests = (*store)->GetManifests(s.agency_id());
    ASSERT_TRUE(manifests.ok());
    EXPECT_EQ(manifests->size(), s.log_size()) << s.agency_id();
    auto rec = (*store)->GetSnapshot(s.agency_id(), s.latest_sequence());
    ASSERT_TRUE(rec.ok()) << rec.status();
    for (const auto& h : rec->leaf_hashes()) {
      ASSERT_TRUE((*store)->GetEntry(*HashFromBytes(h)).ok()) << s.agency_id();
    }
    ++*complete;
  }
}

TEST(HubProcessTest, KillDuringHarvestLeavesAConsistentStore) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  std::vector<std::unique_ptr<NodeHarness>> nodes;
  HubHarness hub(dir.File("hub"), &pki);
  for (const char* id : {"mof", "moi", "mohw"}) {
    nodes.push_back(std::make_unique<NodeHarness>(dir.File(id), &pki, id));
    ASSERT_THAT(nodes.back()->Start(&clock), ::disclosure::testing::IsOk());
    SeedLarge(*nodes.back(), id, 3000);
    hub.Register(id, *nodes.back());
  }
  hub.config().mutable_limits()->set_harvest_concurrency(
      1);  // one after another
  std::string text;
  google::protobuf::TextFormat::PrintToString(hub.config(), &text);
  ASSERT_TRUE(WriteNewFile(dir.File("hub.textproto"), text, 0644).ok());

  int last_complete = 0;
  for (int delay_ms : {30, 200, 500}) {
    Process p({kHub, "--config", dir.File("hub.textproto"), "--once"},
              dir.File(absl::StrCat("hub-", delay_ms, ".log")));
    usleep(delay_ms * 1000);
    p.Signal(SIGKILL);
    p.Wait();
    int complete = 0;
    CheckConsistent(hub.config().data_dir(), &complete);
    EXPECT_GE(complete, last_complete);
    last_complete = complete;
    std::cerr << "kill after " << delay_ms << " ms: " << complete
              << " agencies with a complete snapshot\n";
  }
  // The next round completes.
  Process p({kHub, "--config", dir.File("hub.textproto"), "--once"},
            dir.File("hub-final.log"));
  EXPECT_EQ(p.Wait(), 0) << p.Log();
  int complete = 0;
  CheckConsistent(hub.config().data_dir(), &complete);
  EXPECT_EQ(complete, 3);
}

// `--once` exits 1 when the export it writes fails (here its folder cannot
// be made: a file stands where its parent should be; a full disk fails the
// same way), and 0 once the export folder is fixed.
TEST(HubProcessTest, OnceExitsNonZeroWhenTheExportFails) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mof"), &pki, "mof");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_THAT(node.SeedAndPublish(1), ::disclosure::testing::IsOk());
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", node);
  ASSERT_TRUE(WriteNewFile(dir.File("not-a-folder"), "x", 0644).ok());
  hub.config().set_export_dir(dir.File("not-a-folder/site"));
  const auto run = [&](const std::string& name) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(hub.config(), &text);
    const std::string config = dir.File(name + ".textproto");
    EXPECT_TRUE(WriteNewFile(config, text, 0644).ok());
    Process p({kHub, "--config", config, "--once"}, dir.File(name + ".log"));
    const int code = p.Wait();
    return std::make_pair(code, p.Log());
  };
  auto [code, log] = run("broken");
  EXPECT_EQ(code, 1) << log;
  EXPECT_THAT(log, ::testing::HasSubstr("export"));
  EXPECT_THAT(log, ::testing::HasSubstr("not-a-folder"));

  hub.config().set_export_dir(dir.File("site"));
  std::tie(code, log) = run("fixed");
  EXPECT_EQ(code, 0) << log;
  EXPECT_TRUE(std::filesystem::exists(dir.File("site/index.html")));
}

// The hub's own peak memory (as a separate process, measured by the kernel)
// while one hostile agency attacks it, against an honest harvest of the
// same agency. Prints the figures; asserts the bounds the limits promise.
TEST(HubProcessTest, PeakMemoryUnderEachResourceAttack) {
  TempDir dir;
  RealClock clock;
  const auto peak_mib = [&](testing::HostileNode::Mode mode, int64_t flood,
                            const std::string& name) {
    std::filesystem::create_directories(dir.File(name + "-pki"));
    TestPki pki(dir.File(name + "-pki"));
    testing::HostileNode node(&pki, "mof");
    node.Publish(testing::SampleEntries("mof", {"tax", "einvoice", "vat"}),
                 clock.Now(), absl::Hours(72));
    HubHarness hub(dir.File(name), &pki);
    hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
    std::string text;
    google::protobuf::TextFormat::PrintToString(hub.config(), &text);
    const std::string config = dir.File(name + ".textproto");
    EXPECT_TRUE(WriteNewFile(config, text, 0644).ok());
    if (mode == testing::HostileNode::kDuplicateUpserts ||
        mode == testing::HostileNode::kPhantomRemovals) {
      // These attack GetChanges: let the hub accept snapshot 0 first.
      Process first({kHub, "--config", config, "--once"},
                    dir.File(name + "-0.log"));
      EXPECT_EQ(first.Wait(), 0) << first.Log();
      node.Publish(testing::SampleEntries("mof", {"tax", "customs"}),
                   clock.Now(), absl::Hours(72));
    }
    node.set_mode(mode);
    node.set_flood(flood);
    Process p({kHub, "--config", config, "--once"}, dir.File(name + ".log"));
    int64_t peak_kib = 0;
    const int code = p.WaitMeasuringPeak(&peak_kib);
    // --once exits 3 when an agency was refused, 0 when all were accepted.
    EXPECT_EQ(code, mode == testing::HostileNode::kHonest ? 0 : 3) << p.Log();
    return peak_kib / 1024;
  };
  const int64_t honest = peak_mib(testing::HostileNode::kHonest, 0, "honest");
  struct Attack {
    testing::HostileNode::Mode mode;
    int64_t flood;
    const char* name;
    int64_t bound_mib;  // over the honest harvest
  };
  for (const Attack& a :
       {Attack{testing::HostileNode::kDuplicateUpserts, 250'000, "duplicates",
               32},
        Attack{testing::HostileNode::kPhantomRemovals, 500'000, "removals", 32},
        Attack{testing::HostileNode::kHugeEntries, 2'500, "large-entries", 32},
        Attack{testing::HostileNode::kHugeLog, 0, "huge-log", 32},
        Attack{testing::HostileNode::kOversizeReply, 100 << 20,
               "oversize-reply", 32}}) {
    const int64_t peak = peak_mib(a.mode, a.flood, a.name);
    std::cerr << "hub peak RSS under " << a.name << ": " << peak
              << " MiB (honest harvest: " << honest << " MiB)" << std::endl;
    EXPECT_LT(peak - honest, a.bound_mib) << a.name;
  }
}

// An operator clears "misbehaving" with disclosurectl, through the hub's
// admin service, and only with the hub admin identity.
TEST(HubProcessTest, OperatorClearsMisbehavingWithDisclosurectl) {
  TempDir dir;
  TestPki pki(dir.path());
  FakeClock clock(absl::FromUnixSeconds(1'795'000'000));
  testing::HostileNode node(&pki, "mof");
  node.Publish(testing::SampleEntries("mof", {"tax"}), clock.Now(),
               absl::Hours(72));
  HubHarness hub(dir.File("hub"), &pki);
  hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  ASSERT_EQ(hub.hub().harvester().HarvestAgency("mof").outcome,
            hub::HarvestResult::kAccepted);
  node.set_mode(testing::HostileNode::kFork);
  ASSERT_EQ(hub.hub().harvester().HarvestAgency("mof").failure,
            hub::FailureKind::kFork);

  const TlsFilePaths op =
      pki.Issue("operator", HubIdentity(testing::kTrustDomain) + "/admin");
  const TlsFilePaths other =
      pki.Issue("not-operator", HubIdentity(testing::kTrustDomain));
  const auto ctl = [&](std::vector<std::string> args, const TlsFilePaths& t) {
    args.insert(args.begin(), kCtl);
    for (const std::string& a :
         {std::string("--hub"),
          absl::StrCat("127.0.0.1:", hub.hub().admin_port()),
          std::string("--cert"), t.cert_file, std::string("--key"), t.key_file,
          std::string("--ca"), t.ca_file}) {
      args.push_back(a);
    }
    return testing::RunCommand(args);
  };
  testing::CommandResult r = ctl({"hub", "state", "--agency", "mof"}, op);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("fork"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("evidence          1 record(s)"));
  r = ctl({"hub", "clear-misbehaving", "--agency", "mof", "--reason",
           "agency restored the right backup"},
          other);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::HasSubstr("may not call"));
  r = ctl({"hub", "clear-misbehaving", "--agency", "mof", "--reason",
           "agency restored the right backup"},
          op);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("cleared: mof"));
  r = ctl({"hub", "state", "--agency", "mof"}, op);
  EXPECT_THAT(r.out, ::testing::HasSubstr("agency restored the right backup"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("misbehaving since -"));
  r = ctl({"hub", "clear-misbehaving", "--agency", "mof", "--reason", "again"},
          op);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::HasSubstr("not marked misbehaving"));
}

// SIGTERM stops the hub daemon within seconds even while a node holds one
// of its calls open for a minute.
TEST(HubProcessTest, SigtermIsPromptWhileANodeStalls) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  testing::HostileNode node(&pki, "mof");
  node.Publish(testing::SampleEntries("mof", {"tax"}), clock.Now(),
               absl::Hours(72));
  node.set_mode(testing::HostileNode::kSlow);
  node.set_delay(absl::Seconds(60));
  HubHarness hub(dir.File("hub"), &pki);
  hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
  hub.config().set_harvest_interval_seconds(1);
  std::string text;
  google::protobuf::TextFormat::PrintToString(hub.config(), &text);
  ASSERT_TRUE(WriteNewFile(dir.File("hub.textproto"), text, 0644).ok());
  Process p({kHub, "--config", dir.File("hub.textproto")}, dir.File("hub.log"));
  ASSERT_TRUE(p.WaitForLog("serving the index", 10000)) << p.Log();
  for (int i = 0; i < 100 && node.calls("GetCheckpoint") == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_GT(node.calls("GetCheckpoint"), 0);  // a call is in flight
  const absl::Time start = absl::Now();
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
  const absl::Duration took = absl::Now() - start;
  std::cerr << "SIGTERM with a stalled call in flight: stopped in " << took
            << std::endl;
  EXPECT_LT(took, absl::Seconds(5));
  EXPECT_THAT(p.Log(), ::testing::HasSubstr("hub: stopped"));
}

// SIGHUP takes effect within 1 s while a node holds the hub's call open
// (a reload that changes that agency cancels the call), a second reload
// too, and SIGTERM still stops the hub within 5 s.
TEST(HubProcessTest, ReloadIsPromptWhileANodeStalls1s) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  testing::HostileNode node(&pki, "mof");
  node.Publish(testing::SampleEntries("mof", {"tax"}), clock.Now(),
               absl::Hours(72));
  node.set_mode(testing::HostileNode::kSlow);
  node.set_delay(absl::Seconds(120));
  HubHarness hub(dir.File("hub"), &pki);
  hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
  hub.config().set_harvest_interval_seconds(1);
  const auto write_config = [&] {
    std::string text;
    google::protobuf::TextFormat::PrintToString(hub.config(), &text);
    ASSERT_TRUE(ReplaceFileDurably(dir.File("hub.textproto"), text, 0644).ok());
  };
  write_config();
  Process p({kHub, "--config", dir.File("hub.textproto")}, dir.File("hub.log"));
  ASSERT_TRUE(p.WaitForLog("serving the index", 10000)) << p.Log();
  for (int i = 0; i < 100 && node.calls("GetCheckpoint") == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_GT(node.calls("GetCheckpoint"), 0);  // a call is in flight

  // The stalled agency's registration changes: its call is cancelled.
  hub.config().mutable_agencies(0)->set_endpoint(
      absl::StrCat(node.endpoint(), ""));        // same node,
  hub.config().set_harvest_interval_seconds(2);  // and a new interval
  hub.config().mutable_agencies(0)->add_signing_vkeys(node.vkey());
  write_config();
  absl::Time start = absl::Now();
  p.Signal(SIGHUP);
  EXPECT_TRUE(p.WaitForLog("changed, retried now: mof", 1000)) << p.Log();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));

  // A second reload, while the retried harvest stalls again.
  hub.config().set_harvest_interval_seconds(3);
  write_config();
  absl::SleepFor(absl::Milliseconds(300));
  start = absl::Now();
  p.Signal(SIGHUP);
  EXPECT_TRUE(p.WaitForLog("harvest interval 3 s", 1000)) << p.Log();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));

  start = absl::Now();
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace disclosure

namespace disclosure {
namespace {

// kill -9 in the middle of an export: no export folder appears half
// written, the next run removes the leftover and exports, and the result
// verifies with `disclosurectl verify export` under the published keys.
TEST(HubProcessTest, KillDuringExportLeavesNothingHalfWritten) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("moi"), &pki, "moi");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  SeedLarge(node, "moi", 200);
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("moi", node);
  const std::string site = dir.File("www/site");
  hub.config().set_export_dir(site);
  std::string text;
  google::protobuf::TextFormat::PrintToString(hub.config(), &text);
  ASSERT_TRUE(WriteNewFile(dir.File("hub.textproto"), text, 0644).ok());

  Process killed({"/usr/bin/env", "DISCLOSURE_CRASH_AT=hub.export.midway", kHub,
                  "--config", dir.File("hub.textproto"), "--once"},
                 dir.File("hub-killed.log"));
  EXPECT_EQ(killed.Wait(), 128 + SIGKILL) << killed.Log();
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.File("www")))
    left.push_back(e.path().filename().string());
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].rfind(".site-", 0), 0u) << left[0];  // hidden, partial
  EXPECT_FALSE(std::filesystem::exists(site));

  Process again({kHub, "--config", dir.File("hub.textproto"), "--once"},
                dir.File("hub-again.log"));
  ASSERT_EQ(again.Wait(), 0) << again.Log();
  left.clear();
  for (const auto& e : std::filesystem::directory_iterator(dir.File("www")))
    left.push_back(e.path().filename().string());
  EXPECT_EQ(left.size(), 2u);  // the link and the folder it points at
  ASSERT_TRUE(std::filesystem::is_symlink(site));

  // The auditor's keys: the agency's, the hub's cosigner and export keys.
  auto hub_keys = *ReadFile(site + "/keys/hub-cosigner.vkey", 4096) +
                  *ReadFile(site + "/keys/export-signer.vkey", 4096) +
                  testing::NodeVkey(node) + "\n";
  ASSERT_TRUE(WriteNewFile(dir.File("trusted.vkeys"), hub_keys, 0644).ok());
  testing::CommandResult v =
      testing::RunCommand({kCtl, "verify", "export", site, "--trusted-keys",
                           dir.File("trusted.vkeys")});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  // 200 databases, the profile, one statistics period.
  EXPECT_THAT(v.out, ::testing::HasSubstr("202 bundles prove"));
  // --json for scripts; a missing folder is an I/O error (2).
  v = testing::RunCommand({kCtl, "verify", "export", site, "--trusted-keys",
                           dir.File("trusted.vkeys"), "--json"});
  EXPECT_THAT(v.out, ::testing::HasSubstr("\"verified\":true"));
  v = testing::RunCommand({kCtl, "verify", "export", dir.File("nowhere"),
                           "--trusted-keys", dir.File("trusted.vkeys")});
  EXPECT_EQ(v.exit_code, 2);
  // One entry: verified as exported; one flipped byte or a missing agency
  // key fails it (exit 1).
  const std::string bundle = site + "/bundles/moi/db/db-7.bundle";
  v = testing::RunCommand({kCtl, "verify", "entry", bundle, "--trusted-keys",
                           dir.File("trusted.vkeys")});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_THAT(v.out, ::testing::HasSubstr("contains db/db-7"));
  std::string bytes = *ReadFile(bundle, 1 << 20);
  bytes[bytes.size() / 3] ^= 1;
  ASSERT_TRUE(WriteNewFile(dir.File("tampered.bundle"), bytes, 0644).ok());
  v = testing::RunCommand({kCtl, "verify", "entry", dir.File("tampered.bundle"),
                           "--trusted-keys", dir.File("trusted.vkeys")});
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
  ASSERT_TRUE(WriteNewFile(dir.File("hub-only.vkeys"),
                           *ReadFile(site + "/keys/hub-cosigner.vkey", 4096),
                           0644)
                  .ok());
  v = testing::RunCommand({kCtl, "verify", "entry", bundle, "--trusted-keys",
                           dir.File("hub-only.vkeys")});
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
  EXPECT_THAT(v.err, ::testing::HasSubstr("no trusted key for"));
}

}  // namespace
}  // namespace disclosure

namespace disclosure {
namespace {

// An auditor with its own certificate watches an agency's log with
// `disclosurectl verify history`: online against the node, offline from
// the hub's export; a fork shows up as evidence and exit status 1.
TEST(HubProcessTest, AuditorWatchesALogOnlineAndFromTheExport) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("moi"), &pki, "moi");
  ASSERT_THAT(node.Start(&clock), ::disclosure::testing::IsOk());
  SeedLarge(node, "moi", 3);
  const TlsFilePaths auditor = pki.Issue(
      "auditor", AuditorIdentityPrefix(testing::kTrustDomain) + "ngo");
  ASSERT_TRUE(WriteNewFile(dir.File("trusted.vkeys"),
                           testing::NodeVkey(node) + "\n", 0644)
                  .ok());
  const auto online = [&] {
    return testing::RunCommand(
        {kCtl, "verify", "history", "--node",
         absl::StrCat("127.0.0.1:", node.node().snapshot_port()), "--cert",
         auditor.cert_file, "--key", auditor.key_file, "--ca", auditor.ca_file,
         "--state", dir.File("state"), "--trusted-keys",
         dir.File("trusted.vkeys")});
  };
  testing::CommandResult r = online();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("first checkpoint"));
  SeedLarge(node, "moi", 4);  // publishes again
  r = online();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out,
              ::testing::HasSubstr("grew consistently from size 1 to 2"));

  // Offline, from the export the hub wrote.
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("moi", node);
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  hub.hub().HarvestNow(true);
  DN_ASSERT_OK(hub.hub().Export(dir.File("site"), false));
  r = testing::RunCommand({kCtl, "verify", "history", "--export",
                           dir.File("site"), "--agency", "moi", "--state",
                           dir.File("state"), "--trusted-keys",
                           dir.File("trusted.vkeys")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("unchanged at size 2"));

  // The agency signs another tree of size 2: a fork, with evidence.
  auto key = *ReadPrivateKeyFile(node.config().signing_key_file());
  auto signer = *NewNoteSigner(key);
  Checkpoint forged{AgencyLogOrigin(testing::kTrustDomain, "moi"),
                    2,
                    HashLeaf("another history"),
                    {}};
  const std::string state_file =
      dir.File("state/disclosure.test_agency_moi.note");
  ASSERT_TRUE(std::filesystem::exists(state_file));
  ASSERT_TRUE(ReplaceFileDurably(
                  state_file,
                  *SignNote(*FormatCheckpoint(forged), {signer.get()}), 0600)
                  .ok());
  r = online();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("fork"));
  int evidence = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(dir.File("state/evidence")))
    evidence += e.path().extension() == ".note";
  EXPECT_EQ(evidence, 2);
  // The node's whole snapshot, entry by entry, against its signed root.
  r = testing::RunCommand(
      {kCtl, "verify", "snapshot", "--node",
       absl::StrCat("127.0.0.1:", node.node().snapshot_port()), "--cert",
       auditor.cert_file, "--key", auditor.key_file, "--ca", auditor.ca_file,
       "--trusted-keys", dir.File("trusted.vkeys")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("all 6 entries rebuild"));
  // A node that streams entries its snapshot does not count is caught.
  testing::HostileNode liar(&pki, "mof");
  liar.Publish(testing::SampleEntries("mof", {"tax"}), absl::Now(),
               absl::Hours(72));
  liar.set_mode(testing::HostileNode::kHugeEntries);
  ASSERT_TRUE(
      WriteNewFile(dir.File("liar.vkeys"), liar.vkey() + "\n", 0644).ok());
  r = testing::RunCommand({kCtl, "verify", "snapshot", "--node",
                           liar.endpoint(), "--cert", auditor.cert_file,
                           "--key", auditor.key_file, "--ca", auditor.ca_file,
                           "--trusted-keys", dir.File("liar.vkeys")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("FAILED"));
  // Without an auditor certificate the node refuses the connection.
  r = testing::RunCommand(
      {kCtl, "verify", "history", "--node",
       absl::StrCat("127.0.0.1:", node.node().snapshot_port()), "--state",
       dir.File("state2"), "--trusted-keys", dir.File("trusted.vkeys")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace disclosure

namespace disclosure {
namespace {

// Every binary answers -h, --help and --version on stdout with exit 0,
// lists every flag it defines and its exit codes, and refuses an unknown
// flag with exit 2.
TEST(ProgramUsageTest, HelpVersionAndUnknownFlags) {
  struct Program {
    std::string path;
    std::vector<std::string> flags;
  };
  for (const Program& p : {Program{kHub, {"--config", "--once", "--out"}},
                           Program{DISCLOSURE_NODE_PATH,
                                   {"--config", "--init", "--adopt-store"}}}) {
    SCOPED_TRACE(p.path);
    for (const char* help : {"--help", "-h"}) {
      testing::CommandResult r = testing::RunCommand({p.path, help});
      EXPECT_EQ(r.exit_code, 0) << r.err;
      for (const std::string& f : p.flags)
        EXPECT_THAT(r.out, ::testing::HasSubstr("  " + f)) << f;
      EXPECT_THAT(r.out, ::testing::HasSubstr("exit codes:"));
      EXPECT_THAT(r.out, ::testing::HasSubstr("  2  bad command line"));
    }
    testing::CommandResult v = testing::RunCommand({p.path, "--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_THAT(v.out, ::testing::MatchesRegex(
                           ".* [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit .+\\)\n"));
    testing::CommandResult u = testing::RunCommand({p.path, "--no-such-flag"});
    EXPECT_EQ(u.exit_code, 2);
    EXPECT_THAT(u.err, ::testing::HasSubstr("unknown flag --no-such-flag"));
  }
  testing::CommandResult c = testing::RunCommand({kCtl, "--version"});
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_THAT(c.out, ::testing::HasSubstr("disclosurectl 0."));
}

}  // namespace
}  // namespace disclosure
