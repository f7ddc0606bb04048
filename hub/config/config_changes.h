// What a reload of the hub's configuration may apply while running: the
// registry of agencies and the harvest interval. Every other field is
// read once at start-up, so a change to it needs a restart.
#ifndef DISCLOSURE_HUB_CONFIG_CONFIG_CHANGES_H_
#define DISCLOSURE_HUB_CONFIG_CONFIG_CHANGES_H_

#include <string>
#include <vector>

#include "disclosure/v1/hub/hub_config.pb.h"

namespace disclosure::hub {

// The names of the top-level fields of `after` that differ from `before`
// and need a restart (all but `agencies` and `harvest_interval_seconds`),
// sorted; empty when a reload can apply every change.
std::vector<std::string> FieldsNeedingRestart(
    const disclosure::v1::hub::HubConfig& before,
    const disclosure::v1::hub::HubConfig& after);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_CONFIG_CONFIG_CHANGES_H_
