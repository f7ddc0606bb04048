// The differences between two snapshots, from their key-sorted (key, leaf
// hash) lists: one merge walk shared by the node (changes, diffs) and the
// hub (history). Works on any record with repeated `keys` and
// `leaf_hashes` of equal length, sorted by key (the node's and the hub's
// SnapshotRecord).
//
//   ForEachKeyChange(a, b, [&](KeyChange c, int i, int j) { ...; return OK; });
#ifndef DISCLOSURE_CORE_SNAPSHOT_DIFF_H_
#define DISCLOSURE_CORE_SNAPSHOT_DIFF_H_

#include <functional>

#include "absl/status/status.h"
#include "format/status_macros.h"

namespace disclosure {

// How an entry key differs from snapshot a to snapshot b.
enum class KeyChange { kRemoved, kAdded, kChanged };

// Calls `fn(change, index in a, index in b)` for every key that differs, in
// key order; the index of the side that lacks the key is -1. Stops at the
// first error `fn` returns and returns it.
template <typename Record>
absl::Status ForEachKeyChange(
    const Record& a, const Record& b,
    const std::function<absl::Status(KeyChange, int, int)>& fn) {
  const auto& ak = a.keys();
  const auto& bk = b.keys();
  int i = 0, j = 0;
  while (i < ak.size() || j < bk.size()) {
    absl::Status s;
    if (j == bk.size() || (i < ak.size() && ak[i] < bk[j])) {
      s = fn(KeyChange::kRemoved, i++, -1);
    } else if (i == ak.size() || bk[j] < ak[i]) {
      s = fn(KeyChange::kAdded, -1, j++);
    } else {
      if (a.leaf_hashes(i) != b.leaf_hashes(j)) {
        s = fn(KeyChange::kChanged, i, j);
      }
      ++i, ++j;
    }
    DN_RETURN_IF_ERROR(s);
  }
  return absl::OkStatus();
}

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_SNAPSHOT_DIFF_H_
