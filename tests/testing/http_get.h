// A plain HTTP/1.0 GET on a loopback port, for tests that scrape a metrics
// listener or a web server.
#ifndef DISCLOSURE_TESTS_TESTING_HTTP_GET_H_
#define DISCLOSURE_TESTS_TESTING_HTTP_GET_H_

#include <string>

#include "absl/status/statusor.h"

namespace disclosure::testing {

// The body of http://127.0.0.1:<port><path>; an error unless the status is
// 200 (its message is the status line). `headers` are extra request header
// lines, each ending in "\r\n".
absl::StatusOr<std::string> HttpGet(int port, const std::string& path,
                                    const std::string& headers = "");

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_HTTP_GET_H_
