#include "tools/disclosurectl/progress.h"

#include <unistd.h>

#include <cmath>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace disclosure::cli {

std::string FormatProgress(const std::string& what, const std::string& unit,
                           int64_t done, int64_t total,
                           absl::Duration elapsed) {
  std::string line = absl::StrCat(what, ": ", done);
  if (total <= 0) return absl::StrCat(line, " ", unit);
  absl::StrAppend(&line, "/", total, " ", unit, " (",
                  done >= total ? 100 : done * 100 / total, "%)");
  // A rate measured over less than a second or a few items says little.
  if (done > 0 && done < total && elapsed >= absl::Seconds(1)) {
    const double left_s = absl::ToDoubleSeconds(elapsed) *
                          static_cast<double>(total - done) /
                          static_cast<double>(done);
    const int64_t s = static_cast<int64_t>(std::ceil(left_s));
    absl::StrAppend(
        &line, ", about ",
        s >= 120 ? absl::StrCat(s / 60, " min") : absl::StrCat(s, " s"),
        " left");
  }
  return line;
}

ProgressLine::ProgressLine(std::string what, std::string unit, int64_t total)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      total_(total),
      start_(absl::Now()),
      last_print_(absl::InfinitePast()),
      tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressLine::Update(int64_t done) {
  if (!tty_ || absl::Now() - last_print_ < absl::Milliseconds(100)) return;
  Print(done, false);
}

void ProgressLine::Finish(int64_t done) {
  if (tty_) Print(done, true);
}

void ProgressLine::Print(int64_t done, bool last) {
  last_print_ = absl::Now();
  // Clear to the end of the line: the new text may be shorter.
  std::cerr << "\r"
            << FormatProgress(what_, unit_, done, total_, last_print_ - start_)
            << "\x1b[K" << (last ? "\n" : "") << std::flush;
}

}  // namespace disclosure::cli
