#include "hub/export/export_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace disclosure::hub {

void ExportReport::Add(const std::string& phase, double seconds) {
  for (auto& [name, s] : phase_seconds) {
    if (name == phase) {
      s += seconds;
      return;
    }
  }
  phase_seconds.emplace_back(phase, seconds);
}

double ExportReport::Seconds(const std::string& phase) const {
  for (const auto& [name, s] : phase_seconds)
    if (name == phase) return s;
  return 0;
}

std::string ExportReport::Summary() const {
  std::string out =
      absl::StrFormat("%d agencies reused (rows of %d copied), %d written",
                      agencies_reused, agencies_rows_copied, agencies_written);
  for (const auto& [name, s] : phase_seconds)
    absl::StrAppend(&out, absl::StrFormat("; %s %.2f s", name, s));
  return out;
}

PhaseClock::PhaseClock(ExportReport* report)
    : report_(report), since_(std::chrono::steady_clock::now()) {}

void PhaseClock::Mark(const std::string& phase) {
  const auto now = std::chrono::steady_clock::now();
  if (report_ != nullptr)
    report_->Add(phase, std::chrono::duration<double>(now - since_).count());
  since_ = now;
}

void PhaseClock::Restart() { since_ = std::chrono::steady_clock::now(); }

}  // namespace disclosure::hub
