// Settings for the server processes, compiled into each executable that
// links dn_server_process (hub, node and the benchmarks that host them);
// tests keep Abseil's defaults.
//
// Debian's Abseil is built without NDEBUG, so absl::Mutex runs its
// deadlock detector by default: every lock taken is recorded in a global
// graph of lock order, under a global lock. That was about 3% of the
// hub's CPU in a full harvest (GraphCycles in `perf`). The tests, which
// keep it, check the lock order; the servers do not repeat the check.
#include "absl/synchronization/mutex.h"

namespace disclosure {
namespace {

const bool kDeadlockDetectionOff = [] {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return true;
}();

}  // namespace
}  // namespace disclosure
