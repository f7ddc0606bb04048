#include "core/periods.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "format/entry_key.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

namespace v1n = disclosure::v1::node;

// Months per period and the label of the period starting at (year, month).
int MonthsOf(PeriodKind kind) {
  switch (kind) {
    case v1n::STATISTICS_PERIOD_YEAR:
      return 12;
    case v1n::STATISTICS_PERIOD_QUARTER:
      return 3;
    case v1n::STATISTICS_PERIOD_MONTH:
      return 1;
    default:
      return 6;
  }
}

std::string Label(int64_t year, int month, PeriodKind kind) {
  switch (kind) {
    case v1n::STATISTICS_PERIOD_YEAR:
      return absl::StrFormat("%04d", year);
    case v1n::STATISTICS_PERIOD_QUARTER:
      return absl::StrFormat("%04d-Q%d", year, (month - 1) / 3 + 1);
    case v1n::STATISTICS_PERIOD_MONTH:
      return absl::StrFormat("%04d-%02d", year, month);
    default:
      return absl::StrFormat("%04d-H%d", year, month <= 6 ? 1 : 2);
  }
}

Period Make(int64_t year, int first_month, PeriodKind kind) {
  const int n = MonthsOf(kind);
  absl::CivilMonth start(year, first_month);
  absl::CivilMonth end = start + n;
  return Period{Label(year, first_month, kind),
                absl::FromCivil(start, TaipeiTime()),
                absl::FromCivil(end, TaipeiTime())};
}

}  // namespace

absl::TimeZone TaipeiTime() {
  // Built once: constructing a TimeZone takes a global lock.
  static const absl::TimeZone* tz =
      new absl::TimeZone(absl::FixedTimeZone(8 * 60 * 60));
  return *tz;
}

std::string TaipeiDate(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d", t, TaipeiTime());
}

std::string TaipeiDateTime(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez",
                          absl::FromUnixSeconds(unix_seconds), TaipeiTime());
}

Period PeriodContaining(absl::Time t, PeriodKind kind) {
  const absl::CivilMonth m = absl::ToCivilMonth(t, TaipeiTime());
  const int n = MonthsOf(kind);
  const int first = ((m.month() - 1) / n) * n + 1;
  return Make(m.year(), first, kind);
}

absl::StatusOr<Period> PeriodFromLabel(const std::string& label) {
  DN_RETURN_IF_ERROR(ValidatePeriod(label));
  int64_t year = 0;
  // ValidatePeriod checked the digits: neither parse below can fail.
  (void)absl::SimpleAtoi(label.substr(0, 4), &year);
  if (label.size() == 4) return Make(year, 1, v1n::STATISTICS_PERIOD_YEAR);
  const std::string rest = label.substr(5);
  if (rest[0] == 'H')
    return Make(year, rest[1] == '1' ? 1 : 7, v1n::STATISTICS_PERIOD_HALF_YEAR);
  if (rest[0] == 'Q')
    return Make(year, (rest[1] - '1') * 3 + 1, v1n::STATISTICS_PERIOD_QUARTER);
  int month = 0;
  (void)absl::SimpleAtoi(rest, &month);  // validated above
  return Make(year, month, v1n::STATISTICS_PERIOD_MONTH);
}

Period NextPeriod(const Period& p) {
  // The period containing the first instant after p, of p's kind.
  PeriodKind kind = v1n::STATISTICS_PERIOD_HALF_YEAR;
  if (p.label.size() == 4) {
    kind = v1n::STATISTICS_PERIOD_YEAR;
  } else if (p.label[5] == 'Q') {
    kind = v1n::STATISTICS_PERIOD_QUARTER;
  } else if (p.label[5] != 'H') {
    kind = v1n::STATISTICS_PERIOD_MONTH;
  }
  return PeriodContaining(p.end, kind);
}

Period LastCompletedPeriod(absl::Time now, PeriodKind kind) {
  const Period current = PeriodContaining(now, kind);
  return PeriodContaining(current.start - absl::Seconds(1), kind);
}

}  // namespace disclosure
