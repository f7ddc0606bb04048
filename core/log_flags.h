// The servers' logging flags, shared by disclosure-node and disclosure-hub:
//
//   --log_format=text|json   one text line or one JSON object per event
//   --log_file=PATH          append to PATH instead of stderr; reopened on
//                            SIGHUP, so logrotate can move it away
#ifndef DISCLOSURE_CORE_LOG_FLAGS_H_
#define DISCLOSURE_CORE_LOG_FLAGS_H_

#include "absl/status/status.h"

namespace disclosure {

// Names of the flags, for ProgramUsage::flags.
inline constexpr const char* kLogFormatFlag = "log_format";
inline constexpr const char* kLogFileFlag = "log_file";

// Applies the flags to the logger (core/logging.h). InvalidArgument names
// the flag for an unknown format; Unavailable names an unopenable file.
absl::Status ApplyLogFlags();

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_LOG_FLAGS_H_
