// Loading and validating the hub's configuration (protobuf text format):
// defaults applied, relative paths resolved against the config file's
// folder, every field checked with a message naming it.
#ifndef DISCLOSURE_HUB_CONFIG_HUB_CONFIG_H_
#define DISCLOSURE_HUB_CONFIG_HUB_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/hub/hub_config.pb.h"

namespace disclosure::hub {

inline constexpr uint32_t kDefaultHarvestIntervalSeconds = 3600;
inline constexpr uint32_t kDefaultHarvestConcurrency = 16;
inline constexpr uint32_t kDefaultMaxBackoffSeconds = 3600;

absl::StatusOr<disclosure::v1::hub::HubConfig> ParseHubConfig(
    const std::string& text, const std::string& base_dir);
absl::StatusOr<disclosure::v1::hub::HubConfig> LoadHubConfig(
    const std::string& path);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_CONFIG_HUB_CONFIG_H_
