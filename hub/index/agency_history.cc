#include "hub/index/agency_history.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "core/snapshot_diff.h"
#include "format/manifest.h"
#include "format/status_macros.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

absl::StatusOr<v1h::GetAgencyHistoryResponse> AgencyHistory(
    const HubStore& store, const std::string& agency_id, uint64_t from_sequence,
    uint64_t to_sequence) {
  DN_ASSIGN_OR_RETURN(std::vector<std::string> manifests,
                      store.GetManifests(agency_id));
  if (manifests.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no history of agency ", agency_id));
  }
  DN_ASSIGN_OR_RETURN(std::vector<uint64_t> accepted,
                      store.ListSnapshots(agency_id));
  const std::set<uint64_t> accepted_set(accepted.begin(), accepted.end());
  v1h::GetAgencyHistoryResponse out;
  for (const std::string& bytes : manifests) {
    absl::StatusOr<disclosure::v1::SnapshotManifest> m = ParseManifest(bytes);
    if (!m.ok()) {
      return absl::DataLossError(
          absl::StrCat("stored manifest of ", agency_id,
                       " is corrupt: ", m.status().message()));
    }
    v1h::HistoryItem* item = out.add_snapshots();
    item->set_sequence(m->sequence());
    *item->mutable_issued_at() = m->issued_at();
    item->set_entries_root(m->entries_root());
    item->set_entry_count(m->entry_count());
    if (accepted_set.count(m->sequence()) > 0) {
      DN_ASSIGN_OR_RETURN(v1h::SnapshotRecord rec,
                          store.GetSnapshot(agency_id, m->sequence()));
      item->mutable_accepted_at()->set_seconds(rec.accepted_at());
    }
  }
  if (to_sequence <= from_sequence) return out;
  absl::StatusOr<v1h::SnapshotRecord> a =
      store.GetSnapshot(agency_id, from_sequence);
  absl::StatusOr<v1h::SnapshotRecord> b =
      store.GetSnapshot(agency_id, to_sequence);
  if (!a.ok() || !b.ok()) {
    return absl::NotFoundError(
        "the hub holds the entries of accepted snapshots only; choose two "
        "sequences it accepted (accepted_at is set)");
  }
  absl::Status walked =
      ForEachKeyChange(*a, *b, [&](KeyChange c, int i, int j) -> absl::Status {
        switch (c) {
          case KeyChange::kAdded:
            out.add_added_keys(b->keys(j));
            break;
          case KeyChange::kChanged:
            out.add_changed_keys(b->keys(j));
            break;
          case KeyChange::kRemoved:
            out.add_removed_keys(a->keys(i));
            break;
        }
        return absl::OkStatus();
      });
  DN_RETURN_IF_ERROR(walked);
  return out;
}

}  // namespace disclosure::hub
