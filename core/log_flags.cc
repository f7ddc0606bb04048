#include "core/log_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "core/logging.h"

ABSL_FLAG(std::string, log_format, "text",
          "log lines as 'text' (time, level, component, message) or 'json' "
          "(one JSON object per line)");
ABSL_FLAG(std::string, log_file, "",
          "append log lines to this file instead of stderr; reopened on "
          "SIGHUP (for logrotate)");

namespace disclosure {

absl::Status ApplyLogFlags() {
  const std::string format = absl::GetFlag(FLAGS_log_format);
  if (format == "json") {
    SetLogFormat(LogFormat::kJson);
  } else if (format == "text") {
    SetLogFormat(LogFormat::kText);
  } else {
    return absl::InvalidArgumentError(absl::Substitute(
        _("--log_format=$0 is not a log format: use text or json"), format));
  }
  return SetLogFile(absl::GetFlag(FLAGS_log_file));
}

}  // namespace disclosure
