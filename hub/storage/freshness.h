// How current an agency's published data is, computed when read from the
// facts the hub stores (never stored itself, so an expiry shows the moment
// it happens). In order of precedence:
//
//   MISBEHAVING      evidence of a rollback or fork, until an operator
//                    clears it (since: when the evidence was kept)
//   UNREACHABLE      the last harvest could not reach the node (since: the
//                    first failed attempt)
//   NEVER_HARVESTED  no snapshot accepted yet
//   OVERDUE          the latest accepted snapshot expired (since: expiry)
//   FRESH            otherwise (since: the latest acceptance)
#ifndef DISCLOSURE_HUB_STORAGE_FRESHNESS_H_
#define DISCLOSURE_HUB_STORAGE_FRESHNESS_H_

#include <cstdint>

#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"

namespace disclosure::hub {

struct FreshnessView {
  disclosure::v1::hub::Freshness freshness;
  int64_t since;  // POSIX seconds; 0 when there is nothing to date
};

FreshnessView FreshnessAt(const disclosure::v1::hub::AgencyState& state,
                          int64_t now);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_STORAGE_FRESHNESS_H_
