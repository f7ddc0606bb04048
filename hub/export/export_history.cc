#include "hub/export/export_history.h"

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/json.h"
#include "disclosure/v1/export.pb.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/status_macros.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

// The feeds name at most this many keys of one publication, then a count.
constexpr size_t kChangedKeysKept = 20;

absl::Status AgencyError(const std::string& agency_id, const std::string& what,
                         const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat("agency ", agency_id, ", ", what,
                                             ": ", s.message()));
}

// Keys added, changed or removed between two accepted snapshots.
std::vector<std::string> ChangedKeys(const v1h::SnapshotRecord* before,
                                     const v1h::SnapshotRecord& after) {
  std::map<std::string, std::string> old;
  if (before != nullptr) {
    for (int i = 0; i < before->keys_size(); ++i)
      old[before->keys(i)] = before->leaf_hashes(i);
  }
  std::vector<std::string> out;
  for (int i = 0; i < after.keys_size(); ++i) {
    auto it = old.find(after.keys(i));
    if (it == old.end() || it->second != after.leaf_hashes(i))
      out.push_back(after.keys(i));
    if (it != old.end()) old.erase(it);
  }
  for (const auto& [key, hash] : old) out.push_back(key);
  return out;
}

// Calls `fn` with each publication of `agency_id`, oldest first.
absl::Status WalkPublications(
    const HubStore& store, const std::string& agency_id,
    const std::function<absl::Status(Publication)>& fn) {
  DN_ASSIGN_OR_RETURN(std::vector<uint64_t> sequences,
                      store.ListSnapshots(agency_id));
  uint64_t previous = 0;
  std::optional<v1h::SnapshotRecord> previous_record;
  for (uint64_t seq : sequences) {
    DN_ASSIGN_OR_RETURN(v1h::SnapshotRecord rec,
                        store.GetSnapshot(agency_id, seq));
    absl::StatusOr<ParsedNote> note = ParseNote(rec.cosigned_checkpoint());
    absl::StatusOr<Checkpoint> cp =
        note.ok() ? ParseCheckpoint(note->text) : note.status();
    if (!cp.ok()) {
      return AgencyError(agency_id,
                         absl::StrCat("stored checkpoint of snapshot ", seq),
                         cp.status());
    }
    if (cp->size == previous) continue;  // the same head, accepted again
    Publication pub;
    pub.agency_id = agency_id;
    pub.accepted_at = rec.accepted_at();
    pub.changed_keys =
        ChangedKeys(previous_record ? &*previous_record : nullptr, rec);
    if (pub.changed_keys.size() > kChangedKeysKept) {
      const size_t more = pub.changed_keys.size() - kChangedKeysKept;
      pub.changed_keys.resize(kChangedKeysKept);
      pub.changed_keys.push_back(absl::StrCat("… +", more));
    }
    pub.tree_size = cp->size;
    pub.checkpoint_note = rec.cosigned_checkpoint();
    DN_RETURN_IF_ERROR(fn(std::move(pub)));
    previous_record = std::move(rec);
    previous = cp->size;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AddPublications(const HubStore& store,
                             const std::string& agency_id, SiteBuilder* site) {
  return WalkPublications(store, agency_id, [&](Publication pub) {
    site->AddPublication(std::move(pub));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<uint64_t>> ExportHistory(
    const HubStore& store, const AgencyProofs& proofs,
    const std::string& agency_id, const std::string& origin,
    const std::string& dir, SiteBuilder* site, ExportListing* listing) {
  std::vector<uint64_t> sizes;
  v1::CheckpointHistory history;
  history.set_agency_id(agency_id);
  history.set_origin(origin);
  uint64_t previous = 0;
  DN_RETURN_IF_ERROR(
      WalkPublications(store, agency_id, [&](Publication pub) -> absl::Status {
        v1::HistoryCheckpoint* h = history.add_checkpoints();
        h->set_tree_size(pub.tree_size);
        h->set_accepted_at(pub.accepted_at);
        h->set_checkpoint(pub.checkpoint_note);
        if (previous > 0) {
          absl::StatusOr<v1::ConsistencyProof> proof =
              proofs.Consistency(previous, pub.tree_size);
          if (!proof.ok()) {
            return AgencyError(agency_id, "consistency proof", proof.status());
          }
          *h->mutable_consistency_from_previous() = *std::move(proof);
        }
        previous = pub.tree_size;
        sizes.push_back(pub.tree_size);
        site->AddPublication(std::move(pub));
        return absl::OkStatus();
      }));
  DN_RETURN_IF_ERROR(
      WriteExportFile(dir, absl::StrCat("history/", agency_id, ".json"),
                      ToJson(history, /*pretty=*/true) + "\n", listing));
  return sizes;
}

}  // namespace disclosure::hub
