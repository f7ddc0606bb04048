// Paging of the index service's answers: what a page token stands for and
// how many results a page holds. Shared by the hub's index and a search
// replica, which answer the same pages.
#ifndef DISCLOSURE_HUB_INDEX_PAGING_H_
#define DISCLOSURE_HUB_INDEX_PAGING_H_

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure::hub {

// The offset a page token stands for: "" is 0; otherwise at most nine
// decimal digits. InvalidArgument for anything else.
absl::StatusOr<uint64_t> ParsePageToken(const std::string& token);

// The page size an answer uses: `default_size` when none was asked for
// (0), and never more than `max_size`.
inline uint32_t PageSize(uint32_t requested, uint32_t default_size,
                         uint32_t max_size) {
  return requested == 0 ? default_size : std::min(requested, max_size);
}

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_PAGING_H_
