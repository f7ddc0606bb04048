// One line per event: "<UTC time> <LEVEL> <component>: <message>", or, when
// JSON lines are chosen, {"time":...,"level":...,"component":...,"msg":...}.
// Lines go to stderr (what systemd's journal and Kubernetes collect), or to
// a file opened in append mode; ReopenLogFile() starts a new file after
// logrotate moved the old one away (SIGHUP). Messages must never contain
// secrets (keys, salts, raw records).
//
// Thread-safe: lines from different threads never interleave.
#ifndef DISCLOSURE_CORE_LOGGING_H_
#define DISCLOSURE_CORE_LOGGING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace disclosure {

enum class LogLevel { kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

// Where and how lines are written. Defaults: text on stderr.
void SetLogFormat(LogFormat format);
// Appends to `path` from now on (created 0640 when missing). An empty path
// means stderr. The error names the file when it cannot be opened.
absl::Status SetLogFile(const std::string& path);
// Closes and reopens the log file (no-op on stderr).
absl::Status ReopenLogFile();

void Log(LogLevel level, absl::string_view component,
         absl::string_view message);

// An event in normal operation.
inline void LogLine(absl::string_view component, absl::string_view message) {
  Log(LogLevel::kInfo, component, message);
}
// Something an operator should look at, that the program handled.
inline void LogWarning(absl::string_view component, absl::string_view message) {
  Log(LogLevel::kWarning, component, message);
}
// Something failed and was not done.
inline void LogError(absl::string_view component, absl::string_view message) {
  Log(LogLevel::kError, component, message);
}

// The line Log() would write (without the newline), for tests.
std::string FormatLogLine(LogFormat format, absl::string_view time,
                          LogLevel level, absl::string_view component,
                          absl::string_view message);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_LOGGING_H_
