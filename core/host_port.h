// "host:port" listen addresses, as the HTTP listeners take them (the
// witness endpoint, the hub's participation intake).
#ifndef DISCLOSURE_CORE_HOST_PORT_H_
#define DISCLOSURE_CORE_HOST_PORT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// Splits "host:port" or "[v6]:port" (port 0 to 65535). InvalidArgument
// naming `setting` (the config field) and the address otherwise.
absl::Status SplitHostPort(const std::string& listen, absl::string_view setting,
                           std::string* host, int* port);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_HOST_PORT_H_
