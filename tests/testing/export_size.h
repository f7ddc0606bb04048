// How many bytes the hub's public export writes for what agencies signed:
// the shapes of federation the export's size bound is checked on (an
// honest one, and one agency flooding its databases with linkages), and
// the measurement. Used by tests/hub/export_size_test.cc, which asserts
// the bound, and bench/export_size_bench.cc, which prints the breakdown.
//
// The bound (docs/performance.md, "Export size"):
//   export bytes <= 10 x signed bytes + 8 KiB x entries + 1 KiB x items
// where "signed bytes" are the serialized entries, "entries" the entries of
// every snapshot and "items" every element of a repeated field inside them
// (a linkage, a use, a channel, a code, a statistics row...). The per-entry
// and per-item allowances pay for what is written per thing whatever its
// size: a page's frame in two languages, a proof bundle, a table row.
#ifndef DISCLOSURE_TESTS_TESTING_EXPORT_SIZE_H_
#define DISCLOSURE_TESTS_TESTING_EXPORT_SIZE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "disclosure/v1/entry.pb.h"

namespace disclosure::testing {

struct FederationShape {
  std::string name;
  // agency -> the entries it signs
  std::map<std::string, std::vector<disclosure::v1::DisclosureEntry>> agencies;
};

// Three agencies of `databases` sample databases each.
FederationShape HonestFederation(int databases);
// One agency whose `databases` databases each declare `linkages` outbound
// linkages, to one other agency's database (`distinct` false) or to as
// many distinct outside systems, beside one honest agency.
FederationShape LinkageFlood(int databases, int linkages, bool distinct);

// One agency whose profile names `channels` agency-wide rights channels,
// which apply to each of its `databases` databases.
FederationShape DefaultChannelFlood(int databases, int channels);

struct ExportSize {
  uint64_t signed_bytes = 0;
  uint64_t entries = 0;
  uint64_t items = 0;
  uint64_t total = 0;
  // Database pages written (both languages): that the harvest took every
  // database in.
  uint64_t database_pages = 0;
  // The export's bytes by kind of file ("database pages (zh+en)",
  // "linkages.json", "bundles/"...).
  std::map<std::string, uint64_t> by_kind;

  // 10 x signed bytes + 8 KiB x entries + 1 KiB x items.
  uint64_t Bound() const;
};

// Every element of a repeated field anywhere inside `m`.
uint64_t RepeatedItems(const google::protobuf::Message& m);

// Publishes `shape` from hostile-node fakes, harvests it into a hub,
// exports into `dir` + "/site" and measures the export.
absl::StatusOr<ExportSize> MeasureExport(const FederationShape& shape,
                                         const std::string& dir);

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_EXPORT_SIZE_H_
