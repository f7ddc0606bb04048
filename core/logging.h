// One-line logs: "<UTC time> <component>: <message>" on stderr. Messages
// must never contain secrets (keys, salts, raw records).
#ifndef DISCLOSURE_CORE_LOGGING_H_
#define DISCLOSURE_CORE_LOGGING_H_

#include <iostream>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace disclosure {

inline void LogLine(absl::string_view component, absl::string_view message) {
  std::cerr << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(),
                                absl::UTCTimeZone())
            << " " << component << ": " << message << std::endl;
}

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_LOGGING_H_
