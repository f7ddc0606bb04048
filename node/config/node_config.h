// Loading and validating the node's configuration (protobuf text format).
// Defaults are applied and relative paths resolved against the config
// file's folder, so the rest of the node sees complete, absolute settings.
#ifndef DISCLOSURE_NODE_CONFIG_NODE_CONFIG_H_
#define DISCLOSURE_NODE_CONFIG_NODE_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "disclosure/v1/node/node_config.pb.h"

namespace disclosure::node {

// Documented defaults for fields left at 0.
inline constexpr uint32_t kDefaultMaxMessageBytes = 4 << 20;
inline constexpr uint32_t kDefaultMaxEntryBytes = 256 << 10;
inline constexpr uint32_t kDefaultMaxEntriesPerSnapshot = 100'000;
inline constexpr uint32_t kDefaultMaxRecordsPerBatch = 10'000;
inline constexpr uint32_t kDefaultPageSize = 500;
inline constexpr uint32_t kDefaultRpcDeadlineSeconds = 30;
inline constexpr uint32_t kDefaultImportIdleSeconds = 60;
inline constexpr uint32_t kDefaultImportMaxSeconds = 1800;
inline constexpr uint32_t kDefaultSmallCountThreshold = 10;
inline constexpr uint32_t kDefaultPublishIntervalSeconds = 86'400;
// Longest snapshot validity a node accepts in its config: a few
// publication intervals, and never more than 31 days.
inline constexpr uint64_t kMaxSnapshotValidityIntervals = 10;
inline constexpr uint32_t kMaxSnapshotValiditySeconds = 31 * 86'400;

// Parses `text` (a NodeConfig in text format), applies defaults, resolves
// relative paths against `base_dir`, and validates every field.
// InvalidArgument naming the field on the first problem.
absl::StatusOr<disclosure::v1::node::NodeConfig> ParseNodeConfig(
    const std::string& text, const std::string& base_dir);

// Reads and parses the file at `path` (see ParseNodeConfig).
absl::StatusOr<disclosure::v1::node::NodeConfig> LoadNodeConfig(
    const std::string& path);

// The signed-checkpoint file used when the config names none: beside the
// store folder ("<data_dir>.signed-checkpoint"), so restoring the folder
// from a backup does not roll the file back with the store.
std::string DefaultSignedStatePath(const std::string& data_dir);

// The log origin "<trust_domain>/agency/<agency_id>".
std::string LogOrigin(const disclosure::v1::node::NodeConfig& config);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_CONFIG_NODE_CONFIG_H_
