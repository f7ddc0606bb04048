// How many bytes the public export writes per byte the agencies signed:
// for an honest federation, for one agency flooding its databases with
// linkages (to one target repeatedly, and to distinct outside systems),
// and for one whose profile names many agency-wide channels. The export's
// files are grouped by kind, so an amplifier shows.
//
//   build/bench/export_size_bench [--databases 40] [--linkages 450]
//                                 [--channels 200] [--keep DIR]
//
// The bound (tests/testing/export_size.h) is asserted by
// tests/hub/export_size_test.cc; this prints the breakdown behind it.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "tests/testing/export_size.h"
#include "tests/testing/test_data.h"

ABSL_FLAG(int, databases, 40, "databases of the flooding agency");
ABSL_FLAG(int, linkages, 450, "linkages per database of the flooding agency");
ABSL_FLAG(int, channels, 200, "agency-wide channels of the flooding agency");
ABSL_FLAG(std::string, keep, "",
          "copy each export into this folder (honest/, flood-one/, "
          "flood-distinct/, flood-channels/) to look at");

namespace disclosure {
namespace {

namespace fs = std::filesystem;

double Ratio(uint64_t a, uint64_t b) {
  return static_cast<double>(a) / static_cast<double>(b);
}

void Measure(const testing::FederationShape& shape,
             const std::string& keep_as) {
  testing::TempDir dir;
  auto size = testing::MeasureExport(shape, dir.path());
  if (!size.ok()) {
    std::cerr << shape.name << ": " << size.status() << "\n";
    return;
  }
  if (const std::string keep = absl::GetFlag(FLAGS_keep); !keep.empty()) {
    std::error_code ec;
    fs::create_directories(keep, ec);
    fs::remove_all(fs::path(keep) / keep_as, ec);
    fs::copy(dir.File("site"), fs::path(keep) / keep_as,
             fs::copy_options::recursive, ec);
    if (ec) std::cerr << "--keep " << keep << ": " << ec.message() << "\n";
  }
  std::cout << shape.name << "\n";
  std::vector<std::pair<uint64_t, std::string>> sorted;
  for (const auto& [kind, bytes] : size->by_kind)
    sorted.emplace_back(bytes, kind);
  std::sort(sorted.rbegin(), sorted.rend());
  for (size_t i = 0; i < sorted.size() && i < 10; ++i) {
    std::cout << absl::StrFormat("  %-28s %12d bytes  %6.1fx signed\n",
                                 sorted[i].second, sorted[i].first,
                                 Ratio(sorted[i].first, size->signed_bytes));
  }
  std::cout << absl::StrFormat(
      "  signed %d bytes in %d entries, %d items; export %d bytes: "
      "export/signed %.1fx, export/bound %.2f\n\n",
      size->signed_bytes, size->entries, size->items, size->total,
      Ratio(size->total, size->signed_bytes),
      Ratio(size->total, size->Bound()));
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int databases = absl::GetFlag(FLAGS_databases);
  const int linkages = absl::GetFlag(FLAGS_linkages);
  using disclosure::Measure;
  namespace t = disclosure::testing;
  Measure(t::HonestFederation(databases), "honest");
  Measure(t::LinkageFlood(databases, linkages, false), "flood-one");
  Measure(t::LinkageFlood(databases, linkages, true), "flood-distinct");
  Measure(t::DefaultChannelFlood(databases, absl::GetFlag(FLAGS_channels)),
          "flood-channels");
  return 0;
}
