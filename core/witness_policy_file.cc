#include "core/witness_policy_file.h"

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/status_macros.h"

namespace disclosure {

absl::StatusOr<WitnessPolicy> LoadWitnessPolicy(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 1 << 20));
  absl::StatusOr<WitnessPolicy> policy = WitnessPolicy::Parse(text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", policy.status().message()));
  }
  return policy;
}

}  // namespace disclosure
