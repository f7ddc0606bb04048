#include "hub/export/agency_reuse.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/status_macros.h"
#include "hub/export/export_history.h"
#include "hub/export/parallel_files.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

// The entries of the agency's latest accepted snapshot into the tables
// (unless null: its rows were copied) and the site's lists (not its pages),
// in key order as a full export adds them.
absl::Status AddEntries(const HubStore& store, const std::string& agency_id,
                        const v1h::AgencyState& state, ExportTables* tables,
                        SiteBuilder* site, v1::AgencyKeys* keys) {
  DN_ASSIGN_OR_RETURN(v1h::SnapshotRecord rec,
                      store.GetSnapshot(agency_id, state.latest_sequence()));
  const std::vector<std::string> hashes(rec.leaf_hashes().begin(),
                                        rec.leaf_hashes().end());
  DN_ASSIGN_OR_RETURN(std::vector<std::string> entries,
                      store.GetEntries(hashes));
  if (entries.size() != static_cast<size_t>(rec.keys_size())) {
    return absl::DataLossError(absl::StrCat(
        "agency ", agency_id, ": the stored snapshot has ", rec.keys_size(),
        " keys but ", entries.size(), " entries"));
  }
  for (int i = 0; i < rec.keys_size(); ++i) {
    DN_RETURN_IF_ERROR(AddStoredEntry(agency_id, rec.keys(i), entries[i],
                                      SiteBuilder::Pages::kReused, tables, site,
                                      keys));
  }
  return absl::OkStatus();
}

// The agency's rows copied into the tables from the previous export's,
// when the hub knows where they are there; whether they were.
absl::StatusOr<bool> CopyRows(const AgencyExportContext& ctx,
                              const std::string& agency_id,
                              const AgencyListing& held, ExportTables* tables) {
  if (ctx.previous_rows == nullptr) return false;
  const AgencyRows* rows =
      ctx.previous_rows->Find(ctx.previous->dir(), agency_id, held.inputs);
  if (rows == nullptr) return false;
  DN_ASSIGN_OR_RETURN(const bool copied,
                      tables->CopyAgency(*ctx.previous_rows, *rows));
  if (copied && ctx.report != nullptr) ++ctx.report->agencies_rows_copied;
  return copied;
}

}  // namespace

absl::StatusOr<std::optional<AgencyExportResult>> ReuseAgency(
    const HubStore& store, const v1h::RegisteredAgency& reg,
    const AgencyExportContext& ctx, const AgencyListing& held,
    ExportTables* tables, SiteBuilder* site, ExportListing* listing) {
  const std::string& id = reg.agency_id();
  const std::string listing_path = AgencyListingPath(id);
  std::vector<std::string> paths;
  paths.reserve(held.files.size() + 1);
  for (const auto& [path, sha] : held.files) paths.push_back(path);
  paths.push_back(listing_path);
  PhaseClock clock(ctx.report);
  if (!LinkFiles(ctx.previous->dir(), ctx.dir, paths)) return std::nullopt;
  clock.Mark("reused agencies: hard links");
  listing->Add(listing_path, ctx.previous->TopSha(listing_path));

  AgencyExportResult result = AgencyResultBase(reg, ctx.trust_domain);
  result.has_evidence =
      held.files.count(absl::StrCat("evidence/", id, ".json")) > 0;
  DN_ASSIGN_OR_RETURN(auto state, store.GetAgency(id));
  if (!state.has_value() || !state->has_snapshot()) {
    for (const auto& k : reg.signing_vkeys()) result.keys.add_current_vkeys(k);
    return result;
  }
  for (const auto& k : state->trusted_vkeys()) result.keys.add_current_vkeys(k);
  result.tree_size = state->log_size();
  tables->BeginAgency(id);
  DN_ASSIGN_OR_RETURN(const bool copied, CopyRows(ctx, id, held, tables));
  DN_RETURN_IF_ERROR(AddEntries(store, id, *state, copied ? nullptr : tables,
                                site, &result.keys));
  tables->EndAgency(held.inputs);
  DN_RETURN_IF_ERROR(AddPublications(store, id, site));
  clock.Mark("reused agencies: entries into lists and tables");
  return result;
}

}  // namespace disclosure::hub
