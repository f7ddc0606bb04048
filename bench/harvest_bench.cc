// The hub's harvest with every node a separate disclosure-node process, as
// in a real federation (bench/harvest_vs_baseline.sh runs it beside the
// plain nginx + curl + openssl + SQLite design and prints the ratios):
//
//   build/bench/harvest_bench --node_binary build/node/disclosure-node
//       [--nodes 200] [--entries 500] [--repeat 5] [--concurrency 16]
//
// Set-up (not timed): each node's store is written and a snapshot
// published in this process; then each node runs as its own process on a
// fixed loopback port. With --nodes_per_process P above 1, P nodes share
// one bench/node_host process instead (2,000 node processes do not fit in
// this machine's memory nor in its open-file limit). Each repetition starts a
// hub on an empty store (a first harvest, as the baseline's full round), times
// one full round (every snapshot fetched, verified, cosigned and stored), then
// one unchanged round (every node asked, nothing new). Search indexing runs on
// the hub's own thread and is not part of a round; the time until it is
// complete is reported apart, and waited for before the next repetition.
//
// Prints one "RESULT" line per repetition and a "SUMMARY N= E=
// full_median_s= unchanged_median_s= ..." line with medians (v[n/2]).
// With --hub_binary, a "MEMORY" line: the peak of `disclosure-hub --once`
// per phase; with --memory_rounds R too, a serving hub over that store for
// R rounds, a tenth of the nodes publishing a change before each: "ROUND"
// lines with its RSS after each round's export and a "ROUNDS" line
// comparing the two halves.
// CPU seconds are split into the hub (this process, its harvest and
// indexing threads) and the nodes (all node processes, from /proc).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/file_util.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "node/storage/node_store.h"
#include "rocksdb/db.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/subprocess.h"
#include "transport/tls.h"

ABSL_FLAG(int, nodes, 200, "agency nodes (separate processes)");
ABSL_FLAG(int, entries, 500, "database entries per node");
ABSL_FLAG(int, repeat, 5, "repetitions of (full, unchanged); medians");
ABSL_FLAG(int, concurrency, 16, "the hub's limits.harvest_concurrency");
ABSL_FLAG(std::string, node_binary, "", "the disclosure-node binary");
ABSL_FLAG(std::string, hub_binary, "",
          "the disclosure-hub binary: if set, the memory of `disclosure-hub "
          "--once` (harvest, export, search index) is measured too");
ABSL_FLAG(int, nodes_per_process, 1,
          "nodes served by one process: 1 runs a disclosure-node process "
          "each; more run them in bench/node_host processes");
ABSL_FLAG(int, memory_rounds, 0,
          "with --hub_binary: also run a serving disclosure-hub for this many "
          "rounds, a tenth of the nodes publishing a change before each, and "
          "report its memory after each round's export");

namespace disclosure {
namespace {

using WallClock = std::chrono::steady_clock;
double Seconds(WallClock::time_point a, WallClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// CPU seconds (user + system) this process has used, all threads.
double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds (user + system) of a running process, from /proc.
double ProcessCpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(in, line);
  // Fields after the command name, which is in parentheses and may hold
  // spaces: state is field 3, utime 14 and stime 15.
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::vector<std::string> f =
      absl::StrSplit(line.substr(close + 2), ' ', absl::SkipEmpty());
  if (f.size() < 13) return 0;
  return (std::stod(f[11]) + std::stod(f[12])) / sysconf(_SC_CLK_TCK);
}

// True once something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 20) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool up =
        connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (up) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// The sample databases of one agency, each named apart so that no two
// entries are byte-identical.
std::vector<v1::DatabaseEntry> AgencyDatabases(const std::string& id, int i,
                                               int m) {
  std::vector<v1::DatabaseEntry> dbs;
  dbs.reserve(m);
  for (int j = 0; j < m; ++j) {
    auto e = testing::SampleDatabase(id, absl::StrCat("db-", j));
    e.mutable_file_name()->set_zh_tw(absl::StrCat("機關", i, "之資料庫", j));
    dbs.push_back(std::move(e));
  }
  return dbs;
}

// One node: its store written and a snapshot published in this process,
// and its config file written for the process that will serve it on a
// fixed port.
struct RunningNode {
  std::unique_ptr<testing::NodeHarness> files;
  std::string config;                   // its NodeConfig file
  testing::Process* process = nullptr;  // the process serving it
  int port = 0;
  int admin_port = 0;
};

absl::Status PrepareNode(RunningNode& node, const std::string& dir,
                         const std::string& id, int i, int m,
                         const Clock* clock) {
  node.port = testing::FreeLoopbackPort();
  node.files->config().set_snapshot_listen(
      absl::StrCat("127.0.0.1:", node.port));
  {
    auto store = node::OpenNodeStore(node.files->config().data_dir());
    if (!store.ok()) return store.status();
    auto profile = testing::SampleProfile(id);
    auto dbs = AgencyDatabases(id, i, m);
    if (absl::Status s = (*store)->WriteInventory(&profile, dbs); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = node.files->Start(clock); !s.ok()) return s;
  if (auto s = node.files->node().publisher().Publish(); !s.ok()) {
    return s.status();
  }
  node.files->Stop();
  // Chosen after the in-process start, which listens on a port of its own.
  node.admin_port = testing::FreeLoopbackPort();
  node.files->config().set_admin_listen(
      absl::StrCat("127.0.0.1:", node.admin_port));
  node.config = dir + "/node.textproto";
  node.files->WriteConfigFile(node.config);
  return absl::OkStatus();
}

// bench/node_host beside this program.
std::string NodeHostBinary() {
  std::error_code ec;
  return (std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() /
          "node_host")
      .string();
}

// Starts the processes serving `nodes`: a disclosure-node each, or a
// node_host for every `per_process` of them (its list in `dir`).
std::vector<std::unique_ptr<testing::Process>> StartNodeProcesses(
    std::vector<RunningNode>& nodes, int per_process, const std::string& dir) {
  std::vector<std::unique_ptr<testing::Process>> processes;
  if (per_process <= 1) {
    for (auto& node : nodes) {
      processes.push_back(std::make_unique<testing::Process>(
          std::vector<std::string>{absl::GetFlag(FLAGS_node_binary), "--config",
                                   node.config},
          node.config + ".log"));
      node.process = processes.back().get();
    }
    return processes;
  }
  for (size_t first = 0; first < nodes.size(); first += per_process) {
    const size_t end = std::min(nodes.size(), first + per_process);
    const std::string list = absl::StrCat(dir, "/node-host-", first, ".txt");
    std::string text;
    for (size_t i = first; i < end; ++i)
      absl::StrAppend(&text, nodes[i].config, "\n");
    (void)WriteNewFile(list, text, 0644);
    processes.push_back(std::make_unique<testing::Process>(
        std::vector<std::string>{NodeHostBinary(), "--configs", list},
        list + ".log"));
    for (size_t i = first; i < end; ++i)
      nodes[i].process = processes.back().get();
  }
  return processes;
}

void PrintEntrySize(int m) {
  auto dbs = AgencyDatabases("agency-0", 0, std::min(m, 50));
  size_t proto = 0, json = 0;
  for (const auto& db : dbs) {
    std::string text;
    (void)google::protobuf::util::MessageToJsonString(db, &text);
    proto += db.ByteSizeLong();
    json += text.size();
  }
  std::printf("entries: %zu bytes each in protobuf, %zu in compact JSON\n",
              proto / dbs.size(), json / dbs.size());
}

// Reads every key and value of every column family of the RocksDB store
// in `dir`, read-only: the least any start-up over that store must do.
// Returns the bytes read, or -1.
int64_t PlainScan(const std::string& dir) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir, &names).ok())
    return -1;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names)
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, families, &handles,
                                    &raw)
           .ok())
    return -1;
  std::unique_ptr<rocksdb::DB> db(raw);
  int64_t bytes = 0;
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), h));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      bytes += it->key().size() + it->value().size();
    db->DestroyColumnFamilyHandle(h);
  }
  return bytes;
}

// Start-up of a hub over the store a full round left (its search index
// complete on disk) against a plain scan of that store, each the median
// of three.
void MeasureStartUp(testing::HubHarness& hub, const Clock* clock) {
  std::vector<double> scan, start, serving;
  int64_t bytes = 0;
  for (int i = 0; i < 3; ++i) {
    auto t0 = WallClock::now();
    bytes = PlainScan(hub.config().data_dir());
    scan.push_back(Seconds(t0, WallClock::now()));
    t0 = WallClock::now();
    if (!hub.Start(clock).ok()) return;
    start.push_back(Seconds(t0, WallClock::now()));
    (void)hub.hub().index().WaitForSearchIndex(absl::Minutes(30));
    serving.push_back(Seconds(t0, WallClock::now()));
    hub.Stop();
  }
  std::printf(
      "STARTUP plain_scan_s=%.3f (%.1f MiB) hub_start_s=%.3f "
      "search_complete_s=%.3f ratio_start_over_scan=%.2f "
      "ratio_complete_over_scan=%.2f\n",
      Median(scan), bytes / 1048576.0, Median(start), Median(serving),
      Median(start) / Median(scan), Median(serving) / Median(scan));
}

// A memory figure of a process in MiB, "VmRSS" or "VmHWM" (0 once it has
// exited).
double StatusMiB(int pid, const std::string& field = "VmRSS") {
  return testing::ProcStatusKiB(pid, field) / 1024.0;
}

// When the hub logged the first line containing `needle`, as seconds after
// `start`; infinity if it did not.
double LoggedAt(const std::string& log, const std::string& needle,
                absl::Time start) {
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (!absl::StrContains(line, needle) || line.size() < 24) continue;
    absl::Time t;
    std::string err;
    if (absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", line.substr(0, 24), &t, &err))
      return absl::ToDoubleSeconds(t - start);
  }
  return std::numeric_limits<double>::infinity();
}

// Peak memory of `disclosure-hub --once` on an empty store: it harvests
// every node, writes the export (site included), and waits for its search
// index. RSS is sampled every 50 ms; its peak is reported per phase, the
// phases taken from the hub's log. The overall peak is the process's own
// high-water mark (VmHWM), never wait4's ru_maxrss, which on Linux starts
// from this bench's resident size at fork (see testing::Process).
void MeasureHubMemory(testing::HubHarness& hub, const std::string& dir) {
  auto config = hub.config();
  config.set_data_dir(dir + "/once-db");
  config.set_export_dir(dir + "/once-export");
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  (void)WriteNewFile(dir + "/once.textproto", text, 0644);
  const absl::Time start = absl::Now();
  testing::Process p({absl::GetFlag(FLAGS_hub_binary), "--config",
                      dir + "/once.textproto", "--once"},
                     dir + "/once.log");
  std::vector<std::pair<double, double>> samples;  // (s, MiB)
  double high_water = 0;
  for (;;) {
    const double mib = StatusMiB(p.pid());
    if (mib == 0) break;
    high_water = std::max(high_water, StatusMiB(p.pid(), "VmHWM"));
    samples.emplace_back(absl::ToDoubleSeconds(absl::Now() - start), mib);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const int rc = p.Wait();
  const std::string log = p.Log();
  const double harvested = LoggedAt(log, "harvest round:", start);
  const double exported = LoggedAt(log, "waiting for the search index", start);
  double peak[3] = {0, 0, 0};
  for (const auto& [t, mib] : samples) {
    const int phase = t < harvested ? 0 : t < exported ? 1 : 2;
    peak[phase] = std::max(peak[phase], mib);
  }
  std::printf(
      "MEMORY once_peak_rss_mib=%.0f harvest_peak_mib=%.0f "
      "export_peak_mib=%.0f index_peak_mib=%.0f harvest_s=%.1f "
      "export_s=%.1f total_s=%.1f exit=%d\n",
      high_water, peak[0], peak[1], peak[2], harvested, exported - harvested,
      absl::ToDoubleSeconds(absl::Now() - start), rc);
}

// Agency IT changes one database of a running node and publishes.
absl::Status PublishChange(RunningNode& node, const std::string& id,
                           int round) {
  namespace v1n = disclosure::v1::node;
  auto creds = MutualTlsChannelCredentials(node.files->AdminClientFiles());
  if (!creds.ok()) return creds.status();
  auto admin = v1n::AdminService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", node.admin_port), *creds));
  v1n::UpsertDatabaseEntriesRequest req;
  auto* db = req.add_entries();
  *db = testing::SampleDatabase(id, "db-0");
  db->mutable_file_name()->set_zh_tw(absl::StrCat("第", round, "版資料庫"));
  v1n::WriteResponse w;
  grpc::ClientContext c1;
  c1.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (grpc::Status s = admin->UpsertDatabaseEntries(&c1, req, &w); !s.ok())
    return absl::InternalError(s.error_message());
  v1n::PublishResponse r;
  grpc::ClientContext c2;
  c2.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (grpc::Status s = admin->Publish(&c2, {}, &r); !s.ok())
    return absl::InternalError(s.error_message());
  return absl::OkStatus();
}

// Memory of a serving disclosure-hub over repeated rounds: it starts over
// the store `--once` left, then, `rounds` times, a tenth of the nodes
// publish a change, the hub harvests (every second), accepts, indexes and
// exports; its RSS is read after each export. A hub that keeps something
// per round grows here.
void MeasureRepeatedRounds(testing::HubHarness& hub,
                           std::vector<RunningNode>& nodes,
                           const std::string& dir, int rounds) {
  auto config = hub.config();
  config.set_data_dir(dir + "/once-db");
  config.set_export_dir(dir + "/rounds-export");
  config.set_harvest_interval_seconds(1);
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  (void)WriteNewFile(dir + "/rounds.textproto", text, 0644);
  testing::Process p(
      {absl::GetFlag(FLAGS_hub_binary), "--config", dir + "/rounds.textproto"},
      dir + "/rounds.log");
  const auto exports = [&] {
    const std::string log = p.Log();
    size_t count = 0;
    for (size_t at = log.find("export written"); at != std::string::npos;
         at = log.find("export written", at + 1))
      ++count;
    return count;
  };
  const auto wait_for_export = [&](size_t count) {
    const auto deadline = WallClock::now() + std::chrono::minutes(10);
    while (exports() < count && WallClock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return exports() >= count;
  };
  // The first round exports the state the store holds.
  if (!wait_for_export(1)) {
    std::fprintf(stderr, "harvest_bench: the serving hub did not export:\n%s\n",
                 p.Log().c_str());
    return;
  }
  std::vector<double> rss;
  const size_t per_round = std::max<size_t>(1, nodes.size() / 10);
  for (int r = 1; r <= rounds; ++r) {
    for (size_t k = 0; k < per_round; ++k) {
      const size_t i = (r * per_round + k) % nodes.size();
      if (absl::Status s =
              PublishChange(nodes[i], absl::StrCat("agency-", i), r);
          !s.ok()) {
        std::fprintf(stderr, "harvest_bench: agency-%zu: %s\n", i,
                     std::string(s.message()).c_str());
        return;
      }
    }
    if (!wait_for_export(r + 1)) {
      std::fprintf(stderr, "harvest_bench: round %d did not export\n", r);
      return;
    }
    rss.push_back(StatusMiB(p.pid()));
    std::printf("ROUND %d rss_mib=%.0f\n", r, rss.back());
    std::fflush(stdout);
  }
  p.Signal(SIGTERM);
  (void)p.Wait();
  if (rss.empty()) return;
  const size_t half = rss.size() / 2;
  const double first =
      *std::max_element(rss.begin(), rss.begin() + std::max<size_t>(half, 1));
  const double last = *std::max_element(rss.begin() + half, rss.end());
  std::printf(
      "ROUNDS n=%d changed_per_round=%zu first_half_max_mib=%.0f "
      "second_half_max_mib=%.0f growth_mib=%.0f\n",
      rounds, per_round, first, last, last - first);
}

struct Repetition {
  double full_s = 0, unchanged_s = 0, index_s = 0;
  double hub_cpu_s = 0, nodes_cpu_s = 0;
  hub::RoundSummary full, unchanged;
};

double NodesCpuSeconds(
    const std::vector<std::unique_ptr<testing::Process>>& processes) {
  double sum = 0;
  for (const auto& p : processes) sum += ProcessCpuSeconds(p->pid());
  return sum;
}

int Run() {
  const int n = absl::GetFlag(FLAGS_nodes), m = absl::GetFlag(FLAGS_entries);
  if (absl::GetFlag(FLAGS_node_binary).empty()) {
    std::fprintf(stderr, "harvest_bench: --node_binary is required\n");
    return 2;
  }
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::HubHarness hub(dir.File("hub"), &pki);
  std::vector<RunningNode> nodes(n);
  const auto setup_start = WallClock::now();
  for (int i = 0; i < n; ++i) {
    const std::string id = absl::StrCat("agency-", i), node_dir = dir.File(id);
    nodes[i].files = std::make_unique<testing::NodeHarness>(node_dir, &pki, id);
    if (absl::Status s = PrepareNode(nodes[i], node_dir, id, i, m, &clock);
        !s.ok()) {
      std::fprintf(stderr, "harvest_bench: node %s: %s\n", id.c_str(),
                   std::string(s.message()).c_str());
      return 1;
    }
    hub.RegisterRaw(id, absl::StrCat("127.0.0.1:", nodes[i].port),
                    {testing::NodeVkey(*nodes[i].files)});
  }
  const int per_process = std::max(1, absl::GetFlag(FLAGS_nodes_per_process));
  const auto processes = StartNodeProcesses(nodes, per_process, dir.path());
  for (int i = 0; i < n; ++i) {
    if (!WaitForPort(nodes[i].port, 30000 + 100 * per_process)) {
      std::fprintf(stderr, "harvest_bench: node %d did not start:\n%s\n", i,
                   nodes[i].process->Log().c_str());
      return 1;
    }
  }
  std::fprintf(stderr,
               "setup: %d nodes x %d entries in %zu processes in %.1f s\n", n,
               m, processes.size(), Seconds(setup_start, WallClock::now()));
  PrintEntrySize(m);
  hub.config().mutable_limits()->set_harvest_concurrency(
      absl::GetFlag(FLAGS_concurrency));

  std::vector<Repetition> reps;
  for (int r = 0; r < absl::GetFlag(FLAGS_repeat); ++r) {
    hub.config().set_data_dir(dir.File(absl::StrCat("hub-db-", r)));
    if (absl::Status s = hub.Start(&clock); !s.ok()) {
      std::fprintf(stderr, "harvest_bench: hub: %s\n",
                   std::string(s.message()).c_str());
      return 1;
    }
    Repetition rep;
    const double hub_cpu0 = SelfCpuSeconds(),
                 nodes_cpu0 = NodesCpuSeconds(processes);
    auto t0 = WallClock::now();
    rep.full = hub.hub().harvester().RunRound(true);
    rep.full_s = Seconds(t0, WallClock::now());
    rep.hub_cpu_s = SelfCpuSeconds() - hub_cpu0;
    rep.nodes_cpu_s = NodesCpuSeconds(processes) - nodes_cpu0;
    (void)hub.hub().index().WaitForSearchIndex(absl::Minutes(30));
    rep.index_s = Seconds(t0, WallClock::now());
    t0 = WallClock::now();
    rep.unchanged = hub.hub().harvester().RunRound(true);
    rep.unchanged_s = Seconds(t0, WallClock::now());
    hub.Stop();
    std::printf(
        "RESULT rep=%d full_s=%.3f accepted=%d entries=%lld calls=%lld "
        "hub_cpu_s=%.2f nodes_cpu_s=%.2f index_complete_s=%.1f "
        "unchanged_s=%.3f unchanged=%d\n",
        r + 1, rep.full_s, rep.full.accepted,
        static_cast<long long>(rep.full.entries_transferred),
        static_cast<long long>(rep.full.calls), rep.hub_cpu_s, rep.nodes_cpu_s,
        rep.index_s, rep.unchanged_s, rep.unchanged.unchanged);
    std::fflush(stdout);
    if (rep.full.accepted != n || rep.unchanged.unchanged != n) {
      std::fprintf(stderr,
                   "harvest_bench: a round did not take every agency "
                   "(accepted %d, unchanged %d of %d)\n",
                   rep.full.accepted, rep.unchanged.unchanged, n);
      return 1;
    }
    reps.push_back(std::move(rep));
  }
  MeasureStartUp(hub, &clock);
  if (!absl::GetFlag(FLAGS_hub_binary).empty()) {
    MeasureHubMemory(hub, dir.path());
    if (absl::GetFlag(FLAGS_memory_rounds) > 0) {
      MeasureRepeatedRounds(hub, nodes, dir.path(),
                            absl::GetFlag(FLAGS_memory_rounds));
    }
  }
  auto column = [&](double Repetition::*field) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r.*field);
    return Median(v);
  };
  const double full = column(&Repetition::full_s);
  const double unchanged = column(&Repetition::unchanged_s);
  std::printf(
      "SUMMARY N=%d E=%d full_median_s=%.3f unchanged_median_s=%.3f "
      "full_entries_per_s=%.0f unchanged_over_full=%.3f (%.1f%%) "
      "hub_cpu_s=%.2f nodes_cpu_s=%.2f index_complete_s=%.1f\n",
      n, m, full, unchanged, n * m / full, unchanged / full,
      100 * unchanged / full, column(&Repetition::hub_cpu_s),
      column(&Repetition::nodes_cpu_s), column(&Repetition::index_s));
  return 0;
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return disclosure::Run();
}
