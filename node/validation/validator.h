// Validation of what agency IT writes to the node, against the rules of
// docs/domain.md and the PDPA: required fields, codes that exist in the loaded
// vocabularies, a consent description when the ground is consent, a
// specific law when the ground is "expressly provided by law", the
// statutory deadlines of Art. 13, well-formed linkage targets. Every problem
// is reported (field path and reason), not just the first.
#ifndef DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_
#define DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "disclosure/v1/request.pb.h"
#include "node/validation/vocabulary.h"

namespace disclosure::node {

using Problems = std::vector<disclosure::v1::node::ValidationProblem>;

// Longest string accepted in any free-text field.
inline constexpr size_t kMaxTextBytes = 16 * 1024;

// Checks inventory items for one agency. Thread-safe (immutable).
class InventoryValidator {
 public:
  InventoryValidator(std::string agency_id, const Vocabularies* vocabularies)
      : agency_id_(std::move(agency_id)), vocab_(vocabularies) {}

  // Problems of `profile` (item index `index`).
  void CheckAgencyProfile(const disclosure::v1::AgencyProfile& profile,
                          int64_t index, Problems* out) const;

  // Problems of `entry`. `defaults` are the agency's default rights
  // channels (may be null), which count towards the required channels and
  // may be named by opt_out.channel_ids.
  void CheckDatabaseEntry(
      const disclosure::v1::DatabaseEntry& entry, int64_t index,
      const google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>*
          defaults,
      Problems* out) const;

 private:
  std::string agency_id_;
  const Vocabularies* vocab_;
};

// Problems of one raw provider request record; `now` bounds sent_at.
void CheckRequestRecord(const disclosure::v1::ProviderRequestRecord& record,
                        int64_t index, absl::Time now, Problems* out);

// OK iff `date` is "YYYY-MM-DD" and a real calendar date.
bool IsValidDate(const std::string& date);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_
