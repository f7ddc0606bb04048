// The static export at national scale: a full export, the same export
// copied with `cp -r` on the same disk (the floor of writing those files),
// and the incremental export after one agency publishes a change (target:
// at most 5% of the full export; the full one at most 2x `cp -r`). Also the
// largest HTML page, the bytes the static site's search needs before it can
// answer one query, and the peak RSS of `disclosure-hub --once`.
//
//   build/bench/export_bench [--nodes 200] [--entries 500] [--repeat 3]
//                            [--hub_binary build/hub/disclosure-hub]
//
// Ends with one line for scripts:
//   TARGETS full_export_s= incremental_export_s= cp_s= largest_html_kb=
//   search_kb= once_peak_rss_mib=
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/file_util.h"
#include "google/protobuf/text_format.h"
#include "hub/export/export_report.h"
#include "node/storage/node_store.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/subprocess.h"

ABSL_FLAG(int, nodes, 200, "agency nodes");
ABSL_FLAG(int, entries, 500, "database entries per node");
ABSL_FLAG(int, repeat, 3, "repetitions of each measurement (median)");
ABSL_FLAG(std::string, hub_binary, "",
          "disclosure-hub binary for the peak-RSS figure (default: the one "
          "built beside this benchmark)");

namespace disclosure {
namespace {

namespace fs = std::filesystem;
using WallClock = std::chrono::steady_clock;

double SecondsSince(WallClock::time_point a) {
  return std::chrono::duration<double>(WallClock::now() - a).count();
}

// Writes out what earlier steps left dirty, so that each timed step starts
// with the disk idle rather than paying for the step before it.
void Settle() { sync(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// One agency's node with `m` databases, published.
std::unique_ptr<testing::NodeHarness> StartNode(testing::TempDir& dir,
                                                testing::TestPki& pki,
                                                Clock* clock, int i, int m) {
  const std::string id = absl::StrCat("agency-", i);
  auto node = std::make_unique<testing::NodeHarness>(dir.File(id), &pki, id);
  {
    auto store = *node::OpenNodeStore(node->config().data_dir());
    auto profile = testing::SampleProfile(id);
    std::vector<v1::DatabaseEntry> dbs;
    for (int j = 0; j < m; ++j) {
      auto e = testing::SampleDatabase(id, absl::StrCat("db-", j));
      e.mutable_file_name()->set_zh_tw(absl::StrCat("機關", i, "之資料庫", j));
      if (j > 0) {  // linked to the one before, as real registries are
        auto* k = e.add_linkages();
        k->set_linked_entry_id(absl::StrCat(id, "/db-", j - 1));
        k->set_direction(v1::Linkage::DIRECTION_OUTBOUND);
        k->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
        k->mutable_purpose()->set_zh_tw("資料比對");
        k->add_legal_basis()->set_statute("統計法");
      }
      dbs.push_back(std::move(e));
    }
    if (!store->WriteInventory(&profile, dbs).ok()) return nullptr;
  }
  if (!node->Start(clock).ok()) return nullptr;
  if (!node->node().publisher().Publish().ok()) return nullptr;
  return node;
}

// The name agency `i` gives its first database in change `round`.
std::string ChangedName(int i, int round) {
  return absl::StrCat("機關", i, "之資料庫（第", round, "次修訂）");
}

// Agency `node` renames one database and publishes; false, saying why on
// standard error, when the node did not take the change.
bool PublishChange(testing::NodeHarness& node, int i, int round) {
  auto admin = node.Admin();
  v1::node::UpsertDatabaseEntriesRequest req;
  auto* e = req.add_entries();
  *e = testing::SampleDatabase(absl::StrCat("agency-", i), "db-0");
  e->mutable_file_name()->set_zh_tw(ChangedName(i, round));
  e->set_change_note("renamed");  // required of a changed entry
  v1::node::WriteResponse w;
  grpc::ClientContext c1, c2;
  v1::node::PublishResponse p;
  const grpc::Status upsert = admin->UpsertDatabaseEntries(&c1, req, &w);
  if (!upsert.ok() || !w.applied() || w.written() != 1) {
    std::fprintf(stderr, "agency-%d did not take the change: %s %s\n", i,
                 upsert.error_message().c_str(), w.DebugString().c_str());
    return false;
  }
  return admin->Publish(&c2, {}, &p).ok();
}

// Whether the export at `site` shows change `round` of agency `i`.
bool ShowsChange(const std::string& site, int i, int round) {
  const absl::StatusOr<std::string> page =
      ReadFile(absl::StrCat(site, "/db/agency-", i, "/db-0.html"), 1 << 20);
  return page.ok() && page->find(ChangedName(i, round)) != std::string::npos;
}

struct Tree {
  uint64_t files = 0, bytes = 0, largest_html = 0;
  std::string largest_html_name;
  // Files modified at or after the time Walk was given: what the last
  // export wrote rather than linked; the largest first.
  uint64_t new_files = 0, new_bytes = 0;
  std::vector<std::pair<uint64_t, std::string>> largest_new;
};

Tree Walk(const std::string& dir, fs::file_time_type written_since) {
  Tree t;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    ++t.files;
    t.bytes += e.file_size();
    if (e.last_write_time() >= written_since) {
      ++t.new_files;
      t.new_bytes += e.file_size();
      t.largest_new.emplace_back(e.file_size(),
                                 fs::relative(e.path(), dir).string());
    }
    if (e.path().extension() == ".html" && e.file_size() > t.largest_html) {
      t.largest_html = e.file_size();
      t.largest_html_name = fs::relative(e.path(), dir).string();
    }
  }
  std::sort(t.largest_new.rbegin(), t.largest_new.rend());
  if (t.largest_new.size() > 8) t.largest_new.resize(8);
  return t;
}

// Where the incremental exports' time went: the median of each phase.
void PrintPhases(const std::vector<hub::ExportReport>& reports) {
  std::printf("  incremental export, by phase (median of %zu):\n",
              reports.size());
  for (const auto& [phase, unused] : reports.front().phase_seconds) {
    std::vector<double> s;
    for (const auto& r : reports) s.push_back(r.Seconds(phase));
    std::printf("    %-48s %7.2f s\n", phase.c_str(), Median(s));
  }
  std::printf(
      "    (%d agencies reused, the rows of %d copied; %d written anew)\n",
      reports.back().agencies_reused, reports.back().agencies_rows_copied,
      reports.back().agencies_written);
}

// `disclosure-hub --once` over a fresh store: peak RSS in MiB; 0 when
// there is no hub binary to run.
double OncePeakRss(testing::HubHarness& hub, testing::TempDir& dir) {
  std::string binary = absl::GetFlag(FLAGS_hub_binary);
  std::error_code ec;
  if (binary.empty()) {
    binary = (fs::read_symlink("/proc/self/exe", ec).parent_path() /
              "../hub/disclosure-hub")
                 .lexically_normal()
                 .string();
  }
  if (!fs::exists(binary, ec)) return 0;
  auto config = hub.config();
  config.set_data_dir(dir.File("hub-rss-db"));
  config.set_export_dir(dir.File("hub-rss-site"));
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  if (!WriteNewFile(dir.File("hub-rss.textproto"), text, 0644).ok()) return 0;
  testing::Process p(
      {binary, "--config", dir.File("hub-rss.textproto"), "--once"},
      dir.File("hub-rss.log"));
  int64_t peak_kib = 0;
  p.WaitMeasuringPeak(&peak_kib);
  return peak_kib / 1024.0;
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  using namespace disclosure;
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_nodes), m = absl::GetFlag(FLAGS_entries);
  const int repeat = std::max(1, absl::GetFlag(FLAGS_repeat));
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::HubHarness hub(dir.File("hub"), &pki);
  std::vector<std::unique_ptr<testing::NodeHarness>> nodes;
  for (int i = 0; i < n; ++i) {
    nodes.push_back(StartNode(dir, pki, &clock, i, m));
    if (nodes.back() == nullptr) return 1;
    hub.Register(absl::StrCat("agency-", i), *nodes.back());
  }
  hub.config().mutable_limits()->set_harvest_concurrency(16);
  if (!hub.Start(&clock).ok()) return 1;
  hub.hub().harvester().RunRound(true);

  // Full exports: nothing to reuse.
  std::vector<double> full, cp;
  for (int r = 0; r < repeat; ++r) {
    const std::string link = dir.File(absl::StrCat("full-", r, "/site"));
    Settle();
    const auto t0 = WallClock::now();
    if (absl::Status s = hub.hub().Export(link, true); !s.ok()) {
      std::fprintf(stderr, "export: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    full.push_back(SecondsSince(t0));
    const std::string copy = dir.File(absl::StrCat("copy-", r));
    const std::string command =
        absl::StrCat("cp -r '", fs::canonical(link).string(), "' '", copy, "'");
    Settle();
    const auto t1 = WallClock::now();
    if (std::system(command.c_str()) != 0) return 1;
    cp.push_back(SecondsSince(t1));
    if (r + 1 < repeat) fs::remove_all(dir.File(absl::StrCat("full-", r)));
    fs::remove_all(copy);
  }
  // Incremental exports: one agency changes, the rest is reused.
  const std::string site = dir.File(absl::StrCat("full-", repeat - 1, "/site"));
  std::vector<double> incremental;
  std::vector<hub::ExportReport> reports(repeat);
  fs::file_time_type last_started;
  for (int r = 0; r < repeat; ++r) {
    const int agency = (r * 7) % n;
    if (!PublishChange(*nodes[agency], agency, r)) return 1;
    hub.hub().harvester().RunRound(true);
    // File times have the kernel's tick: a second back is safely before.
    Settle();
    last_started = fs::file_time_type::clock::now() - std::chrono::seconds(1);
    const auto t0 = WallClock::now();
    if (absl::Status s = hub.hub().Export(site, true, &reports[r]); !s.ok()) {
      std::fprintf(stderr, "export: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    incremental.push_back(SecondsSince(t0));
    if (!ShowsChange(site, agency, r)) {
      std::fprintf(stderr, "the export does not show agency-%d's change\n",
                   agency);
      return 1;
    }
  }
  const Tree tree = Walk(site, last_started);
  // The static search reads the databases page, search.js and the whole
  // search index before it answers.
  const uint64_t search_bytes = fs::file_size(site + "/databases.html") +
                                fs::file_size(site + "/search.js") +
                                fs::file_size(site + "/search-index.json");
  const double full_s = Median(full), cp_s = Median(cp);
  const double incremental_s = Median(incremental);
  const double rss_mib = OncePeakRss(hub, dir);
  std::printf("export: %d agencies x %d databases: %llu files, %.1f MiB\n", n,
              m, static_cast<unsigned long long>(tree.files),
              tree.bytes / 1048576.0);
  std::printf("  full export         %8.2f s (median of %d)\n", full_s, repeat);
  std::printf("  cp -r of it         %8.2f s   full / cp: %.2fx (goal <= 2)\n",
              cp_s, full_s / cp_s);
  std::printf(
      "  incremental export  %8.2f s   incremental / full: %.1f%% (target "
      "<= 5%%)\n",
      incremental_s, 100 * incremental_s / full_s);
  std::printf("  largest page        %8.0f KB (%s; target <= 300)\n",
              tree.largest_html / 1000.0, tree.largest_html_name.c_str());
  std::printf(
      "  static search reads %8.0f KB before one answer (target <= "
      "300)\n",
      search_bytes / 1000.0);
  PrintPhases(reports);
  std::printf(
      "  the last incremental export wrote %llu files, %.1f MiB; "
      "the largest:\n",
      static_cast<unsigned long long>(tree.new_files),
      tree.new_bytes / 1048576.0);
  for (const auto& [size, name] : tree.largest_new)
    std::printf("    %10.1f KB  %s\n", size / 1000.0, name.c_str());
  const std::string rss =
      rss_mib > 0 ? absl::StrFormat("%.0f", rss_mib) : "not-measured";
  std::printf("  disclosure-hub --once peak RSS %s MiB\n", rss.c_str());
  std::printf(
      "TARGETS full_export_s=%.2f incremental_export_s=%.2f cp_s=%.2f "
      "largest_html_kb=%.0f search_kb=%.0f once_peak_rss_mib=%s\n",
      full_s, incremental_s, cp_s, tree.largest_html / 1000.0,
      search_bytes / 1000.0, rss.c_str());
  hub.Stop();
  return 0;
}
