// Crash points for crash tests: named places where a test can make the
// process die as a power cut would, to prove what a crash there leaves
// behind (LevelDB's tests inject faults through their Env for the same
// reason). Production runs never set the variable; then a crash point costs
// one comparison.
//
//   CrashPoint("node.import.before_commit");
//
// With DISCLOSURE_CRASH_AT=node.import.before_commit in the environment, the
// process writes "crash point <name>" to stderr and kills itself with
// SIGKILL at that call.
#ifndef DISCLOSURE_CORE_CRASH_POINT_H_
#define DISCLOSURE_CORE_CRASH_POINT_H_

#include "absl/strings/string_view.h"

namespace disclosure {

void CrashPoint(absl::string_view name);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_CRASH_POINT_H_
