// "host:port" listen addresses, as the HTTP listeners take them (the
// witness endpoint, the hub's participation intake), and the host of an
// https URL that the site links to.
#ifndef DISCLOSURE_CORE_HOST_PORT_H_
#define DISCLOSURE_CORE_HOST_PORT_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// Splits "host:port" or "[v6]:port" (port 0 to 65535). InvalidArgument
// naming `setting` (the config field) and the address otherwise.
absl::Status SplitHostPort(const std::string& listen, absl::string_view setting,
                           std::string* host, int* port);

// The host of `url` when it is an https URL the site may print in an href
// as it is: "https://" and a host (letters, digits, '-' and '.'), then
// optionally ":port" and a path, query or fragment; no user info, spaces,
// quotes, angle brackets or control characters, at most `max_bytes`.
// nullopt otherwise. The host is returned lowercased.
std::optional<std::string> HttpsUrlHost(absl::string_view url,
                                        size_t max_bytes = 2000);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_HOST_PORT_H_
