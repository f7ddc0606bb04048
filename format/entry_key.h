// Disclosure entry keys and the rule that an entry's key matches its body:
//
//   "agency"              AgencyProfile
//   "db/<database_id>"    DatabaseEntry
//   "keys/<8 hex>"        KeyRotation (to the key with that key id)
//   "stats/<period>"      RequestStatistics
//   "answers/<q<n>>"      ParticipationAnswer (format/participation.h)
//
// Ids are [a-z0-9][a-z0-9-]{0,63}; periods are "2026", "2026-H1",
// "2026-Q3" or "2026-07". Keys sort as raw bytes.
#ifndef DISCLOSURE_FORMAT_ENTRY_KEY_H_
#define DISCLOSURE_FORMAT_ENTRY_KEY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/entry.pb.h"

namespace disclosure {

inline constexpr absl::string_view kAgencyKey = "agency";

std::string DatabaseKey(absl::string_view database_id);
std::string StatisticsKey(absl::string_view period);
// "keys/<key id as 8 lowercase hex digits>": where a log publishes the
// statement rotating to the key with that id.
std::string RotationKey(uint32_t key_id);

// OK iff `id` is a valid agency or database id.
absl::Status ValidateId(absl::string_view id, absl::string_view what);

// Why `id` is not a valid id, as a message template (format/translation.h)
// whose $0 is the id, or nullptr when it is valid.
const char* IdProblem(absl::string_view id);

// OK iff `period` is a valid statistics period label.
absl::Status ValidatePeriod(absl::string_view period);

// OK iff the entry has a body and its key is the one its body implies.
// InvalidArgument naming the mismatch otherwise.
absl::Status ValidateEntryKey(const disclosure::v1::DisclosureEntry& entry);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_ENTRY_KEY_H_
