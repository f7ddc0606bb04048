// The coordinating office and an agency's IT running the system: the hub's
// admin service through disclosurectl (status, harvest, export, backup),
// SIGHUP applying a changed registry and interval, JSON log lines, the
// metrics both servers serve, and backup and restore of a node whose log
// then continues, all against real processes or real listeners.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "core/clock.h"
#include "core/file_util.h"
#include "google/protobuf/text_format.h"
#include "hub/storage/hub_store.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/http_get.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "transport/peer_identity.h"

namespace disclosure {
namespace {

using ::disclosure::testing::CommandResult;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::PortFromLog;
using ::disclosure::testing::Process;
using ::disclosure::testing::RunCommand;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

constexpr char kHub[] = DISCLOSURE_HUB_PATH;
constexpr char kNode[] = DISCLOSURE_NODE_PATH;
constexpr char kCtl[] = DISCLOSURECTL_PATH;

void WriteConfig(const google::protobuf::Message& config,
                 const std::string& path) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  ASSERT_THAT(ReplaceFileDurably(path, text, 0644), IsOk());
}

// disclosurectl with the operator's certificate against the hub at `port`.
struct Operator {
  TlsFilePaths tls;
  int port = 0;
  CommandResult Run(std::vector<std::string> args) const {
    args.insert(args.begin(), kCtl);
    for (const std::string& a :
         {std::string("--hub"), absl::StrCat("127.0.0.1:", port),
          std::string("--cert"), tls.cert_file, std::string("--key"),
          tls.key_file, std::string("--ca"), tls.ca_file}) {
      args.push_back(a);
    }
    return RunCommand(args);
  }
  // Polls `hub status` until its output contains `needle`.
  bool WaitForStatus(const std::string& needle) const {
    for (int i = 0; i < 100; ++i) {
      if (Run({"hub", "status"}).out.find(needle) != std::string::npos) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }
};

TEST(OperationsTest, HubOperatorSeesEveryAgencyAndActsOnIt) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness mof(dir.File("mof"), &pki, "mof");
  NodeHarness moe(dir.File("moe"), &pki, "moe");
  ASSERT_THAT(mof.Start(&clock), IsOk());
  ASSERT_THAT(moe.Start(&clock), IsOk());
  ASSERT_THAT(mof.SeedAndPublish(3), IsOk());
  ASSERT_THAT(moe.SeedAndPublish(2), IsOk());
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", mof);
  hub.config().set_metrics_listen("127.0.0.1:0");
  hub.config().set_export_dir(dir.File("site"));
  const std::string config = dir.File("hub.textproto");
  WriteConfig(hub.config(), config);
  Process p({kHub, "--config", config, "--log_format=json"},
            dir.File("hub.log"));
  ASSERT_TRUE(p.WaitForLog("metrics on port", 10000)) << p.Log();
  Operator op{
      pki.Issue("operator", HubIdentity(testing::kTrustDomain) + "/admin"),
      PortFromLog(p.Log(), "admin")};
  const int metrics_port = PortFromLog(p.Log(), "metrics");

  // The schedule harvests the registered agency at once.
  ASSERT_TRUE(op.WaitForStatus("fresh")) << p.Log();
  CommandResult r = op.Run({"hub", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 agencies registered, 1 fresh"));
  EXPECT_THAT(r.out, HasSubstr("node certificate 20"));  // its expiry date
  EXPECT_THAT(r.out, HasSubstr("hub certificates"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("index +20"));

  // SIGHUP: a new agency is harvested at once, a new interval applies, and
  // a setting that needs a restart is named.
  hub.Register("moe", moe);
  hub.config().set_harvest_interval_seconds(1800);
  hub.config().mutable_limits()->set_rpc_deadline_seconds(7);
  WriteConfig(hub.config(), config);
  p.Signal(SIGHUP);
  ASSERT_TRUE(p.WaitForLog("added: moe", 10000)) << p.Log();
  EXPECT_TRUE(p.WaitForLog("take effect only at the next start: limits", 5000))
      << p.Log();
  ASSERT_TRUE(op.WaitForStatus("2 fresh")) << op.Run({"hub", "status"}).out;
  EXPECT_THAT(op.Run({"hub", "status"}).out, HasSubstr("harvest every 1800 s"));
  // Indexing runs in the background; the status says when it has caught up.
  EXPECT_TRUE(op.WaitForStatus("search index: current"))
      << op.Run({"hub", "status"}).out;

  // A harvest now, of all and of one that cannot be reached.
  r = op.Run({"hub", "harvest"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("unchanged"));
  moe.Stop();
  r = op.Run({"hub", "harvest", "--agency", "moe"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("UNREACHABLE"));
  r = op.Run({"hub", "status"});
  EXPECT_THAT(r.out, HasSubstr("1 need attention"));
  EXPECT_THAT(r.out, HasSubstr("retry after 1 failure(s)"));
  r = op.Run({"hub", "harvest", "--agency", "nobody"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not registered"));

  // An export while the hub runs: through the admin service, and the
  // offline command says to use it.
  r = op.Run({"hub", "export"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("export written to " + dir.File("site")));
  EXPECT_TRUE(std::filesystem::exists(dir.File("site/export-manifest.txt")));
  r = RunCommand(
      {kHub, "export", "--config", config, "--out", dir.File("offline")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("in use by another process"));
  EXPECT_THAT(r.err, HasSubstr("disclosurectl hub export"));

  // The metrics an operator alerts on.
  auto metrics = testing::HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(metrics.status(), IsOk());
  for (const char* line :
       {"disclosure_hub_agency_state{agency=\"mof\",state=\"fresh\"} 1",
        "disclosure_hub_agency_state{agency=\"moe\",state=\"unreachable\"} 1",
        "disclosure_hub_harvests_total{agency=\"moe\",outcome=\"unreachable\"} "
        "1",
        "disclosure_hub_harvests_total{agency=\"mof\",outcome=\"accepted\"} 1",
        "disclosure_hub_harvest_duration_seconds_count{agency=\"mof\"}",
        "disclosure_hub_node_calls_total{agency=\"mof\"}",
        "disclosure_hub_node_received_bytes_total{agency=\"mof\"}",
        "disclosure_hub_node_certificate_expiry_timestamp_seconds{agency="
        "\"mof\"}",
        "disclosure_hub_certificate_expiry_timestamp_seconds{role=\"index\"}",
        "disclosure_hub_exports_total{result=\"ok\"}",
        "disclosure_hub_store_bytes ", "disclosure_hub_search_index_ok 1",
        "disclosure_hub_search_index_pending_databases 0",
        "disclosure_rpc_calls_total{code=\"OK\",method=\"/"
        "disclosure.v1.hub.HubAdminService/GetStatus\",server=\"hub-admin\"}",
        "disclosure_rpc_calls_total{code=\"NOT_FOUND\",method=\"/"
        "disclosure.v1.hub.HubAdminService/Harvest\",server=\"hub-admin\"} "
        "1"}) {
    EXPECT_THAT(*metrics, HasSubstr(line));
  }

  // A backup while running, restored into a new folder.
  r = op.Run({"hub", "backup", "--to", dir.File("hub-backup")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("backup 1 written to"));
  // A wrong target is a wrong argument: exit 2, as for a node's backup.
  r = op.Run({"hub", "backup", "--to", "relative/path"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("absolute path"));
  // Never into what the hub publishes or keeps: the export (through its
  // link, its current folder or a name the next export would take), the
  // store, or a folder holding the store.
  const std::string current = (std::filesystem::path(dir.path()) /
                               std::filesystem::read_symlink(dir.File("site")))
                                  .string();
  for (const auto& [to, what] :
       std::vector<std::pair<std::string, std::string>>{
           {dir.File("site"), "the public export"},
           {dir.File("site/backups"), "the public export"},
           {current + "/b", "the public export"},
           {dir.File("site-backup"), "named like a version of"},
           {hub.config().data_dir() + "/b", "the hub's store"},
           {dir.path(), "holding the hub's store"}}) {
    SCOPED_TRACE(to);
    r = op.Run({"hub", "backup", "--to", to});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr(what));
    EXPECT_THAT(r.err, HasSubstr("Choose a folder outside it"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.File("site/backups")));
  p.Signal(SIGTERM);
  ASSERT_EQ(p.Wait(), 0) << p.Log();

  // Every log line is one JSON object with a time and a level.
  for (absl::string_view line : absl::StrSplit(p.Log(), '\n')) {
    if (line.empty()) continue;
    EXPECT_TRUE(absl::StartsWith(line, "{\"time\":\"20") &&
                absl::EndsWith(line, "}") &&
                absl::StrContains(line, "\"level\":\""))
        << line;
  }
  CommandResult json = RunCommand(
      {"/usr/bin/python3", "-c",
       "import json,sys\nfor l in open(sys.argv[1]):\n json.loads(l)",
       dir.File("hub.log")});
  EXPECT_EQ(json.exit_code, 0) << json.err;

  hub.config().set_data_dir(dir.File("restored-db"));
  WriteConfig(hub.config(), dir.File("restored.textproto"));
  r = RunCommand({kHub, "restore", "--config", dir.File("restored.textproto"),
                  "--from", dir.File("hub-backup")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto restored = hub::HubStore::Open(dir.File("restored-db"));
  ASSERT_THAT(restored.status(), IsOk());
  auto state = (*restored)->GetAgency("mof");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->log_size(), 1u);
  // A restore never overwrites a store.
  r = RunCommand({kHub, "restore", "--config", dir.File("restored.textproto"),
                  "--from", dir.File("hub-backup")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("never overwrites"));
}

// Every folder under `dir` (and `dir`) is 0700 and every file 0600.
void ExpectPrivate(const std::string& dir) {
  namespace fs = std::filesystem;
  EXPECT_EQ(fs::status(dir).permissions(), fs::perms::owner_all) << dir;
  int files = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    const fs::perms want = f.is_directory()
                               ? fs::perms::owner_all
                               : fs::perms::owner_read | fs::perms::owner_write;
    EXPECT_EQ(f.status().permissions(), want) << f.path();
    files += f.is_regular_file();
  }
  EXPECT_GT(files, 0);
}

// A node backed up while it runs and restored after its disk is lost goes
// on publishing, and the hub accepts the continued log as consistent. A
// backup older than what the agency already published is refused at start,
// because the signed-checkpoint file is never rolled back.
TEST(OperationsTest, RestoredNodeContinuesItsLog) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mof"), &pki, "mof");
  node.config().set_metrics_listen("127.0.0.1:0");
  ASSERT_THAT(node.Start(&clock), IsOk());
  ASSERT_THAT(node.SeedAndPublish(3), IsOk());
  ASSERT_THAT(node.SeedAndPublish(4), IsOk());
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", node);
  ASSERT_THAT(hub.Start(&clock), IsOk());
  ASSERT_EQ(hub.hub().harvester().HarvestAgency("mof").outcome,
            hub::HarvestResult::kAccepted);

  const TlsFilePaths admin = node.AdminClientFiles();
  const auto ctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), kCtl);
    for (const std::string& a :
         {std::string("--node"),
          absl::StrCat("127.0.0.1:", node.node().admin_port()),
          std::string("--cert"), admin.cert_file, std::string("--key"),
          admin.key_file, std::string("--ca"), admin.ca_file}) {
      args.push_back(a);
    }
    return RunCommand(args);
  };
  CommandResult r = ctl({"backup", "--to", dir.File("backup")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("log size 2"));
  r = ctl({"backup", "--to", node.config().data_dir() + "/inside"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("inside the store"));

  auto metrics = testing::HttpGet(node.node().metrics_port(), "/metrics");
  ASSERT_THAT(metrics.status(), IsOk());
  for (const char* line :
       {"disclosure_node_log_size 2", "disclosure_node_store_bytes ",
        "disclosure_node_snapshot_expiry_timestamp_seconds ",
        "disclosure_node_publications_total{result=\"ok\"}",
        "disclosure_node_imports_total{kind=\"databases\"}",
        "disclosure_node_imported_items_total{kind=\"profile\"}",
        "disclosure_node_backups_total 1",
        "disclosure_rpc_calls_total{code=\"OK\",method=\"/"
        "disclosure.v1.node.AdminService/Backup\",server=\"node-admin\"} 1",
        "disclosure_rpc_sent_bytes_total{method=\"/"
        "disclosure.v1.node.SnapshotService/ListEntries\",server=\"node-"
        "snapshot\"}"}) {
    EXPECT_THAT(*metrics, HasSubstr(line));
  }

  // The disk is lost; the store comes back from the backup.
  node.Stop();
  const std::string data_dir = node.config().data_dir();
  std::filesystem::rename(data_dir, data_dir + ".lost");
  node.WriteConfigFile(dir.File("node.textproto"));
  // Under the usual umask 022 the restored store is still private: folders
  // 0700, files 0600, as --init makes them.
  const mode_t old_mask = umask(022);
  r = RunCommand({kNode, "restore", "--config", dir.File("node.textproto"),
                  "--from", dir.File("backup")});
  umask(old_mask);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("signed-checkpoint file was kept"));
  ExpectPrivate(data_dir);
  ASSERT_THAT(node.Start(&clock), IsOk());
  ASSERT_THAT(node.SeedAndPublish(5), IsOk());
  // The restarted node listens on new ports: register it again.
  hub.config().clear_agencies();
  hub.Register("mof", node);
  hub.hub().harvester().SetRegistry(
      {hub.config().agencies().begin(), hub.config().agencies().end()});
  hub::HarvestResult h = hub.hub().harvester().HarvestAgency("mof");
  EXPECT_EQ(h.outcome, hub::HarvestResult::kAccepted) << h.detail;
  auto state = hub.hub().store().GetAgency("mof");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->log_size(), 3u);

  // Two more publications, then the old backup again: refused at start.
  ASSERT_THAT(node.SeedAndPublish(6), IsOk());
  node.Stop();
  std::filesystem::remove_all(data_dir);
  r = RunCommand({kNode, "restore", "--config", dir.File("node.textproto"),
                  "--from", dir.File("backup")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  absl::Status refused = node.Start(&clock);
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.message()), HasSubstr("lost"));
}

// Errors in plain words: no gRPC code numbers, and what to do.
TEST(OperationsTest, AdminErrorsSayWhatToDoInPlainWords) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mof"), &pki, "mof");
  ASSERT_THAT(node.Start(&clock), IsOk());
  const TlsFilePaths admin = node.AdminClientFiles();
  const auto ctl = [&](const std::string& command, int port) {
    return RunCommand(
        {kCtl, command, "--node", absl::StrCat("127.0.0.1:", port), "--cert",
         admin.cert_file, "--key", admin.key_file, "--ca", admin.ca_file});
  };
  CommandResult r = ctl("publish", node.node().admin_port());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("import one first (disclosurectl import "
                               "profile FILE)"));
  // Refused by the server: exit 1, from a node command as from a hub
  // command (HubProcessTest: clear-misbehaving by another operator).
  r = ctl("status", node.node().snapshot_port());
  EXPECT_EQ(r.exit_code, 1);
  // The snapshot listener admits the hub and auditors only.
  EXPECT_THAT(r.err, HasSubstr("refused: identity"));
  EXPECT_THAT(r.err, HasSubstr("may not call this listener"));
  r = ctl("status", testing::FreeLoopbackPort());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("could not reach"));
  for (const std::string& err : {r.err, ctl("publish", 1).err}) {
    EXPECT_FALSE(std::regex_search(err, std::regex(R"(\(\d+\)\s*$)"))) << err;
  }
}

}  // namespace
}  // namespace disclosure
