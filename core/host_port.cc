#include "core/host_port.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace disclosure {

absl::Status SplitHostPort(const std::string& listen, absl::string_view setting,
                           std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), port) || *port < 0 ||
      *port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting, " \"", listen, "\" is not host:port"));
  }
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  return absl::OkStatus();
}

std::optional<std::string> HttpsUrlHost(absl::string_view url,
                                        size_t max_bytes) {
  if (url.size() > max_bytes || !absl::ConsumePrefix(&url, "https://"))
    return std::nullopt;
  for (char c : url) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '\'' || c == '<' ||
        c == '>' || c == '\\') {
      return std::nullopt;
    }
  }
  const size_t end = url.find_first_of("/?#");
  absl::string_view authority = url.substr(0, end);
  if (authority.find('@') != absl::string_view::npos) return std::nullopt;
  absl::string_view host = authority.substr(0, authority.find(':'));
  if (host.size() < authority.size()) {
    int port = 0;
    if (!absl::SimpleAtoi(authority.substr(host.size() + 1), &port) ||
        port <= 0 || port > 65535) {
      return std::nullopt;
    }
  }
  if (host.empty() || host.front() == '.' || host.back() == '.' ||
      absl::StrContains(host, "..")) {
    return std::nullopt;
  }
  for (char c : host) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '.') return std::nullopt;
  }
  return absl::AsciiStrToLower(host);
}

}  // namespace disclosure
