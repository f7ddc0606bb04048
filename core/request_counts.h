// Arithmetic on RequestCounts, the counts of one statistics row, and what a
// reader may conclude from a period whose small rows are banded: a banded
// row's requests are known only as its band ("1-9"), so any sum over it is
// a range, never a number.
//
//   CountRange r = *RequestsRange(stats);      // {14, 22}: 14 published, one
//   FormatRange(r, "–");                       // band of 1-9 → "14–22"
#ifndef DISCLOSURE_CORE_REQUEST_COUNTS_H_
#define DISCLOSURE_CORE_REQUEST_COUNTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "disclosure/v1/statistics.pb.h"

namespace disclosure {

// Adds every count of `from` to `to`.
void AddRequestCounts(const disclosure::v1::RequestCounts& from,
                      disclosure::v1::RequestCounts* to);

// What is known of a count: exactly `low` when low == high, else somewhere
// in [low, high].
// `open`: some part is withheld by law, with no bound: at least `low`.
struct CountRange {
  int64_t low = 0;
  int64_t high = 0;
  bool open = false;
  bool exact() const { return low == high && !open; }
};

// Whether a row publishes no counts: banded, or withheld (format 2).
bool CountsHidden(const disclosure::v1::RequestStatisticsRow& row);

// A band as the node writes it, "L-H" with 0 <= L <= H; nullopt when
// malformed (the hub then shows the band's text and no number).
std::optional<CountRange> BandRange(absl::string_view band);

// The requests of the rows of `s` that `selected` keeps (all rows when it
// is empty): published rows count exactly, banded rows by their band, and
// a withheld row makes the range open.
// nullopt unless `s` is REPORTED with every band well formed.
std::optional<CountRange> RequestsRange(
    const disclosure::v1::RequestStatistics& s,
    const std::function<bool(const disclosure::v1::RequestStatisticsRow&)>&
        selected = {});

// The requests of the whole period: RequestsRange() when REPORTED, exactly 0
// when the agency tracked and sent none (ZERO), nullopt when not tracked.
std::optional<CountRange> PeriodRequests(
    const disclosure::v1::RequestStatistics& s);

// "14", "14<dash>22", or "14+" when open.
std::string FormatRange(const CountRange& r, absl::string_view dash = "–");

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_REQUEST_COUNTS_H_
