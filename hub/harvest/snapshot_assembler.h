// Rebuilds the entry set of a new snapshot from what the hub held plus what
// a node streams (GetChanges), or from a full listing (ListEntries),
// checking every piece as it arrives so that a hostile stream is refused at
// the first bad item instead of being buffered:
//
// - an entry over `max_entry_bytes`, or all received bytes over
//   `max_snapshot_bytes`, or more entries than the signed manifest counts:
//   ResourceExhausted;
// - a key upserted twice, removed twice, both removed and upserted, removed
//   although the hub does not hold it, or (full listing) not strictly
//   ascending: InvalidArgument;
// - an entry that does not parse, whose key does not match its body, that
//   belongs to another agency, or that lists more linkages than
//   `max_linkages_per_entry`: InvalidArgument / ResourceExhausted.
//
// Finish() then compares the rebuilt tree with the signed entries root
// (DataLoss when it differs). Memory: the held keys and hashes plus the
// bytes received, bounded by the limits above. Not thread-safe.
#ifndef DISCLOSURE_HUB_HARVEST_SNAPSHOT_ASSEMBLER_H_
#define DISCLOSURE_HUB_HARVEST_SNAPSHOT_ASSEMBLER_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/snapshot.pb.h"
#include "google/protobuf/arena.h"

namespace disclosure::hub {

struct ContentLimits {
  uint64_t max_entries = 100'000;
  uint64_t max_entry_bytes = 256 << 10;
  uint64_t max_snapshot_bytes = uint64_t{64} << 20;
  uint64_t max_linkages_per_entry = 500;
  // Statistics of a period that ends after this (the hub's clock at the
  // harvest) are refused: nobody can have counted a period not yet over.
  absl::Time statistics_ended_by = absl::InfiniteFuture();
};

class SnapshotAssembler {
 public:
  // `manifest` is the verified manifest of the snapshot being assembled;
  // each entry received must keep the rules of its format version
  // (format/withholding.h).
  SnapshotAssembler(std::string agency_id,
                    const disclosure::v1::SnapshotManifest& manifest,
                    ContentLimits limits);

  // Incremental mode: start from the snapshot the hub accepted before.
  absl::Status StartFrom(const disclosure::v1::hub::SnapshotRecord& held);

  // One entry of a full listing (keys strictly ascending).
  absl::Status AddListed(const std::string& bytes);
  // One change of a GetChanges stream.
  absl::Status Remove(const std::string& key);
  absl::Status Upsert(const std::string& bytes);

  // OK iff the rebuilt entries reproduce the manifest's count and root.
  absl::Status Finish() const;

  // key -> leaf hash of the assembled snapshot, in key order.
  const std::map<std::string, std::string>& leaf_hashes() const {
    return hashes_;
  }
  // Entries received in this harvest: key -> serialized bytes.
  const std::map<std::string, std::string>& received() const {
    return received_;
  }
  // The same entries parsed, in the order received (for the index); they
  // live on this assembler's arena, as long as it does.
  const std::vector<const disclosure::v1::DisclosureEntry*>& parsed() const {
    return parsed_;
  }
  const std::vector<std::string>& removed() const { return removed_; }

 private:
  absl::Status Take(const std::string& bytes);

  const std::string agency_id_;
  const uint64_t entry_count_;
  const uint32_t format_version_;
  const std::string entries_root_;
  const ContentLimits limits_;
  std::map<std::string, std::string> hashes_;
  std::map<std::string, std::string> received_;
  // Entries are parsed onto an arena: allocating and freeing each one's
  // fields was about a sixth of a full harvest's CPU.
  google::protobuf::Arena arena_;
  std::vector<const disclosure::v1::DisclosureEntry*> parsed_;
  std::vector<std::string> removed_;
  std::set<std::string> held_;
  std::set<std::string> removed_set_;
  uint64_t bytes_ = 0;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_SNAPSHOT_ASSEMBLER_H_
