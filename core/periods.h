// Statistics periods in Asia/Taipei. Taiwan has kept UTC+8 without daylight
// saving since 1980, so a fixed offset is exact for every date this system
// handles and needs no tz database on the machine.
//
// Labels: "2026" (year), "2026-H1" (half), "2026-Q3" (quarter), "2026-07"
// (month). A period is [start, end) in absolute time.
#ifndef DISCLOSURE_CORE_PERIODS_H_
#define DISCLOSURE_CORE_PERIODS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "disclosure/v1/node/node_config.pb.h"

namespace disclosure {

using PeriodKind = disclosure::v1::node::StatisticsPeriod;

absl::TimeZone TaipeiTime();

// Instant `t` as Taipei text, the one way the project writes it:
// "2026-07-01" (TaipeiDate) and "2026-07-01 09:30:00 +08:00"
// (TaipeiDateTime, from Unix seconds).
std::string TaipeiDate(absl::Time t);
std::string TaipeiDateTime(int64_t unix_seconds);

struct Period {
  std::string label;
  absl::Time start;
  absl::Time end;  // exclusive
};

// The period of `kind` containing instant `t`.
Period PeriodContaining(absl::Time t, PeriodKind kind);

// The period with `label` (its kind is implied by the label's form).
// InvalidArgument for a malformed label.
absl::StatusOr<Period> PeriodFromLabel(const std::string& label);

// The period right after `p`, of the same kind.
Period NextPeriod(const Period& p);

// The latest period of `kind` that has ended at `now` (end <= now).
Period LastCompletedPeriod(absl::Time now, PeriodKind kind);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_PERIODS_H_
