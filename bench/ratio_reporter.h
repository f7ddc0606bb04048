// A console reporter that, after the usual table, prints ratios between the
// median of a benchmark and the median of its baseline measured in the same
// run, e.g. "MerkleRoot/1024 vs Sha256Plain/1024: 0.83x throughput".
#ifndef DISCLOSURE_BENCH_RATIO_REPORTER_H_
#define DISCLOSURE_BENCH_RATIO_REPORTER_H_

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace disclosure::bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Each pair is (subject prefix, baseline prefix); a run named
  // "<prefix>/<arg>" is compared with "<baseline prefix>/<arg>", or with
  // "<baseline prefix>" when the baseline takes no argument.
  explicit RatioReporter(std::vector<std::pair<std::string, std::string>> pairs)
      : pairs_(std::move(pairs)) {}

  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  // Median (or single-run) real time per iteration, by run name.
  std::map<std::string, double> times_;
};

}  // namespace disclosure::bench

#endif  // DISCLOSURE_BENCH_RATIO_REPORTER_H_
