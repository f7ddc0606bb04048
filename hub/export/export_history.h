// An agency's accepted publications, from the hub's store: for the site's
// feeds and recent changes (SiteBuilder::AddPublication) and for
// history/<agency>.json, the accepted checkpoints each with its consistency
// proof from the one before (CheckpointHistory, export.proto).
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_HISTORY_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/export/export_file.h"
#include "hub/export/site_builder.h"
#include "hub/proofs/agency_proofs.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Hands every publication of `agency_id` to `site`, oldest first: each
// accepted head once (a head accepted again is not a publication).
absl::Status AddPublications(const HubStore& store,
                             const std::string& agency_id, SiteBuilder* site);

// AddPublications, and writes history/<agency>.json into `dir`; the tree
// sizes of the checkpoints it lists, oldest first.
absl::StatusOr<std::vector<uint64_t>> ExportHistory(
    const HubStore& store, const AgencyProofs& proofs,
    const std::string& agency_id, const std::string& origin,
    const std::string& dir, SiteBuilder* site, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_HISTORY_H_
