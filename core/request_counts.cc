#include "core/request_counts.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace disclosure {

void AddRequestCounts(const v1::RequestCounts& from, v1::RequestCounts* to) {
  to->set_requests(to->requests() + from.requests());
  to->set_identifiers_specified(to->identifiers_specified() +
                                from.identifiers_specified());
  to->set_requests_data_produced(to->requests_data_produced() +
                                 from.requests_data_produced());
  to->set_requests_no_data(to->requests_no_data() + from.requests_no_data());
  to->set_requests_refused(to->requests_refused() + from.requests_refused());
  to->set_requests_pending(to->requests_pending() + from.requests_pending());
  to->set_subjects_notified(to->subjects_notified() + from.subjects_notified());
}

std::optional<CountRange> BandRange(absl::string_view band) {
  const std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(band, absl::MaxSplits('-', 1));
  CountRange r;
  if (!absl::SimpleAtoi(parts.first, &r.low) ||
      !absl::SimpleAtoi(parts.second, &r.high) || r.low < 0 || r.high < r.low) {
    return std::nullopt;
  }
  return r;
}

std::optional<CountRange> RequestsRange(
    const v1::RequestStatistics& s,
    const std::function<bool(const v1::RequestStatisticsRow&)>& selected) {
  if (s.reporting_status() != v1::REPORTING_STATUS_REPORTED)
    return std::nullopt;
  CountRange total;
  for (const v1::RequestStatisticsRow& row : s.rows()) {
    if (selected && !selected(row)) continue;
    if (row.has_withheld()) {
      total.open = true;
      continue;
    }
    if (!row.suppressed()) {
      total.low += row.counts().requests();
      total.high += row.counts().requests();
      continue;
    }
    const std::optional<CountRange> band = BandRange(row.band());
    if (!band) return std::nullopt;
    total.low += band->low;
    total.high += band->high;
  }
  return total;
}

std::optional<CountRange> PeriodRequests(const v1::RequestStatistics& s) {
  if (s.reporting_status() == v1::REPORTING_STATUS_ZERO) return CountRange{};
  return RequestsRange(s);
}

bool CountsHidden(const v1::RequestStatisticsRow& row) {
  return row.suppressed() || row.has_withheld();
}

std::string FormatRange(const CountRange& r, absl::string_view dash) {
  if (r.open) return absl::StrCat(r.low, "+");
  if (r.exact()) return absl::StrCat(r.low);
  return absl::StrCat(r.low, dash, r.high);
}

}  // namespace disclosure
