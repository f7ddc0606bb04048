// tools/verify/log_monitor and `disclosurectl monitor`: an auditor follows
// the logs of real exports run after run. An honest publication between two
// polls passes silently; a rollback, a fork, a split view between two
// routes, a checkpoint without its quorum, tampered tiles and statistics
// that vanish are alerts, and the state keeps the last verified head.
#include "tools/verify/log_monitor.h"

#include <httplib.h>

#include <filesystem>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace disclosure::verify {
namespace {

namespace fs = std::filesystem;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::CommandResult;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::RunCommand;
using ::testing::HasSubstr;

const std::string kOrigin = absl::StrCat(testing::kTrustDomain, "/agency/moi");

void Publish(NodeHarness& node) {
  auto admin = node.Admin();
  grpc::ClientContext c;
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(&c, {}, &r).ok());
}

std::vector<std::string> Kinds(const LogReport& r) {
  std::vector<std::string> out;
  for (const auto& a : r.alerts) out.push_back(a.kind);
  return out;
}

class LogMonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(node_.Start(&clock_), testing::IsOk());
    DN_ASSERT_OK(node_.SeedAndPublish(2));
    Publish(node_);
    hub_.Register("moi", node_);
    ASSERT_THAT(hub_.Start(&clock_), testing::IsOk());
    ASSERT_EQ(hub_.hub().HarvestNow(true).accepted, 1);
    DN_ASSERT_OK(hub_.hub().Export(site_, /*atomic_link=*/true));
    fs::create_directories(dir_.File("keys"));
    DN_ASSERT_OK(WriteNewFile(dir_.File("keys/moi.vkey"),
                              testing::NodeVkey(node_) + "\n", 0644));
    DN_ASSERT_OK(WriteNewFile(dir_.File("keys/hub.vkey"),
                              hub_.hub().cosigner_vkey() + "\n", 0644));
    keys_ =
        std::make_unique<TrustedKeys>(*TrustedKeys::Load(dir_.File("keys")));
  }
  LogReport Check(const std::string& location, const v1::MonitoredLog* held,
                  v1::MonitoredLog* next, size_t min_cosignatures = 1) {
    MonitorOptions o;
    o.now = absl::Now();
    o.min_cosignatures = min_cosignatures;
    auto source = *OpenExportSource(location);
    return LogMonitor(*keys_, o).Check(*source, kOrigin, held, next);
  }
  CommandResult Ctl(const std::string& location) {
    return RunCommand({DISCLOSURECTL_PATH, "monitor", location, "--state",
                       dir_.File("state"), "--trusted-keys",
                       dir_.File("keys")});
  }

  testing::TempDir dir_;
  testing::TestPki pki_{dir_.path()};
  RealClock clock_;
  NodeHarness node_{dir_.File("moi"), &pki_, "moi"};
  HubHarness hub_{dir_.File("hub"), &pki_};
  const std::string site_ = dir_.File("site");
  std::unique_ptr<TrustedKeys> keys_;
};

TEST_F(LogMonitorTest, HonestPublicationsPassRollbacksAreAlerts) {
  v1::MonitoredLog first;
  LogReport r = Check(site_, nullptr, &first);
  EXPECT_TRUE(r.alerts.empty()) << r.alerts[0].detail;
  EXPECT_EQ(first.size(), 2u);
  fs::copy(fs::canonical(site_), dir_.File("old-site"),
           fs::copy_options::recursive);

  // The binary, twice: silent and exit 0, then the same after an honest
  // publication.
  CommandResult c = Ctl(site_);
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_THAT(c.out, ::testing::Not(HasSubstr("ALERT")));
  Publish(node_);
  ASSERT_EQ(hub_.hub().HarvestNow(true).accepted, 1);
  DN_ASSERT_OK(hub_.hub().Export(site_, /*atomic_link=*/true));
  v1::MonitoredLog second;
  r = Check(site_, &first, &second);
  EXPECT_TRUE(r.alerts.empty());
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(second.size(), 3u);
  c = Ctl(site_);
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_THAT(c.out, HasSubstr("1 grew, 0 alerts"));

  // The older export shown again: a rollback, and the state stays.
  v1::MonitoredLog after;
  r = Check(dir_.File("old-site"), &second, &after);
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("rollback"));
  c = Ctl(dir_.File("old-site"));
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_THAT(c.out, HasSubstr("ALERT rollback moi: size 2"));
  c = Ctl(site_);
  EXPECT_EQ(c.exit_code, 0) << c.out;
}

// Several publications between two polls: the export holds the latest
// snapshot only; the snapshots before it are verified in full from the
// node, and entries that do not rebuild a signed manifest are an alert.
TEST_F(LogMonitorTest, EverySnapshotBetweenTwoPollsIsVerifiedInFull) {
  v1::MonitoredLog first;
  ASSERT_TRUE(Check(site_, nullptr, &first).alerts.empty());
  for (int i = 0; i < 3; ++i) Publish(node_);
  ASSERT_EQ(hub_.hub().HarvestNow(true).accepted, 1);
  DN_ASSERT_OK(hub_.hub().Export(site_, /*atomic_link=*/true));
  std::vector<uint64_t> fetched;
  auto from_node =
      [&](uint64_t seq) -> absl::StatusOr<std::vector<std::string>> {
    fetched.push_back(seq);
    auto stub = node_.Snapshots(node_.HubIdentityString());
    grpc::ClientContext ctx;
    v1n::ListEntriesRequest req;
    req.set_sequence(seq);
    auto reader = stub->ListEntries(&ctx, req);
    std::vector<std::string> out;
    v1n::EntryPage page;
    while (reader->Read(&page)) {
      for (const auto& e : page.entries()) out.push_back(e);
    }
    if (!reader->Finish().ok()) return absl::UnavailableError("ListEntries");
    return out;
  };
  MonitorOptions o;
  o.now = absl::Now();
  auto source = *OpenExportSource(site_);
  v1::MonitoredLog next;
  LogReport r =
      LogMonitor(*keys_, o).Check(*source, kOrigin, &first, &next, from_node);
  EXPECT_TRUE(r.alerts.empty()) << r.alerts[0].detail;
  EXPECT_THAT(fetched, ::testing::ElementsAre(2, 3));  // 4 is the export's
  EXPECT_EQ(next.size(), 5u);

  auto wrong = [&](uint64_t seq) -> absl::StatusOr<std::vector<std::string>> {
    absl::StatusOr<std::vector<std::string>> entries = from_node(seq);
    if (entries.ok()) entries->pop_back();
    return entries;
  };
  r = LogMonitor(*keys_, o).Check(*source, kOrigin, &first, &next, wrong);
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("split-view"));
}

TEST_F(LogMonitorTest, FollowsTheExportOverHttpAsFromTheFolder) {
  httplib::Server server;
  ASSERT_TRUE(server.set_mount_point("/mirror", fs::canonical(site_).string()));
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  v1::MonitoredLog from_folder, from_http;
  EXPECT_TRUE(Check(site_, nullptr, &from_folder).alerts.empty());
  LogReport r = Check(absl::StrCat("http://127.0.0.1:", port, "/mirror/"),
                      nullptr, &from_http);
  server.stop();
  serving.join();
  EXPECT_TRUE(r.alerts.empty()) << r.alerts[0].detail;
  EXPECT_EQ(from_http.root(), from_folder.root());
  EXPECT_EQ(from_http.size(), 2u);
}

TEST_F(LogMonitorTest, AForkIsAnAlertAndASplitViewToo) {
  v1::MonitoredLog verified;
  ASSERT_TRUE(Check(site_, nullptr, &verified).alerts.empty());
  // A twin under the agency's key shows another history of the same size
  // through another hub's export.
  // (Its own PKI: the harness issues one certificate per agency id.)
  fs::create_directories(dir_.File("pki2"));
  testing::TestPki pki2(dir_.File("pki2"));
  NodeHarness twin(dir_.File("twin"), &pki2, "moi");
  twin.config().set_signing_key_file(node_.config().signing_key_file());
  ASSERT_THAT(twin.Start(&clock_), testing::IsOk());
  DN_ASSERT_OK(twin.SeedAndPublish(5));
  Publish(twin);
  HubHarness other(dir_.File("hub2"), &pki2);
  other.Register("moi", twin);
  ASSERT_THAT(other.Start(&clock_), testing::IsOk());
  ASSERT_EQ(other.hub().HarvestNow(true).accepted, 1);
  const std::string forked = dir_.File("forked-site");
  DN_ASSERT_OK(other.hub().Export(forked, /*atomic_link=*/true));
  DN_ASSERT_OK(WriteNewFile(dir_.File("keys/hub2.vkey"),
                            other.hub().cosigner_vkey() + "\n", 0644));
  keys_ = std::make_unique<TrustedKeys>(*TrustedKeys::Load(dir_.File("keys")));

  v1::MonitoredLog next;
  EXPECT_THAT(Kinds(Check(forked, &verified, &next)),
              ::testing::ElementsAre("fork"));
  // Two routes, each consistent alone: only comparing them shows the split.
  MonitorOptions o;
  o.now = absl::Now();
  LogReport r;
  r.origin = kOrigin;
  LogMonitor(*keys_, o).Compare(**OpenExportSource(site_),
                                **OpenExportSource(forked), verified, &r);
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("split-view"));
  CommandResult c = RunCommand(
      {DISCLOSURECTL_PATH, "monitor", site_, "--compare", forked, "--state",
       dir_.File("state2"), "--trusted-keys", dir_.File("keys")});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_THAT(c.out, HasSubstr("ALERT split-view moi"));

  // Asked directly, the honest node agrees with the export; the twin, which
  // shows another history, is a split view.
  const TlsFilePaths auditor = pki_.Issue(
      "auditor",
      absl::StrCat("spiffe://", testing::kTrustDomain, "/auditor/monitor"));
  const TlsFilePaths auditor2 = pki2.Issue(
      "auditor",
      absl::StrCat("spiffe://", testing::kTrustDomain, "/auditor/monitor"));
  auto node_route = [&](NodeHarness& n, const TlsFilePaths& id,
                        const std::string& state) {
    return RunCommand(
        {DISCLOSURECTL_PATH, "monitor", site_, "--state", dir_.File(state),
         "--trusted-keys", dir_.File("keys"), "--node",
         absl::StrCat("moi=localhost:", n.node().snapshot_port()), "--cert",
         id.cert_file, "--key", id.key_file, "--ca", id.ca_file});
  };
  c = node_route(node_, auditor, "state3");
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  c = node_route(twin, auditor2, "state4");
  EXPECT_EQ(c.exit_code, 1) << c.out << c.err;
  EXPECT_THAT(c.out, HasSubstr("ALERT split-view moi:"));
}

TEST_F(LogMonitorTest, QuorumTilesAndStatisticsAreChecked) {
  v1::MonitoredLog next;
  EXPECT_THAT(Kinds(Check(site_, nullptr, &next, /*min_cosignatures=*/2)),
              ::testing::ElementsAre("no-quorum"));

  // A tile changed by one bit no longer reproduces the signed root.
  const std::string copy = dir_.File("tampered");
  fs::copy(fs::canonical(site_), copy, fs::copy_options::recursive);
  const std::string tile = copy + "/logs/moi/tile/0/000.p/2";
  std::string bytes = *ReadFile(tile, 1 << 16);
  bytes[5] ^= 1;
  fs::remove(tile);
  DN_ASSERT_OK(WriteNewFile(tile, bytes, 0644));
  EXPECT_THAT(Kinds(Check(copy, nullptr, &next)),
              ::testing::ElementsAre("tampered"));

  // Statistics verified before that vanish from the next snapshot.
  v1::MonitoredLog held;
  ASSERT_TRUE(Check(site_, nullptr, &held).alerts.empty());
  v1::MonitoredStatistics* s = held.add_statistics();
  s->set_period("2025-H1");
  s->set_version(1);
  s->set_leaf_hash(std::string(32, 'x'));
  // As verified at size 1: the root of a one-leaf log is its leaf hash.
  held.set_size(1);
  auto source = *OpenExportSource(site_);
  held.set_root(
      source->Read("logs/moi/tile/0/000.p/2", 1 << 16)->substr(0, 32));
  LogReport r = Check(site_, &held, &next);
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("statistics-changed"));
  EXPECT_THAT(r.alerts[0].detail, HasSubstr("2025-H1"));
}

}  // namespace
}  // namespace disclosure::verify
