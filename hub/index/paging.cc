#include "hub/index/paging.h"

#include "absl/strings/numbers.h"

namespace disclosure::hub {

absl::StatusOr<uint64_t> ParsePageToken(const std::string& token) {
  if (token.empty()) return 0;
  uint64_t offset = 0;
  if (token.size() > 9 ||
      token.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(token, &offset)) {
    return absl::InvalidArgumentError(
        "page_token is not one this service gave out; start again without it");
  }
  return offset;
}

}  // namespace disclosure::hub
