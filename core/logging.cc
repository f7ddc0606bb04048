#include "core/logging.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

struct Sink {
  absl::Mutex mu;
  LogFormat format ABSL_GUARDED_BY(mu) = LogFormat::kText;
  std::string path ABSL_GUARDED_BY(mu);
  int fd ABSL_GUARDED_BY(mu) = STDERR_FILENO;
};

Sink& TheSink() {
  static Sink* sink = new Sink();
  return *sink;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

absl::StatusOr<int> OpenForAppend(const std::string& path) {
  const int fd =
      open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::Substitute(_("cannot open log file $0: $1 (does its folder "
                           "exist, and may this user write there?)"),
                         path, std::strerror(errno)));
  }
  return fd;
}

}  // namespace

std::string FormatLogLine(LogFormat format, absl::string_view time,
                          LogLevel level, absl::string_view component,
                          absl::string_view message) {
  if (format == LogFormat::kJson) {
    return absl::StrCat("{\"time\":", JsonQuoted(time), ",\"level\":\"",
                        absl::AsciiStrToLower(LevelName(level)),
                        "\",\"component\":", JsonQuoted(component),
                        ",\"msg\":", JsonQuoted(message), "}");
  }
  return absl::StrCat(time, " ", LevelName(level), " ", component, ": ",
                      message);
}

void SetLogFormat(LogFormat format) {
  Sink& sink = TheSink();
  absl::MutexLock lock(&sink.mu);
  sink.format = format;
}

absl::Status SetLogFile(const std::string& path) {
  Sink& sink = TheSink();
  int fd = STDERR_FILENO;
  if (!path.empty()) {
    DN_ASSIGN_OR_RETURN(int opened, OpenForAppend(path));
    fd = opened;
  }
  absl::MutexLock lock(&sink.mu);
  if (sink.fd != STDERR_FILENO) close(sink.fd);
  sink.fd = fd;
  sink.path = path;
  return absl::OkStatus();
}

absl::Status ReopenLogFile() {
  std::string path;
  {
    Sink& sink = TheSink();
    absl::MutexLock lock(&sink.mu);
    path = sink.path;
  }
  if (path.empty()) return absl::OkStatus();
  return SetLogFile(path);
}

void Log(LogLevel level, absl::string_view component,
         absl::string_view message) {
  const std::string time = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                            absl::UTCTimeZone());
  Sink& sink = TheSink();
  absl::MutexLock lock(&sink.mu);
  const std::string line =
      FormatLogLine(sink.format, time, level, component, message) + "\n";
  // One write per line, so lines of concurrent processes appending to the
  // same file stay whole; a failed write has nowhere better to go.
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = write(sink.fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
}

}  // namespace disclosure
