#include "hub/export/export_agency.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/json.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/status_macros.h"
#include "hub/export/export_tiles.h"
#include "hub/proofs/agency_proofs.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

absl::Status AgencyError(const std::string& agency_id, const std::string& what,
                         const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat("agency ", agency_id, ", ", what,
                                             ": ", s.message()));
}

// A bundle per entry of the latest snapshot, and the entry into the tables.
absl::Status ExportEntries(const AgencyProofs& proofs,
                           const std::string& agency_id, const std::string& dir,
                           ExportTables* tables, SiteBuilder* site,
                           v1::AgencyKeys* keys, ExportListing* listing) {
  for (const std::string& key : proofs.keys()) {
    const std::string path =
        absl::StrCat("bundles/", agency_id, "/", key, ".bundle");
    if (!IsSafeExportPath(path)) {
      return absl::DataLossError(absl::StrCat(
          "agency ", agency_id, ": entry key \"", key,
          "\" cannot be a file name (the hub only accepts keys that can)"));
    }
    absl::StatusOr<v1::ProofBundle> bundle = proofs.Bundle(key);
    if (!bundle.ok()) return AgencyError(agency_id, key, bundle.status());
    v1::DisclosureEntry entry;
    if (!entry.ParseFromString(bundle->present().entry())) {
      return absl::DataLossError(absl::StrCat(
          "agency ", agency_id, ": stored entry ", key, " does not parse"));
    }
    DN_RETURN_IF_ERROR(
        WriteExportFile(dir, path, bundle->SerializeAsString(), listing));
    tables->Add(agency_id, entry, path);
    site->AddEntry(agency_id, entry, path);
    if (entry.has_key_rotation()) {
      v1::ExportedRotation* r = keys->add_rotations();
      r->set_key(key);
      r->set_statement(entry.key_rotation().signed_statement());
      r->set_bundle(path);
    }
  }
  return absl::OkStatus();
}

// history/<agency>.json: accepted checkpoints, each consistent with the one
// before.
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

absl::Status ExportHistory(const HubStore& store, const AgencyProofs& proofs,
                           const std::string& agency_id,
                           const std::string& origin, const std::string& dir,
                           SiteBuilder* site, ExportListing* listing) {
  DN_ASSIGN_OR_RETURN(std::vector<uint64_t> sequences,
                      store.ListSnapshots(agency_id));
  v1::CheckpointHistory history;
  history.set_agency_id(agency_id);
  history.set_origin(origin);
  uint64_t previous = 0;
  std::optional<v1h::SnapshotRecord> previous_record;
  for (uint64_t seq : sequences) {
    DN_ASSIGN_OR_RETURN(v1h::SnapshotRecord rec,
                        store.GetSnapshot(agency_id, seq));
    Publication pub;
    pub.agency_id = agency_id;
    pub.accepted_at = rec.accepted_at();
    pub.changed_keys =
        ChangedKeys(previous_record ? &*previous_record : nullptr, rec);
    if (pub.changed_keys.size() > 20) {
      const size_t more = pub.changed_keys.size() - 20;
      pub.changed_keys.resize(20);
      pub.changed_keys.push_back(absl::StrCat("… +", more));
    }
    absl::StatusOr<ParsedNote> note = ParseNote(rec.cosigned_checkpoint());
    absl::StatusOr<Checkpoint> cp =
        note.ok() ? ParseCheckpoint(note->text) : note.status();
    if (!cp.ok()) {
      return AgencyError(agency_id,
                         absl::StrCat("stored checkpoint of snapshot ", seq),
                         cp.status());
    }
    if (cp->size == previous) continue;  // the same head, accepted again
    pub.tree_size = cp->size;
    pub.checkpoint_note = rec.cosigned_checkpoint();
    site->AddPublication(std::move(pub));
    previous_record = rec;
    v1::HistoryCheckpoint* h = history.add_checkpoints();
    h->set_tree_size(cp->size);
    h->set_accepted_at(rec.accepted_at());
    h->set_checkpoint(rec.cosigned_checkpoint());
    if (previous > 0) {
      absl::StatusOr<v1::ConsistencyProof> proof =
          proofs.Consistency(previous, cp->size);
      if (!proof.ok()) {
        return AgencyError(agency_id, "consistency proof", proof.status());
      }
      *h->mutable_consistency_from_previous() = *std::move(proof);
    }
    previous = cp->size;
  }
  return WriteExportFile(dir, absl::StrCat("history/", agency_id, ".json"),
                         ToJson(history, /*pretty=*/true) + "\n", listing);
}

// evidence/<agency>.json and both notes of each item as files; whether
// there was any.
absl::StatusOr<bool> ExportEvidence(const HubStore& store,
                                    const std::string& agency_id,
                                    const std::string& dir,
                                    ExportListing* listing) {
  DN_ASSIGN_OR_RETURN(std::vector<v1h::Evidence> evidence,
                      store.ListEvidence(agency_id));
  if (evidence.empty()) return false;
  v1::ExportedEvidence out;
  out.set_agency_id(agency_id);
  for (size_t i = 0; i < evidence.size(); ++i) {
    const v1h::Evidence& e = evidence[i];
    v1::EvidenceItem* item = out.add_items();
    item->set_kind(e.kind() == v1h::Evidence::KIND_ROLLBACK ? "ROLLBACK"
                                                            : "EQUIVOCATION");
    item->set_observed_at(e.observed_at());
    item->set_detail(e.detail());
    item->set_held_checkpoint(e.held_checkpoint());
    item->set_offered_checkpoint(e.offered_checkpoint());
    const std::string base = absl::StrCat("evidence/", agency_id, "/", i + 1);
    DN_RETURN_IF_ERROR(WriteExportFile(dir, base + "-held.note",
                                       e.held_checkpoint(), listing));
    DN_RETURN_IF_ERROR(WriteExportFile(dir, base + "-offered.note",
                                       e.offered_checkpoint(), listing));
  }
  DN_RETURN_IF_ERROR(
      WriteExportFile(dir, absl::StrCat("evidence/", agency_id, ".json"),
                      ToJson(out, /*pretty=*/true) + "\n", listing));
  return true;
}

}  // namespace

absl::StatusOr<AgencyExportResult> ExportAgency(
    const HubStore& store, const v1h::RegisteredAgency& reg,
    const std::string& trust_domain, const std::string& dir,
    const std::string& previous_dir, ExportTables* tables, SiteBuilder* site,
    ExportListing* listing) {
  const std::string& id = reg.agency_id();
  if (!IsSafeExportPath(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("agency id \"", id, "\" cannot be a file name"));
  }
  AgencyExportResult result;
  result.keys.set_agency_id(id);
  result.keys.set_origin(AgencyLogOrigin(trust_domain, id));
  for (const auto& k : reg.signing_vkeys()) result.keys.add_pinned_vkeys(k);
  DN_ASSIGN_OR_RETURN(result.has_evidence,
                      ExportEvidence(store, id, dir, listing));

  absl::StatusOr<AgencyProofs> proofs = AgencyProofs::Load(store, id);
  if (absl::IsNotFound(proofs.status())) {
    for (const auto& k : reg.signing_vkeys()) result.keys.add_current_vkeys(k);
    return result;  // nothing accepted yet: nothing to prove
  }
  if (!proofs.ok()) return AgencyError(id, "loading proofs", proofs.status());
  for (const auto& k : proofs->state().trusted_vkeys())
    result.keys.add_current_vkeys(k);
  result.tree_size = proofs->state().log_size();
  DN_RETURN_IF_ERROR(
      ExportEntries(*proofs, id, dir, tables, site, &result.keys, listing));
  DN_RETURN_IF_ERROR(
      WriteExportFile(dir, absl::StrCat("checkpoints/", id, ".note"),
                      proofs->state().cosigned_checkpoint(), listing));
  DN_ASSIGN_OR_RETURN(std::vector<std::string> manifests,
                      store.GetManifests(id));
  DN_RETURN_IF_ERROR(ExportTiles(id, manifests,
                                 proofs->state().cosigned_checkpoint(), dir,
                                 previous_dir, listing));
  DN_RETURN_IF_ERROR(ExportHistory(store, *proofs, id, result.keys.origin(),
                                   dir, site, listing));
  return result;
}

}  // namespace disclosure::hub
