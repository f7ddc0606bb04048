// One line per registered agency for the public (the index service's
// ListAgencies and the export's agencies.json): names, freshness computed
// at a given instant, the cosigned checkpoint and counts.
#ifndef DISCLOSURE_HUB_INDEX_AGENCY_SUMMARY_H_
#define DISCLOSURE_HUB_INDEX_AGENCY_SUMMARY_H_

#include <vector>

#include "absl/time/time.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Agency summaries at `now` (shared by the service and the static export).
// The registry's name is authoritative; a different name in the agency's
// signed profile is given as signed_name. Freshness is computed at `now`.
std::vector<disclosure::v1::hub::AgencySummary> SummarizeAgencies(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    absl::Time now);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_AGENCY_SUMMARY_H_
