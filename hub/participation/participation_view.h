// What the public site shows of participation (built by
// ParticipationDesk::View): per agency and per entry, how many questions
// and opinions were received, answered within the deadline, answered late,
// still open and overdue; and each answer the agency signed, with the
// question's text only where the person allowed it and the agency quoted
// it as the hub masked it.
#ifndef DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_VIEW_H_
#define DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_VIEW_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/participation.pb.h"

namespace disclosure::hub {

struct ParticipationCounts {
  uint64_t received = 0;
  uint64_t answered_in_time = 0;
  uint64_t answered_late = 0;
  // Not answered, deadline not passed.
  uint64_t open = 0;
  // Not answered, deadline passed.
  uint64_t overdue = 0;
  void Add(const ParticipationCounts& o) {
    received += o.received;
    answered_in_time += o.answered_in_time;
    answered_late += o.answered_late;
    open += o.open;
    overdue += o.overdue;
  }
};

// Why a question's text is not on the page (kShown: it is).
enum class QuestionText {
  kShown,
  kNotAllowed,
  kWithheld,
  kNotQuoted,
  kDiffers
};

// Which submission, about what, and its dates.
struct SubmissionRef {
  std::string submission_id;
  std::string concerns;
  disclosure::v1::ParticipationKind kind =
      disclosure::v1::PARTICIPATION_KIND_UNSPECIFIED;
  int64_t received_at = 0;
  int64_t due_at = 0;
  // The consultation round it was given in ("" for none).
  std::string consultation_id;
};

// One answer as the site shows it.
struct ShownAnswer {
  SubmissionRef ref;
  // When the hub first held it signed.
  int64_t seen_at = 0;
  bool in_time = false;
  // The signed answer itself.
  disclosure::v1::ParticipationAnswer answer;
  QuestionText question = QuestionText::kNotQuoted;
};

// A submission still waiting for its answer (no text: only the agency
// sees that).
struct OpenSubmission {
  SubmissionRef ref;
  bool overdue = false;
};

struct AgencyParticipation {
  ParticipationCounts counts;
  std::map<std::string, ParticipationCounts> by_entry;  // by entry key
  std::vector<ShownAnswer> answers;                     // in id order
  std::vector<OpenSubmission> open;                     // in id order
  // Signed answers that match no receipt (wrong entry, kind or hash).
  uint64_t unmatched_answers = 0;
};

// How the opinions of a consultation round were handled, as the agencies
// signed it.
struct RoundCounts {
  uint64_t opinions = 0;
  uint64_t adopted = 0;
  uint64_t partly_adopted = 0;
  uint64_t not_adopted = 0;
  // Not handled yet, deadline not passed / passed.
  uint64_t waiting = 0;
  uint64_t overdue = 0;
};

// One consultation round as the site shows it.
struct RoundView {
  disclosure::v1::hub::ConsultationRound round;
  bool open = false;
  RoundCounts counts;
  // Each opinion with its agency and its signed handling, by agency, then
  // submission id.
  std::vector<std::pair<std::string, ShownAnswer>> handled;
  std::vector<std::pair<std::string, OpenSubmission>> waiting;
};

struct ParticipationView {
  bool enabled = false;
  // The form's action URL and the days to answer.
  std::string form_action;
  uint32_t deadline_days = 0;
  // The receipt key (c2sp vkey), published as keys/hub-participation.vkey.
  std::string receipt_vkey;
  std::map<std::string, AgencyParticipation> agencies;  // by agency id
  // Every consultation round, newest first.
  std::vector<RoundView> rounds;
  // The rounds open now that name an agency's entry, by "agency/entry":
  // indexes into `rounds`.
  std::map<std::string, std::vector<size_t>> open_rounds_by_entry;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_VIEW_H_
