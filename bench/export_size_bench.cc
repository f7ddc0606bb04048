// How many bytes the public export writes per byte the agencies signed:
// for an honest federation, and for one agency flooding its databases with
// linkages (to one target repeatedly, and to distinct outside systems). The
// export's files are grouped by kind, so the amplifier shows.
//
//   build/bench/export_size_bench [--databases 40] [--linkages 450]
//
// "Signed bytes" are the serialized entries of every agency's snapshot.
// The public-pages issue sets the target at 10x for any federation.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/clock.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/test_data.h"
#include "tests/testing/test_pki.h"

ABSL_FLAG(int, databases, 40, "databases of the flooding agency");
ABSL_FLAG(int, linkages, 450, "linkages per database of the flooding agency");

namespace disclosure {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;

// The kind of an export file, for the breakdown.
std::string KindOf(const std::string& rel) {
  std::string path = rel;
  if (path.rfind("en/", 0) == 0) path = path.substr(3);
  if (path.rfind("db/", 0) == 0) return "database pages (zh+en)";
  const std::string top = path.substr(0, path.find('/'));
  if (top != path) return top + "/";
  return path;
}

struct Shape {
  std::string name;
  // agency -> entries it signs
  std::map<std::string, std::vector<v1::DisclosureEntry>> agencies;
};

Shape Honest(int databases) {
  Shape s{"honest: 3 agencies of sample databases", {}};
  for (const char* agency : {"mof", "moi", "mohw"}) {
    std::vector<std::string> ids;
    for (int i = 0; i < databases; ++i) ids.push_back(absl::StrCat("db-", i));
    s.agencies[agency] = testing::SampleEntries(agency, ids);
  }
  return s;
}

Shape Flood(int databases, int linkages, bool distinct) {
  Shape s{absl::StrCat("flood: ", databases, " databases x ", linkages,
                       distinct ? " linkages to distinct outside systems"
                                : " linkages to one database"),
          {}};
  s.agencies["moi"] = testing::SampleEntries("moi", {"id-photos"});
  std::vector<std::string> ids;
  for (int i = 0; i < databases; ++i) ids.push_back(absl::StrCat("db-", i));
  auto entries = testing::SampleEntries("mof", ids);
  for (auto& e : entries) {
    if (!e.has_database()) continue;
    auto* db = e.mutable_database();
    db->clear_linkages();
    for (int j = 0; j < linkages; ++j) {
      v1::Linkage* k = db->add_linkages();
      if (distinct) {
        k->set_external_name(absl::StrCat("x", j));
      } else {
        k->set_linked_entry_id("moi/id-photos");
      }
      k->set_direction(v1::Linkage::DIRECTION_OUTBOUND);
    }
  }
  s.agencies["mof"] = std::move(entries);
  return s;
}

void Measure(const Shape& shape) {
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::HubHarness hub(dir.File("hub"), &pki);
  std::vector<std::unique_ptr<testing::HostileNode>> nodes;
  uint64_t signed_bytes = 0;
  for (const auto& [agency, entries] : shape.agencies) {
    auto& node = nodes.emplace_back(
        std::make_unique<testing::HostileNode>(&pki, agency));
    node->Publish(entries, clock.Now(), absl::Hours(72));
    for (const auto& e : entries) signed_bytes += e.ByteSizeLong();
    hub.RegisterRaw(agency, node->endpoint(), {node->vkey()});
  }
  if (absl::Status s = hub.Start(&clock); !s.ok()) {
    std::cerr << "hub: " << s << "\n";
    return;
  }
  hub.hub().HarvestNow(true);
  const std::string site = dir.File("site");
  if (absl::Status s = hub.hub().Export(site, false); !s.ok()) {
    std::cerr << "export: " << s << "\n";
    return;
  }
  std::map<std::string, uint64_t> by_kind;
  uint64_t total = 0;
  for (const auto& f : fs::recursive_directory_iterator(site)) {
    if (!f.is_regular_file()) continue;
    const uint64_t size = f.file_size();
    by_kind[KindOf(fs::relative(f.path(), site).string())] += size;
    total += size;
  }
  std::cout << shape.name << "\n";
  std::vector<std::pair<uint64_t, std::string>> sorted;
  for (const auto& [kind, size] : by_kind) sorted.emplace_back(size, kind);
  std::sort(sorted.rbegin(), sorted.rend());
  for (size_t i = 0; i < sorted.size() && i < 10; ++i) {
    std::cout << absl::StrFormat("  %-28s %12d bytes  %6.1fx signed\n",
                                 sorted[i].second, sorted[i].first,
                                 static_cast<double>(sorted[i].first) /
                                     static_cast<double>(signed_bytes));
  }
  std::cout << absl::StrFormat(
      "  signed %d bytes, export %d bytes: export/signed ratio %.1fx\n\n",
      signed_bytes, total,
      static_cast<double>(total) / static_cast<double>(signed_bytes));
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int databases = absl::GetFlag(FLAGS_databases);
  const int linkages = absl::GetFlag(FLAGS_linkages);
  disclosure::Measure(disclosure::Honest(databases));
  disclosure::Measure(disclosure::Flood(databases, linkages, false));
  disclosure::Measure(disclosure::Flood(databases, linkages, true));
  return 0;
}
