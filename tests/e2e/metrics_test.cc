// The metrics listener under attack and misconfiguration: labels only from
// the listener's own methods (a flood of made-up method names leaves the
// scrape under 1 MB and the hub's memory within 10% of its idle value),
// loopback unless allowed, and a bearer token when one is configured.
#include "metrics/metrics.h"

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "core/file_util.h"
#include "google/protobuf/text_format.h"
#include "tests/testing/http_get.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_data.h"
#include "tests/testing/test_pki.h"

namespace disclosure {
namespace {

using ::disclosure::testing::HttpGet;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::PortFromLog;
using ::testing::HasSubstr;

constexpr char kHub[] = DISCLOSURE_HUB_PATH;

TEST(MetricsListenerTest, LoopbackAddresses) {
  for (const char* a :
       {"127.0.0.1:9464", "127.3.2.1:0", "[::1]:9464", "localhost:9464", "::1"})
    EXPECT_TRUE(IsLoopbackAddress(a)) << a;
  for (const char* a : {"0.0.0.0:9464", ":9464", "10.0.0.5:9464", "[::]:9464",
                        "128.0.0.1:9464", "example.tw:9464"})
    EXPECT_FALSE(IsLoopbackAddress(a)) << a;
}

TEST(MetricsListenerTest, BeyondLoopbackOnlyWhenAllowed) {
  MetricsOptions o;
  o.address = "0.0.0.0:0";
  auto refused = MetricsServer::Start(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("not a loopback address"));
  o.allow_remote = true;
  auto allowed = MetricsServer::Start(o);
  ASSERT_THAT(allowed.status(), IsOk());
  EXPECT_THAT(HttpGet((*allowed)->port(), "/metrics").status(), IsOk());
}

TEST(MetricsListenerTest, ATokenIsAskedOfEveryScrape) {
  MetricsOptions o;
  o.address = "127.0.0.1:0";
  o.token = "short";
  EXPECT_FALSE(MetricsServer::Start(o).ok());
  o.token = "0123456789abcdef0123456789abcdef";
  auto server = MetricsServer::Start(o);
  ASSERT_THAT(server.status(), IsOk());
  CountEvent("disclosure_test_events_total", "test", {});
  const int port = (*server)->port();
  auto none = HttpGet(port, "/metrics");
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("401"));
  auto wrong = HttpGet(port, "/metrics",
                       "Authorization: Bearer 0123456789abcdef0123456789abcdeX"
                       "\r\n");
  EXPECT_THAT(std::string(wrong.status().message()), HasSubstr("401"));
  auto right =
      HttpGet(port, "/metrics", "Authorization: Bearer " + o.token + "\r\n");
  ASSERT_THAT(right.status(), IsOk());
  EXPECT_THAT(*right, HasSubstr("disclosure_test_events_total"));
  // Another listener in the same process asks for no token.
  MetricsOptions open;
  open.address = "127.0.0.1:0";
  auto other = MetricsServer::Start(open);
  ASSERT_THAT(other.status(), IsOk());
  EXPECT_THAT(HttpGet((*other)->port(), "/metrics").status(), IsOk());
}

// The resident memory of process `pid`, in KiB.
int64_t RssKib(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// Calls `count` methods named "/made.up.Service<i>/Method<i>" on `channel`,
// from `threads` threads; every call fails (UNIMPLEMENTED).
void CallMadeUpMethods(const std::shared_ptr<grpc::Channel>& channel, int first,
                       int count, int threads) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      grpc::GenericStub stub(channel);
      for (int i = first + t; i < first + count; i += threads) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
        grpc::Slice empty("");
        grpc::ByteBuffer request(&empty, 1), response;
        absl::Notification done;
        stub.UnaryCall(&ctx, absl::StrCat("/made.up.Service", i, "/Method", i),
                       grpc::StubOptions(), &request, &response,
                       [&](grpc::Status) { done.Notify(); });
        done.WaitForNotification();
      }
    });
  }
  for (auto& w : workers) w.join();
}

TEST(HubMetricsTest, MadeUpMethodNamesKeepScrapeUnder1MiBAndRssWithin10Pct) {
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::NodeHarness node(dir.File("mof"), &pki, "mof");
  ASSERT_THAT(node.Start(&clock), IsOk());
  ASSERT_THAT(node.SeedAndPublish(2), IsOk());
  testing::HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", node);
  hub.config().set_metrics_listen("127.0.0.1:0");
  std::string text;
  google::protobuf::TextFormat::PrintToString(hub.config(), &text);
  ASSERT_THAT(WriteNewFile(dir.File("hub.textproto"), text, 0644), IsOk());
  testing::Process p({kHub, "--config", dir.File("hub.textproto")},
                     dir.File("hub.log"));
  ASSERT_TRUE(p.WaitForLog("metrics on port", 20000)) << p.Log();
  const int metrics_port = PortFromLog(p.Log(), "metrics");
  const int index_port = PortFromLog(p.Log(), "index");
  ASSERT_GT(index_port, 0) << p.Log();
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = *ReadFile(pki.ca_file(), 1 << 20);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", index_port),
                                     grpc::SslCredentials(tls));

  // Warmed up: connections, threads and the "unknown" label exist.
  CallMadeUpMethods(channel, 0, 1000, 4);
  auto idle_scrape = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(idle_scrape.status(), IsOk());
  const int64_t idle_rss = RssKib(p.pid());

  CallMadeUpMethods(channel, 1000, 20000, 4);
  auto scrape = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(scrape.status(), IsOk());
  const int64_t rss = RssKib(p.pid());
  std::cerr << "scrape " << idle_scrape->size() << " -> " << scrape->size()
            << " bytes; RSS " << idle_rss << " -> " << rss << " KiB\n";
  EXPECT_LT(scrape->size(), 1u << 20);
  EXPECT_LT(scrape->size(), idle_scrape->size() + 4096);
  EXPECT_THAT(*scrape, HasSubstr("method=\"unknown\""));
  EXPECT_THAT(*scrape, ::testing::Not(HasSubstr("made.up")));
  EXPECT_LE(rss, idle_rss * 11 / 10);
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(), 0) << p.Log();
}

}  // namespace
}  // namespace disclosure
