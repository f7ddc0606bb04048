#include "bench/ratio_reporter.h"

#include <cstdio>

namespace disclosure::bench {

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
  ConsoleReporter::ReportRuns(runs);
  for (const Run& run : runs) {
    const std::string name = run.run_name.str();
    if (run.run_type == Run::RT_Aggregate) {
      if (run.aggregate_name == "median")
        times_[name] = run.GetAdjustedRealTime();
    } else if (times_.find(name) == times_.end() || run.repetitions <= 1) {
      times_[name] = run.GetAdjustedRealTime();
    }
  }
}

void RatioReporter::Finalize() {
  ConsoleReporter::Finalize();
  std::printf(
      "\nRatios (medians of the same run; >1 means the subject is faster):\n");
  for (const auto& [subject, baseline] : pairs_) {
    for (const auto& [name, time] : times_) {
      if (name.rfind(subject + "/", 0) != 0) continue;
      const std::string arg = name.substr(subject.size());
      auto base = times_.find(baseline + arg);
      if (base == times_.end())
        base = times_.find(baseline);  // no-arg baseline
      if (base == times_.end() || time <= 0) continue;
      std::printf("  %s vs %s: %.2fx throughput\n", name.c_str(),
                  base->first.c_str(), base->second / time);
    }
  }
  std::fflush(stdout);
}

}  // namespace disclosure::bench
