// Benchmarks of the node, each against a baseline measured in the same run,
// repeated and reported as medians and ratios:
//
//   ingest   raw request records (~200 bytes) streamed from this process
//            to a disclosure-node process's admin service over mutual TLS,
//            in batches of 1,000, vs RocksDB's own
//            `db_bench --benchmarks=fillrandom` with the same value size
//   publish  one snapshot of 10,000 database entries and 1,000,000 raw
//            records vs a plain scan of those records plus SHA-256 of the
//            entries; with the peak RSS of the publishing process
//
//   build/bench/node_bench [--records N] [--entries N] [--repeat N]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/clock.h"
#include "format/ed25519.h"
#include "format/note_keys.h"
#include "format/sha256.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/publisher.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/subprocess.h"
#include "transport/tls.h"

ABSL_FLAG(int, records, 1'000'000, "raw records for the publish benchmark");
ABSL_FLAG(int, entries, 10'000, "database entries for the publish benchmark");
ABSL_FLAG(int, ingest_records, 200'000, "records per ingest run");
ABSL_FLAG(int, repeat, 5, "repetitions (medians are reported)");
ABSL_FLAG(std::string, db_bench, "/usr/bin/db_bench", "RocksDB's db_bench");
ABSL_FLAG(std::string, only, "", "run only 'ingest' or 'publish'");
ABSL_FLAG(std::string, node_binary, "",
          "disclosure-node for the ingest benchmark (default: "
          "build/node/disclosure-node beside build/bench/)");
ABSL_FLAG(std::string, child, "",
          "internal: run one measurement ('publish' or 'scan')");
ABSL_FLAG(std::string, child_dir, "",
          "internal: the store of a child measurement");

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using WallClock = std::chrono::steady_clock;

double Seconds(WallClock::time_point a, WallClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

v1::ProviderRequestRecord Record(int i) {
  auto r = testing::SampleRequest(
      absl::StrCat("r", 10'000'000 + i),
      absl::FromUnixSeconds(1735660800 + (i % 180) * 86400));
  // About 200 bytes serialized, like a real letter's metadata.
  r.set_notice_deferred_reason("通知將妨害調查之進行，依法暫緩通知");
  r.set_obtained_data_destroy_by("2027-12-31");
  return r;
}

// disclosure-node beside this program's folder (build/node/).
std::string NodeBinary() {
  if (!absl::GetFlag(FLAGS_node_binary).empty())
    return absl::GetFlag(FLAGS_node_binary);
  std::error_code ec;
  return (std::filesystem::read_symlink("/proc/self/exe", ec)
              .parent_path()
              .parent_path() /
          "node" / "disclosure-node")
      .string();
}

// Records per second through the admin service of a disclosure-node
// process, streamed from this one (as disclosurectl would send them).
double IngestOnce(int n) {
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  testing::NodeHarness harness(dir.File("n"), &pki, "mof");
  RealClock clock;
  // Creates the store and the node's keys; the process then reopens them.
  if (!harness.Start(&clock).ok()) std::abort();
  harness.Stop();
  const int admin_port = testing::FreeLoopbackPort();
  harness.config().set_admin_listen(absl::StrCat("127.0.0.1:", admin_port));
  harness.config().set_snapshot_listen(
      absl::StrCat("127.0.0.1:", testing::FreeLoopbackPort()));
  const std::string config = dir.File("node.textproto");
  harness.WriteConfigFile(config);
  testing::Process node({NodeBinary(), "--config", config},
                        dir.File("node.log"));
  if (!node.WaitForLog("serving snapshots", 30000)) {
    std::cerr << "disclosure-node did not start:\n" << node.Log();
    std::abort();
  }
  auto creds = MutualTlsChannelCredentials(harness.AdminClientFiles());
  if (!creds.ok()) std::abort();
  auto admin = v1n::AdminService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", admin_port), *creds));
  std::vector<v1n::AppendRequestRecordsRequest> batches;
  for (int i = 0; i < n; i += 1000) {
    batches.emplace_back();
    for (int j = i; j < std::min(n, i + 1000); ++j)
      *batches.back().add_records() = Record(j);
  }
  const auto start = WallClock::now();
  grpc::ClientContext ctx;
  v1n::AppendRequestRecordsResponse resp;
  auto writer = admin->AppendRequestRecords(&ctx, &resp);
  for (const auto& b : batches) writer->Write(b);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  const auto end = WallClock::now();
  node.Signal(SIGTERM);
  (void)node.Wait();
  if (!s.ok() || resp.written() != n) {
    std::cerr << "ingest failed: " << s.error_message() << " written "
              << resp.written() << "\n";
    std::abort();
  }
  return n / Seconds(start, end);
}

// db_bench's own ops/sec for fillrandom with the same value size.
double DbBenchOnce(int n, int value_size) {
  testing::TempDir dir;
  testing::CommandResult r = testing::RunCommand(
      {absl::GetFlag(FLAGS_db_bench), "--benchmarks=fillrandom",
       absl::StrCat("--num=", n), absl::StrCat("--value_size=", value_size),
       "--key_size=16", absl::StrCat("--db=", dir.File("db")), "--threads=1"});
  for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
    if (line.rfind("fillrandom", 0) != 0) continue;
    // "fillrandom   :       4.123 micros/op 242541 ops/sec; ..."
    size_t at = line.find("micros/op");
    if (at == absl::string_view::npos) break;
    std::vector<std::string> parts =
        absl::StrSplit(line.substr(at), ' ', absl::SkipEmpty());
    return std::stod(parts[1]);
  }
  std::cerr << "db_bench gave no fillrandom figure:\n" << r.out << r.err;
  std::abort();
}

struct PublishFixture {
  testing::TempDir dir;
  std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
  std::string origin = "disclosure.test/agency/mof";
};

void Populate(const std::string& db_dir, int entries, int records) {
  auto store = *node::OpenNodeStore(db_dir);
  auto profile = testing::SampleProfile("mof");
  std::vector<v1::DatabaseEntry> dbs;
  for (int i = 0; i < entries; ++i) {
    dbs.push_back(testing::SampleDatabase("mof", absl::StrCat("db-", i)));
    if (dbs.size() == 1000) {
      if (!store->WriteInventory(&profile, dbs).ok()) std::abort();
      dbs.clear();
    }
  }
  if (!store->WriteInventory(&profile, dbs).ok()) std::abort();
  for (int i = 0; i < records; i += 50'000) {
    std::vector<v1::ProviderRequestRecord> chunk;
    for (int j = i; j < std::min(records, i + 50'000); ++j)
      chunk.push_back(Record(j));
    if (!store->AppendRequestRecords(chunk).ok()) std::abort();
  }
  store->db()->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
}

// Runs this program again with --child=`what` on `db_dir`, so the
// measurement starts from a fresh process; returns its wall seconds (as it
// printed them) and its peak RSS in MiB.
std::pair<double, double> InChild(const std::string& what,
                                  const std::string& db_dir) {
  testing::TempDir out;
  const std::string log = out.File("child.out");
  testing::Process child(
      {"/proc/self/exe", absl::StrCat("--child=", what),
       absl::StrCat("--child_dir=", db_dir),
       absl::StrCat("--records=", absl::GetFlag(FLAGS_records))},
      log);
  int64_t peak_kib = 0;
  child.WaitMeasuringPeak(&peak_kib);
  double secs = -1;
  for (absl::string_view line : absl::StrSplit(child.Log(), '\n')) {
    if (line.rfind("seconds ", 0) == 0)
      secs = std::stod(std::string(line.substr(8)));
  }
  if (secs < 0) {
    std::cerr << "child measurement failed:\n" << child.Log();
    std::abort();
  }
  return {secs, peak_kib / 1024.0};
}

int RunChild(const std::string& what, const std::string& db_dir) {
  auto store = *node::OpenNodeStore(db_dir);
  double secs = 0;
  if (what == "publish") {
    PublishFixture fx;
    auto keeper = *node::SignedStateKeeper::Open(db_dir + ".signed-checkpoint",
                                                 store.get(), fx.origin, false);
    auto log = *node::AgencyLog::Load(*store, fx.origin);
    auto signer = *Ed25519NoteSigner::Create(fx.origin, fx.key);
    RealClock clock;
    node::PublisherOptions o;
    o.agency_id = "mof";
    o.statistics.agency_id = "mof";
    o.statistics.tracked_from = "2025-H1";
    node::Publisher publisher(store.get(), log.get(), keeper.get(),
                              signer.get(), &clock, o);
    const auto start = WallClock::now();
    auto s = publisher.Publish();
    secs = Seconds(start, WallClock::now());
    if (!s.ok()) {
      std::cerr << s.status() << "\n";
      return 1;
    }
  } else {
    const auto start = WallClock::now();
    int64_t n = 0;
    (void)store->ScanRequestRecords([&](absl::string_view, absl::string_view) {
      ++n;
      return absl::OkStatus();
    });
    auto dbs = *store->ListDatabaseEntries();
    Sha256 sha;
    for (const auto& e : dbs) sha.Update(e.SerializeAsString());
    volatile Hash h = sha.Finish();
    (void)h;
    secs = Seconds(start, WallClock::now());
    if (n != absl::GetFlag(FLAGS_records)) return 1;
  }
  std::printf("seconds %.6f\n", secs);
  return 0;
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  using namespace disclosure;
  absl::ParseCommandLine(argc, argv);
  if (!absl::GetFlag(FLAGS_child).empty()) {
    return RunChild(absl::GetFlag(FLAGS_child), absl::GetFlag(FLAGS_child_dir));
  }
  const std::string only = absl::GetFlag(FLAGS_only);
  const int repeat = absl::GetFlag(FLAGS_repeat);
  const int ingest_n = absl::GetFlag(FLAGS_ingest_records);
  const int value_size = static_cast<int>(Record(0).ByteSizeLong());

  std::vector<double> ingest, baseline;
  for (int i = 0; i < repeat && only != "publish";
       ++i) {  // interleaved, so load hits both alike
    ingest.push_back(IngestOnce(ingest_n));
    baseline.push_back(DbBenchOnce(ingest_n, value_size));
  }
  if (only != "publish") {
    std::printf("ingest: %d records of %d bytes per run, %d runs\n", ingest_n,
                value_size, repeat);
    std::printf("  admin service      %10.0f records/s (median)\n",
                Median(ingest));
    std::printf("  db_bench fillrandom %9.0f ops/s (median)\n",
                Median(baseline));
    std::printf("  ratio ingest / fillrandom: %.2f\n",
                Median(ingest) / Median(baseline));
  }
  if (only == "ingest") return 0;

  const int entries = absl::GetFlag(FLAGS_entries),
            records = absl::GetFlag(FLAGS_records);
  PublishFixture fx;
  const std::string db_dir = fx.dir.File("db");
  Populate(db_dir, entries, records);
  std::vector<double> publish, scan, rss;
  for (int i = 0; i < repeat; ++i) {
    auto [secs, mib] = InChild("publish", db_dir);
    publish.push_back(secs);
    rss.push_back(mib);
    scan.push_back(InChild("scan", db_dir).first);
  }
  std::printf("publish: %d database entries, %d raw records, %d runs\n",
              entries, records, repeat);
  std::printf("  publish            %8.3f s (median)\n", Median(publish));
  std::printf("  scan + SHA-256     %8.3f s (median)\n", Median(scan));
  std::printf("  ratio publish / baseline: %.2f\n",
              Median(publish) / Median(scan));
  std::printf("  peak RSS of the publishing process: %.0f MiB (median)\n",
              Median(rss));
  return 0;
}
