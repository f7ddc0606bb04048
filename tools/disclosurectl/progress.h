// Progress of a long command on the terminal: "sending: 12000/50000 records
// (24%), about 8 s left". Written to stderr, and only when stderr is a
// terminal, so logs and scripts see just the final result.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_PROGRESS_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_PROGRESS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace disclosure::cli {

// One progress line: what, done of total (total 0 = unknown), and the time
// left estimated from the rate so far (once there is a rate to go by).
std::string FormatProgress(const std::string& what, const std::string& unit,
                           int64_t done, int64_t total, absl::Duration elapsed);

// Rewrites one terminal line as work advances, at most ten times a second.
class ProgressLine {
 public:
  ProgressLine(std::string what, std::string unit, int64_t total);
  void Update(int64_t done);
  // Prints the final count and ends the line.
  void Finish(int64_t done);

 private:
  void Print(int64_t done, bool last);
  std::string what_, unit_;
  int64_t total_;
  absl::Time start_, last_print_;
  bool tty_;
};

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_PROGRESS_H_
