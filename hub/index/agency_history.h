// An agency's published history as the hub holds it: every manifest of its
// log (sequence, issue time, entries root and count, and when the hub
// accepted it, for snapshots it accepted), and optionally the keys added,
// changed and removed between two accepted snapshots.
#ifndef DISCLOSURE_HUB_INDEX_AGENCY_HISTORY_H_
#define DISCLOSURE_HUB_INDEX_AGENCY_HISTORY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// The history of `agency_id`; with `to_sequence` > `from_sequence`, also
// the changes between those two snapshots. NotFound when the hub holds no
// manifest of the agency, or (for changes) when either snapshot was not
// accepted by the hub (it keeps entries of accepted snapshots only);
// DataLoss when a stored manifest does not parse.
absl::StatusOr<disclosure::v1::hub::GetAgencyHistoryResponse> AgencyHistory(
    const HubStore& store, const std::string& agency_id, uint64_t from_sequence,
    uint64_t to_sequence);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_AGENCY_HISTORY_H_
