// Why one agency's harvest did not accept a snapshot, typed so that the
// harvester decides what to record by kind, never by message text.
//
//   kind            recorded as                 example
//   kUnreachable    unreachable since T         node down, deadline, cancel
//   kMalformed      refusal                     unparsable or garbled reply
//   kUnauthenticated refusal                    wrong identity, bad signature
//   kOverLimit      refusal                     a limit of HubLimits exceeded
//   kTampered       refusal                     content misses a signed root
//   kBadTime        refusal                     issued in the future, too long
//   kRollback       evidence + misbehaving      smaller signed log
//   kFork           evidence + misbehaving      same size, another root
//   kStore          refusal (the hub's fault)   RocksDB failed
//
// Evidence is kept only for kRollback and kFork: there the hub holds two
// checkpoints signed by the agency that cannot both be honest. Everything
// else may come from a broken network or a man in the middle and proves
// nothing about the agency.
#ifndef DISCLOSURE_HUB_HARVEST_HARVEST_FAILURE_H_
#define DISCLOSURE_HUB_HARVEST_HARVEST_FAILURE_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace disclosure::hub {

enum class FailureKind {
  kUnreachable,
  kMalformed,
  kUnauthenticated,
  kOverLimit,
  kTampered,
  kBadTime,
  kRollback,
  kFork,
  kStore,
};

struct HarvestFailure {
  FailureKind kind;
  std::string detail;

  // A failed call to the node: transport failures (UNAVAILABLE,
  // DEADLINE_EXCEEDED, CANCELLED) make the node unreachable; a refused
  // identity is kUnauthenticated; an oversized reply kOverLimit; anything
  // else a malformed answer.
  static HarvestFailure FromCall(const absl::Status& s) {
    FailureKind kind = FailureKind::kMalformed;
    if (absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s) ||
        absl::IsCancelled(s)) {
      kind = FailureKind::kUnreachable;
    } else if (absl::IsPermissionDenied(s) || absl::IsUnauthenticated(s)) {
      kind = FailureKind::kUnauthenticated;
    } else if (absl::IsResourceExhausted(s)) {
      kind = FailureKind::kOverLimit;
    }
    return {kind, std::string(s.message())};
  }

  // A check of the hub's own on content the node sent: InvalidArgument is
  // malformed content, ResourceExhausted a limit, DataLoss tampering.
  static HarvestFailure FromCheck(const absl::Status& s) {
    FailureKind kind = FailureKind::kMalformed;
    if (absl::IsResourceExhausted(s)) kind = FailureKind::kOverLimit;
    if (absl::IsDataLoss(s)) kind = FailureKind::kTampered;
    if (absl::IsUnauthenticated(s)) kind = FailureKind::kUnauthenticated;
    return {kind, std::string(s.message())};
  }

  HarvestFailure With(const std::string& prefix) const {
    return {kind, absl::StrCat(prefix, ": ", detail)};
  }
};

// The value of a harvest step, or why it failed.
template <typename T>
class StepResult {
 public:
  StepResult(T value) : v_(std::move(value)) {}                   // NOLINT
  StepResult(HarvestFailure failure) : v_(std::move(failure)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& operator*() { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const HarvestFailure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, HarvestFailure> v_;
};

// What a step with no value returns: its failure, or nothing when it passed,
// so that `if (StepFailure f = Step(...)) return RecordFailure(state, *f, ...)`
// reads as it runs (unlike absl::Status, it is true when something failed).
using StepFailure = std::optional<HarvestFailure>;

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_HARVEST_FAILURE_H_
