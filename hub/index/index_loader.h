// Brings the in-memory index (DisclosureIndex) in line with the hub's
// store, which holds every accepted snapshot: all agencies at start-up,
// the newly registered ones on reload, one agency whose snapshot could not
// be indexed when it was accepted. Also keeps the restart facts: what the
// index derived for each agency, saved at shutdown so that the next start
// restores an unchanged agency without parsing its databases.
//
//   IndexLoader loader(store, index);
//   DN_RETURN_IF_ERROR(loader.Load(registered_ids, /*only_missing=*/false));
//   ...
//   DN_RETURN_IF_ERROR(loader.SaveFacts());  // at shutdown
//
// Thread-compatible: Load and SaveFacts are called by one thread at a time
// (start, reload, stop); LoadAgency may run beside them on another agency.
#ifndef DISCLOSURE_HUB_INDEX_INDEX_LOADER_H_
#define DISCLOSURE_HUB_INDEX_INDEX_LOADER_H_

#include <atomic>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

class IndexLoader {
 public:
  // Both borrowed; they must outlive the loader.
  IndexLoader(HubStore* store, DisclosureIndex* index);

  // What the index records as an agency's indexed snapshot: the digest of
  // the snapshot's signed manifest, which names its entries.
  static std::string IndexVersion(
      const disclosure::v1::hub::SnapshotRecord& snapshot);

  // Loads the accepted snapshot of every agency of `registered` that has
  // one (start-up), or only of those the index does not hold yet (after a
  // reload, `only_missing`). At start-up, an agency whose saved facts
  // (SaveFacts) are of its latest snapshot and of this build, and whose
  // snapshot the search index holds, is restored from them without
  // reading its databases. The entries of all others are read in one pass
  // in hash order, then agencies are parsed and indexed in parallel, one
  // thread per core. At start-up, agencies the search index holds but the
  // index does not (dropped from the registry while the hub was stopped)
  // are removed from it. The first failure, if any.
  absl::Status Load(const std::set<std::string>& registered, bool only_missing);

  // How the last Load brought agencies in.
  struct LoadSummary {
    int restored = 0;  // from saved facts
    int parsed = 0;    // from their entries
  };
  LoadSummary last_load() const;

  // Saves the facts the index derived for every agency whose facts are not
  // saved yet. The error, if saving failed: the next start then parses
  // those agencies.
  absl::Status SaveFacts();

  // Replaces the agency's part of the index by its accepted snapshot, read
  // from the store.
  absl::Status LoadAgency(const disclosure::v1::hub::AgencyState& state);

 private:
  // Restores the agency's part of the index from its saved facts, if they
  // are of snapshot `rec` and of this build (DisclosureIndex::
  // RestoreAgency); false if not, the index unchanged.
  bool RestoreFromFacts(const std::string& agency_id,
                        const disclosure::v1::hub::SnapshotRecord& rec);
  // Replaces the agency's part of the index by snapshot `rec`, whose
  // entries are `bytes` (in the record's order).
  absl::Status Replace(const std::string& agency_id,
                       const disclosure::v1::hub::SnapshotRecord& rec,
                       const std::vector<std::string>& bytes);

  HubStore* const store_;
  DisclosureIndex* const index_;
  std::atomic<int> last_restored_{0};
  std::atomic<int> last_parsed_{0};
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_INDEX_LOADER_H_
