// Dates as agency staff type them, turned into the one form the schema
// stores and publishes: ISO "YYYY-MM-DD".
//
// Accepted (full-width digits and separators too):
//   2026-03-05  2026-3-5  2026/03/05  2026/3/5  2026.3.5  20260305
//   115/03/05  115/3/5  115-3-5  115.3.5  1150305      (ROC years 1-199)
//   民國115年3月5日  中華民國115年3月5日  115年3月5日  2026年3月5日
//   any of the above followed by a midnight time ("2026-03-05 00:00:00",
//   what a spreadsheet exports for a date cell)
// Refused, with the forms to use: a day and month first (03/05/2026 is
// 5 March in one country and 3 May in another), a two-part date, a time of
// day other than midnight, a date that does not exist (2026-02-30).
#ifndef DISCLOSURE_CORE_STAFF_DATE_H_
#define DISCLOSURE_CORE_STAFF_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// "YYYY-MM-DD" for `text`; InvalidArgument saying which forms to use.
absl::StatusOr<std::string> NormalizeStaffDate(absl::string_view text);

// The forms to use, for messages and templates.
inline constexpr char kStaffDateForms[] =
    "2026-03-05, 2026/3/5, 115/3/5 or 民國115年3月5日";

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_STAFF_DATE_H_
