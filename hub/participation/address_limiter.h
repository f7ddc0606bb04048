// Per-client-address budgets for the participation intake: so many
// submissions a minute and a day from one address (an IPv6 /64 counts as
// one address, since one subscriber gets a whole /64), and a bound on the
// addresses tracked, so a flood from many addresses costs bounded memory.
//
// Windows are fixed (the minute and the UTC day an address's count
// started): simple, and a burst at a window's edge gets at most twice the
// budget, which is fine for a form.
//
// Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_ADDRESS_LIMITER_H_
#define DISCLOSURE_HUB_PARTICIPATION_ADDRESS_LIMITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace disclosure::hub {

class AddressLimiter {
 public:
  struct Budget {
    uint32_t per_minute = 3;
    uint32_t per_day = 20;
    // Addresses tracked at once; past it, addresses whose day is over are
    // forgotten, and if none is, new addresses are refused (kBusy).
    size_t max_addresses = 100000;
  };
  enum class Verdict { kAllowed, kMinuteSpent, kDaySpent, kBusy };

  explicit AddressLimiter(Budget budget) : budget_(budget) {}

  // Counts one submission from `address` at `now` if the budget allows it.
  Verdict Take(const std::string& address, absl::Time now);
  // Gives back what Take counted, for a submission refused later (a bad
  // field), so a person correcting a typo is not locked out.
  void Refund(const std::string& address);
  // Seconds until `verdict` passes for a new submission at `now`.
  static int64_t RetryAfterSeconds(Verdict verdict, absl::Time now);

 private:
  struct Counts {
    int64_t minute = 0;  // the minute (since the epoch) counted
    uint32_t in_minute = 0;
    int64_t day = 0;
    uint32_t in_day = 0;
  };
  void ForgetPastDays(int64_t today) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Budget budget_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Counts> counts_ ABSL_GUARDED_BY(mu_);
};

// The address a submission is counted under: the peer's, or the
// X-Real-IP header's when the peer is one of `trusted_proxies`; IPv6
// addresses cut to their /64. Empty when neither is an IP address.
std::string ClientAddressKey(const std::string& peer,
                             const std::string& real_ip_header,
                             const std::vector<std::string>& trusted_proxies);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_ADDRESS_LIMITER_H_
