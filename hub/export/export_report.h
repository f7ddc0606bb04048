// Where one export's time went: seconds per phase, in the order the phases
// first ran, and how many agencies were reused from the previous export or
// written anew. The hub logs it after each export and bench/export_bench
// prints it, so an operator whose exports grow slow can see which part did.
//
// Not thread-safe: one export fills one report.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_REPORT_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_REPORT_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace disclosure::hub {

struct ExportReport {
  // Phase name -> seconds; a phase added twice accumulates.
  std::vector<std::pair<std::string, double>> phase_seconds;
  int agencies_reused = 0;
  int agencies_written = 0;
  // Reused agencies whose table rows were copied from the previous export
  // rather than rendered (table_rows.h).
  int agencies_rows_copied = 0;

  void Add(const std::string& phase, double seconds);
  double Seconds(const std::string& phase) const;  // 0 when it never ran
  // "199 agencies reused (rows of 199 copied), 1 written; tables 1.20 s;
  // ...".
  std::string Summary() const;
};

// Charges the time since construction (or since the last Mark) to a phase
// of `report`; does nothing when `report` is null.
class PhaseClock {
 public:
  explicit PhaseClock(ExportReport* report);
  void Mark(const std::string& phase);
  // Starts the next phase now, charging the time since to nothing: for
  // time another clock has already charged.
  void Restart();

 private:
  ExportReport* report_;
  std::chrono::steady_clock::time_point since_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_REPORT_H_
