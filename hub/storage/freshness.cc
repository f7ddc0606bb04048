#include "hub/storage/freshness.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

FreshnessView FreshnessAt(const v1h::AgencyState& s, int64_t now) {
  if (s.misbehaving_since() != 0) {
    return {v1h::FRESHNESS_MISBEHAVING, s.misbehaving_since()};
  }
  if (s.unreachable_since() != 0) {
    return {v1h::FRESHNESS_UNREACHABLE, s.unreachable_since()};
  }
  if (!s.has_snapshot()) return {v1h::FRESHNESS_NEVER_HARVESTED, 0};
  if (s.expires_at() <= now) return {v1h::FRESHNESS_OVERDUE, s.expires_at()};
  return {v1h::FRESHNESS_FRESH, s.last_success()};
}

}  // namespace disclosure::hub
