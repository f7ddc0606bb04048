// Settings for the server processes, compiled into each executable that
// links dn_server_process (hub, node and the benchmarks that host them);
// tests keep Abseil's defaults.
//
// Debian's Abseil is built without NDEBUG, so absl::Mutex runs its
// deadlock detector by default: every lock taken is recorded in a global
// graph of lock order, under a global lock (GraphCycles in `perf`).
// Without it a full harvest of 200 x 500 took about a tenth less CPU, in
// the hub and in the nodes (harvest_bench: hub 2.46 -> 2.19 s). The tests,
// which keep it, check the lock order; the servers do not repeat it.
#include "absl/synchronization/mutex.h"

namespace disclosure {
namespace {

const bool kDeadlockDetectionOff = [] {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return true;
}();

}  // namespace
}  // namespace disclosure
