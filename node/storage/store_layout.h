// The node store's key layout, shared by node_store.cc and
// request_import.cc (private to node/storage): column families, fixed keys
// and key builders.
#ifndef DISCLOSURE_NODE_STORAGE_STORE_LAYOUT_H_
#define DISCLOSURE_NODE_STORAGE_STORE_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "format/entry_key.h"
#include "node/storage/node_store.h"

namespace disclosure::node::store_layout {

// Column family indices in handles_ (0 is RocksDB's default family).
enum Family {
  kDefault = 0,
  kInventory,
  kRequests,
  kEntries,
  kSnapshots,
  kManifests,
  kPeriods,
  kMeta,
  kCorrections
};
inline constexpr const char* kFamilyNames[] = {
    "default",   "inventory", "requests", "entries",    "snapshots",
    "manifests", "periods",   "meta",     "corrections"};

inline constexpr char kSaltSecretKey[] = "record_salt_secret";
inline constexpr char kSigningStateKey[] = "signing_state";
inline constexpr char kWitnessedKey[] = "witnessed_checkpoint";
inline constexpr char kAggregateKindKey[] = "aggregate_kind";
inline constexpr char kAggregatePrefix[] = "agg/";
inline constexpr char kImportPrefix[] = "import/";

// What the stored aggregates were built for: the period kind and the row
// layout (v2: one row per request, data types inside rows). Any other value
// makes Open rebuild them from the raw records, once.
inline std::string AggregateLayout(PeriodKind kind) {
  return absl::StrCat("rows-v2/", static_cast<int>(kind));
}

inline std::string PeriodIndexKey(const std::string& period,
                                  uint64_t position) {
  return absl::StrCat(period, std::string(1, '\0'), SequenceKey(position));
}

// Request ids are [A-Za-z0-9._-], so "<id>\0" prefixes exactly one id's
// corrections, in the order made.
inline std::string CorrectionPrefix(const std::string& request_id) {
  return absl::StrCat(request_id, std::string(1, '\0'));
}

}  // namespace disclosure::node::store_layout

#endif  // DISCLOSURE_NODE_STORAGE_STORE_LAYOUT_H_
