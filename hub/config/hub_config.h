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
// Defaults of HubLimits (hub_config.proto documents each).
inline constexpr uint32_t kDefaultMaxMessageBytes = 4 << 20;
inline constexpr uint32_t kDefaultMaxEntries = 100'000;
inline constexpr uint32_t kDefaultRpcDeadlineSeconds = 10;
inline constexpr uint32_t kDefaultHarvestDeadlineSeconds = 120;
inline constexpr uint32_t kDefaultMaxSmallReplyBytes = 64 << 10;
inline constexpr uint32_t kDefaultMaxNewManifests = 4096;
inline constexpr uint32_t kDefaultMaxRotationLookups = 2;
inline constexpr uint64_t kDefaultMaxSnapshotBytes = uint64_t{64} << 20;
inline constexpr uint32_t kDefaultMaxLinkagesPerEntry = 500;
inline constexpr uint32_t kDefaultMaxSnapshotValiditySeconds = 7 * 24 * 3600;
inline constexpr uint32_t kDefaultMaxClockSkewSeconds = 300;

absl::StatusOr<disclosure::v1::hub::HubConfig> ParseHubConfig(
    const std::string& text, const std::string& base_dir);
absl::StatusOr<disclosure::v1::hub::HubConfig> LoadHubConfig(
    const std::string& path);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_CONFIG_HUB_CONFIG_H_
