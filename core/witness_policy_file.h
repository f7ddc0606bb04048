// Reading a witness policy file (format/witness_policy.h parses its text):
// the one place that knows the policy comes from a file, so the format
// library reads no files.
#ifndef DISCLOSURE_CORE_WITNESS_POLICY_FILE_H_
#define DISCLOSURE_CORE_WITNESS_POLICY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "format/witness_policy.h"

namespace disclosure {

// Reads and parses the policy file at `path` (at most 1 MiB); errors name
// the file.
absl::StatusOr<WitnessPolicy> LoadWitnessPolicy(const std::string& path);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_WITNESS_POLICY_FILE_H_
