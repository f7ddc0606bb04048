#include "hub/export/export_agency.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/json.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/status_macros.h"
#include "hub/export/agency_inputs.h"
#include "hub/export/agency_reuse.h"
#include "hub/export/export_history.h"
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
    const std::string path = BundlePath(agency_id, key);
    if (!IsSafeExportPath(path)) {
      return absl::DataLossError(absl::StrCat(
          "agency ", agency_id, ": entry key \"", key,
          "\" cannot be a file name (the hub only accepts keys that can)"));
    }
    absl::StatusOr<v1::ProofBundle> bundle = proofs.Bundle(key);
    if (!bundle.ok()) return AgencyError(agency_id, key, bundle.status());
    DN_RETURN_IF_ERROR(
        WriteExportFile(dir, path, bundle->SerializeAsString(), listing));
    DN_RETURN_IF_ERROR(AddStoredEntry(agency_id, key, bundle->present().entry(),
                                      SiteBuilder::Pages::kWrite, tables, site,
                                      keys));
  }
  return absl::OkStatus();
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

// Every file of the agency, written anew.
absl::StatusOr<AgencyExportResult> WriteAgency(const HubStore& store,
                                               const v1h::RegisteredAgency& reg,
                                               const AgencyExportContext& ctx,
                                               ExportTables* tables,
                                               SiteBuilder* site,
                                               ExportListing* listing) {
  const std::string& id = reg.agency_id();
  const std::string& dir = ctx.dir;
  AgencyExportResult result = AgencyResultBase(reg, ctx.trust_domain);
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
  DN_ASSIGN_OR_RETURN(std::vector<uint64_t> published,
                      ExportHistory(store, *proofs, id, result.keys.origin(),
                                    dir, site, listing));
  DN_ASSIGN_OR_RETURN(std::vector<std::string> manifests,
                      store.GetManifests(id));
  DN_RETURN_IF_ERROR(ExportTiles(id, manifests,
                                 proofs->state().cosigned_checkpoint(),
                                 published, dir, listing));
  return result;
}

}  // namespace

std::string BundlePath(const std::string& agency_id, const std::string& key) {
  return absl::StrCat("bundles/", agency_id, "/", key, ".bundle");
}

absl::Status AddStoredEntry(const std::string& agency_id,
                            const std::string& key, const std::string& bytes,
                            SiteBuilder::Pages pages, ExportTables* tables,
                            SiteBuilder* site, v1::AgencyKeys* keys) {
  v1::DisclosureEntry entry;
  if (!entry.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat(
        "agency ", agency_id, ": stored entry ", key, " does not parse"));
  }
  const std::string path = BundlePath(agency_id, key);
  if (tables != nullptr) tables->Add(agency_id, entry, path);
  site->AddEntry(agency_id, entry, path, pages);
  if (entry.has_key_rotation()) {
    v1::ExportedRotation* r = keys->add_rotations();
    r->set_key(key);
    r->set_statement(entry.key_rotation().signed_statement());
    r->set_bundle(path);
  }
  return absl::OkStatus();
}

AgencyExportResult AgencyResultBase(const v1h::RegisteredAgency& reg,
                                    const std::string& trust_domain) {
  AgencyExportResult result;
  result.keys.set_agency_id(reg.agency_id());
  result.keys.set_origin(AgencyLogOrigin(trust_domain, reg.agency_id()));
  for (const auto& k : reg.signing_vkeys()) result.keys.add_pinned_vkeys(k);
  return result;
}

absl::StatusOr<AgencyExportResult> ExportAgency(
    const HubStore& store, const v1h::RegisteredAgency& reg,
    const AgencyExportContext& ctx, ExportTables* tables, SiteBuilder* site,
    ExportListing* listing) {
  const std::string& id = reg.agency_id();
  if (!IsSafeExportPath(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("agency id \"", id, "\" cannot be a file name"));
  }
  PhaseClock clock(ctx.report);
  if (ctx.previous != nullptr && !ctx.previous->empty()) {
    if (std::optional<AgencyListing> held = ctx.previous->Agency(id)) {
      DN_ASSIGN_OR_RETURN(std::string inputs,
                          AgencyInputsDigest(store, id, ctx.site_digest,
                                             ctx.participation, held->names));
      clock.Mark("agency input digests");
      if (inputs == held->inputs) {
        DN_ASSIGN_OR_RETURN(
            std::optional<AgencyExportResult> reused,
            ReuseAgency(store, reg, ctx, *held, tables, site, listing));
        if (reused.has_value()) {
          if (ctx.report != nullptr) ++ctx.report->agencies_reused;
          return *std::move(reused);
        }
      }
      clock.Restart();
    }
  }
  listing->BeginAgency(id);
  site->BeginAgency(id);
  tables->BeginAgency(id);
  DN_ASSIGN_OR_RETURN(AgencyExportResult result,
                      WriteAgency(store, reg, ctx, tables, site, listing));
  std::vector<std::string> names = site->EndAgency();
  DN_ASSIGN_OR_RETURN(
      std::string inputs,
      AgencyInputsDigest(store, id, ctx.site_digest, ctx.participation, names));
  tables->EndAgency(inputs);
  DN_RETURN_IF_ERROR(listing->EndAgency(inputs, std::move(names)));
  clock.Mark("agencies written anew");
  if (ctx.report != nullptr) ++ctx.report->agencies_written;
  return result;
}

}  // namespace disclosure::hub
