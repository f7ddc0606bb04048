// Arithmetic on RequestCounts, the counts of one statistics row.
#ifndef DISCLOSURE_CORE_REQUEST_COUNTS_H_
#define DISCLOSURE_CORE_REQUEST_COUNTS_H_

#include "disclosure/v1/statistics.pb.h"

namespace disclosure {

// Adds every count of `from` to `to`.
void AddRequestCounts(const disclosure::v1::RequestCounts& from,
                      disclosure::v1::RequestCounts* to);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_REQUEST_COUNTS_H_
