// Benchmarks of the hub on loopback, with real nodes and real certificates:
//
//   harvest  a full harvest of N nodes x M entries, then an unchanged round
//            over the same nodes (target: under 5% of the full harvest)
//   search   SearchDatabases latency (median, p99) under C concurrent
//            clients over all N x M entries
//   memory   peak RSS of a disclosure-hub process doing the full harvest
//
//   build/bench/hub_bench [--nodes 200] [--entries 500] [--clients 32]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "google/protobuf/text_format.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/subprocess.h"

ABSL_FLAG(int, nodes, 200, "agency nodes");
ABSL_FLAG(int, entries, 500, "database entries per node");
ABSL_FLAG(int, clients, 32, "concurrent search clients");
ABSL_FLAG(int, seconds, 10, "search measurement time");
ABSL_FLAG(int, repeat, 3, "repetitions of the unchanged round (median)");
ABSL_FLAG(std::string, hub_binary, "",
          "disclosure-hub binary for the memory figure");

namespace disclosure {
namespace {

using WallClock = std::chrono::steady_clock;
double Seconds(WallClock::time_point a, WallClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  using namespace disclosure;
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_nodes), m = absl::GetFlag(FLAGS_entries);
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  std::vector<std::unique_ptr<testing::NodeHarness>> nodes;
  testing::HubHarness hub(dir.File("hub"), &pki);
  const auto setup_start = WallClock::now();
  for (int i = 0; i < n; ++i) {
    const std::string id = absl::StrCat("agency-", i);
    auto node = std::make_unique<testing::NodeHarness>(dir.File(id), &pki, id);
    {
      auto store = *node::OpenNodeStore(node->config().data_dir());
      auto profile = testing::SampleProfile(id);
      std::vector<disclosure::v1::DatabaseEntry> dbs;
      for (int j = 0; j < m; ++j) {
        auto e = testing::SampleDatabase(id, absl::StrCat("db-", j));
        e.mutable_file_name()->set_zh_tw(
            absl::StrCat("機關", i, "之資料庫", j));
        dbs.push_back(std::move(e));
      }
      if (!store->WriteInventory(&profile, dbs).ok()) return 1;
    }
    if (!node->Start(&clock).ok()) return 1;
    if (!node->node().publisher().Publish().ok()) return 1;
    hub.Register(id, *node);
    nodes.push_back(std::move(node));
  }
  std::fprintf(stderr, "setup: %d nodes x %d entries in %.1f s\n", n, m,
               disclosure::Seconds(setup_start, disclosure::WallClock::now()));
  hub.config().mutable_limits()->set_harvest_concurrency(16);
  if (!hub.Start(&clock).ok()) return 1;

  auto t0 = disclosure::WallClock::now();
  hub::RoundSummary full = hub.hub().harvester().RunRound(true);
  const double full_s = disclosure::Seconds(t0, disclosure::WallClock::now());
  std::vector<double> unchanged;
  hub::RoundSummary same;
  for (int r = 0; r < absl::GetFlag(FLAGS_repeat); ++r) {
    t0 = disclosure::WallClock::now();
    same = hub.hub().harvester().RunRound(true);
    unchanged.push_back(disclosure::Seconds(t0, disclosure::WallClock::now()));
  }
  std::sort(unchanged.begin(), unchanged.end());
  const double unchanged_s = unchanged[unchanged.size() / 2];
  std::printf("harvest: %d nodes x %d entries\n", n, m);
  std::printf(
      "  full harvest       %8.3f s (%d accepted, %lld calls, %lld entries)\n",
      full_s, full.accepted, static_cast<long long>(full.calls),
      static_cast<long long>(full.entries_transferred));
  std::printf(
      "  unchanged round    %8.3f s (median of %zu; %d unchanged, %lld "
      "calls)\n",
      unchanged_s, unchanged.size(), same.unchanged,
      static_cast<long long>(same.calls));
  std::printf("  ratio unchanged / full: %.3f (%.1f%%)\n", unchanged_s / full_s,
              100 * unchanged_s / full_s);

  // Search latency under concurrent clients.
  const int clients = absl::GetFlag(FLAGS_clients);
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto stub = hub.Index();
      std::mt19937 rng(c);
      while (!stop) {
        disclosure::v1::hub::SearchDatabasesRequest q;
        switch (rng() % 3) {
          case 0:
            q.set_text(absl::StrCat("之資料庫", rng() % m));
            break;
          case 1:
            q.set_text(absl::StrCat("機關", rng() % n));
            break;
          default:
            q.set_data_category("C001");
            q.set_agency_id(absl::StrCat("agency-", rng() % n));
        }
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
        disclosure::v1::hub::SearchDatabasesResponse resp;
        const auto s = disclosure::WallClock::now();
        if (stub->SearchDatabases(&ctx, q, &resp).ok()) {
          latencies[c].push_back(
              1000 * disclosure::Seconds(s, disclosure::WallClock::now()));
        }
      }
    });
  }
  std::this_thread::sleep_for(
      std::chrono::seconds(absl::GetFlag(FLAGS_seconds)));
  stop = true;
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  if (!all.empty()) {
    std::printf("search: %d clients over %d entries, %zu queries in %d s\n",
                clients, n * m, all.size(), absl::GetFlag(FLAGS_seconds));
    std::printf("  median %.1f ms, p99 %.1f ms, %.0f queries/s\n",
                all[all.size() / 2], all[all.size() * 99 / 100],
                all.size() / double(absl::GetFlag(FLAGS_seconds)));
  }

  // The static export with its site (every page, bundle and table).
  {
    const std::string site = dir.File("site");
    t0 = disclosure::WallClock::now();
    absl::Status s = hub.hub().Export(site, false);
    const double export_s =
        disclosure::Seconds(t0, disclosure::WallClock::now());
    uint64_t files = 0, bytes = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(site)) {
      if (!e.is_regular_file()) continue;
      ++files;
      bytes += e.file_size();
    }
    std::printf(
        "export: %d databases in %.2f s (%s): %llu files, %.1f MiB; "
        "databases.html %.1f MiB, search-index.json %.1f MiB\n",
        n * m, export_s, s.ok() ? "ok" : std::string(s.message()).c_str(),
        static_cast<unsigned long long>(files), bytes / 1048576.0,
        std::filesystem::file_size(site + "/databases.html") / 1048576.0,
        std::filesystem::file_size(site + "/search-index.json") / 1048576.0);
  }

  // Peak RSS of a hub process doing the full harvest on a fresh store.
  std::string binary = absl::GetFlag(FLAGS_hub_binary);
  if (!binary.empty()) {
    auto config = hub.config();
    config.set_data_dir(dir.File("hub-rss-db"));
    std::string text;
    google::protobuf::TextFormat::PrintToString(config, &text);
    (void)WriteNewFile(dir.File("hub-rss.textproto"), text, 0644);
    testing::Process p(
        {binary, "--config", dir.File("hub-rss.textproto"), "--once"},
        dir.File("hub-rss.log"));
    int64_t peak_kib = 0;
    const int rc = p.WaitMeasuringPeak(&peak_kib);
    std::printf(
        "memory: disclosure-hub --once over %d x %d entries: peak RSS %.0f MiB "
        "(exit %d)\n",
        n, m, peak_kib / 1024.0, rc);
  }
  hub.Stop();
  return 0;
}
