// Loads and checks disclosure-witness's configuration
// (proto/disclosure/v1/witness/witness_config.proto).
#ifndef DISCLOSURE_WITNESS_WITNESS_CONFIG_H_
#define DISCLOSURE_WITNESS_WITNESS_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "disclosure/v1/witness/witness_config.pb.h"

namespace disclosure::witness {

// Reads `path`, resolves relative paths, fills defaults (listen
// "127.0.0.1:7380", 4 threads) and checks every field. InvalidArgument
// naming the field otherwise.
absl::StatusOr<disclosure::v1::witness::WitnessConfig> LoadWitnessConfig(
    const std::string& path);

// Every log vkey of `config`: the inline ones, then those of
// log_vkeys_file. InvalidArgument naming the file and line of a bad one.
absl::StatusOr<std::vector<std::string>> LogVkeys(
    const disclosure::v1::witness::WitnessConfig& config);

}  // namespace disclosure::witness

#endif  // DISCLOSURE_WITNESS_WITNESS_CONFIG_H_
