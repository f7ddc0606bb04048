// Validation of what agency IT writes to the node, against the rules of
// docs/domain.md and the PDPA: required fields, codes that exist in the loaded
// vocabularies, a consent description when the ground is consent, a
// specific law when the ground is "expressly provided by law", the
// statutory deadlines of Art. 13, well-formed linkage targets, enum values
// that exist (JSON accepts any number), and no future dates where the
// field records a past event. Every problem is reported (field path and
// reason), not just the first.
#ifndef DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_
#define DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "core/i18n.h"
#include "core/vocabulary.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "disclosure/v1/request.pb.h"

namespace disclosure::node {

using Problems = std::vector<disclosure::v1::node::ValidationProblem>;

// Adds the problem of item `index` (-1: the request) at `field`, carrying
// `message` both in English and as template and arguments for the client
// to translate.
void AddProblem(Problems* out, int64_t index, std::string field,
                const Message& message);

// Longest string accepted in any free-text field.
inline constexpr size_t kMaxTextBytes = 16 * 1024;

// Checks inventory items for one agency. Thread-safe (immutable).
class InventoryValidator {
 public:
  // `format_version` is the snapshot format the node writes: withholding
  // (format/withholding.h) is refused below format 2, and a withheld field
  // or item is not required to be filled in.
  InventoryValidator(std::string agency_id, const Vocabularies* vocabularies,
                     uint32_t format_version = 1)
      : agency_id_(std::move(agency_id)),
        vocab_(vocabularies),
        format_version_(format_version) {}

  // Problems of `profile` (item index `index`); `now` bounds dates.
  void CheckAgencyProfile(const disclosure::v1::AgencyProfile& profile,
                          int64_t index, absl::Time now, Problems* out) const;

  // Problems of `entry`. `defaults` are the agency's default rights
  // channels (may be null), which count towards the required channels and
  // may be named by opt_out.channel_ids. Dates of past events (review,
  // attestation, counts "as of") may not be after `now`'s day in Taipei.
  // Whether a linked entry of this agency exists is for the caller, which
  // knows the store (LinkedEntriesOfAgency).
  void CheckDatabaseEntry(
      const disclosure::v1::DatabaseEntry& entry, int64_t index,
      const google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>*
          defaults,
      absl::Time now, Problems* out) const;

  // Problems of an answer to a participation submission (format 2 only;
  // format/participation.h). `now` bounds answered_on.
  void CheckAnswer(const disclosure::v1::ParticipationAnswer& answer,
                   absl::Time now, Problems* out) const;

 private:
  std::string agency_id_;
  const Vocabularies* vocab_;
  uint32_t format_version_;
};

// Problems of one raw provider request record; `now` bounds sent_at.
void CheckRequestRecord(const disclosure::v1::ProviderRequestRecord& record,
                        int64_t index, absl::Time now, Problems* out);

// Longest correction reason: it is published in a statistics note, so it
// is one short line.
inline constexpr size_t kMaxCorrectionReasonBytes = 300;

// Problems of the correction reasons of one batch of `record_count`
// records starting at stream index `first_index`: none, or one per record,
// each empty or one line of at most kMaxCorrectionReasonBytes.
void CheckCorrectionReasons(
    const google::protobuf::RepeatedPtrField<std::string>& reasons,
    int record_count, int64_t first_index, Problems* out);

// OK iff `date` is "YYYY-MM-DD" and a real calendar date.
bool IsValidDate(const std::string& date);

// Longest a next review may be scheduled ahead.
inline constexpr int kMaxReviewYearsAhead = 5;

// Every entry id of `agency_id` that `entry` links to (linkages and the
// linked_entries of its uses), with the field path naming it.
std::vector<std::pair<std::string, std::string>> LinkedEntriesOfAgency(
    const disclosure::v1::DatabaseEntry& entry, const std::string& agency_id);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_VALIDATION_VALIDATOR_H_
