#include "hub/participation/address_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace disclosure::hub {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kDay = 86400;

// The canonical text of an IP address (IPv6 cut to its /64), or "".
std::string Normalize(const std::string& text) {
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    char buf[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, &v4, buf, sizeof(buf)) ? buf : "";
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memset(v6.s6_addr + 8, 0, 8);
    char buf[INET6_ADDRSTRLEN];
    return inet_ntop(AF_INET6, &v6, buf, sizeof(buf)) ? std::string(buf) + "/64"
                                                      : "";
  }
  return "";
}

}  // namespace

AddressLimiter::Verdict AddressLimiter::Take(const std::string& address,
                                             absl::Time now) {
  const int64_t s = absl::ToUnixSeconds(now);
  const int64_t minute = s / kMinute;
  const int64_t day = s / kDay;
  absl::MutexLock lock(&mu_);
  auto it = counts_.find(address);
  if (it == counts_.end()) {
    if (counts_.size() >= budget_.max_addresses) ForgetPastDays(day);
    if (counts_.size() >= budget_.max_addresses) return Verdict::kBusy;
    it = counts_.emplace(address, Counts{}).first;
  }
  Counts& c = it->second;
  if (c.minute != minute) c = Counts{minute, 0, c.day, c.in_day};
  if (c.day != day) c = Counts{c.minute, c.in_minute, day, 0};
  if (c.in_day >= budget_.per_day) return Verdict::kDaySpent;
  if (c.in_minute >= budget_.per_minute) return Verdict::kMinuteSpent;
  ++c.in_minute;
  ++c.in_day;
  return Verdict::kAllowed;
}

void AddressLimiter::Refund(const std::string& address) {
  absl::MutexLock lock(&mu_);
  auto it = counts_.find(address);
  if (it == counts_.end()) return;
  if (it->second.in_minute > 0) --it->second.in_minute;
  if (it->second.in_day > 0) --it->second.in_day;
}

int64_t AddressLimiter::RetryAfterSeconds(Verdict verdict, absl::Time now) {
  const int64_t s = absl::ToUnixSeconds(now);
  switch (verdict) {
    case Verdict::kMinuteSpent:
      return kMinute - s % kMinute;
    case Verdict::kDaySpent:
      return kDay - s % kDay;
    case Verdict::kBusy:
      return kMinute;
    case Verdict::kAllowed:
      return 0;
  }
  return 0;
}

void AddressLimiter::ForgetPastDays(int64_t today) {
  absl::erase_if(counts_,
                 [today](const auto& kv) { return kv.second.day != today; });
}

std::string ClientAddressKey(const std::string& peer,
                             const std::string& real_ip_header,
                             const std::vector<std::string>& trusted_proxies) {
  const std::string p = Normalize(peer);
  if (!real_ip_header.empty() &&
      std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) !=
          trusted_proxies.end()) {
    const std::string real = Normalize(real_ip_header);
    if (!real.empty()) return real;
  }
  return p;
}

}  // namespace disclosure::hub
