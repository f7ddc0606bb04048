// The hub's participation desk (公民參與): takes questions and opinions
// about agencies' entries from the public site, signs a receipt for each,
// keeps them for the agency they concern, and matches the answers agencies
// publish in their own signed logs ("answers/<id>") to them.
//
// What it guarantees:
//   - a receipt is handed out only once the submission is written, synced
//     (nothing accepted is lost), and it is signed by the participation key
//     alone (a key of its own, never the cosigning or export key);
//   - every number a client sends is a budget: body size (the HTTP layer),
//     text length, submissions per address per minute and per day, open
//     submissions overall;
//   - national ID and phone numbers and e-mail addresses are masked
//     (masking.h) in the text anyone but the agency sees; the public sees
//     a question's text only when the agency's signed answer quotes that
//     masked text and the person allowed it;
//   - an answer counts only when its signed entry matches the submission's
//     receipt (id, agency, entry, kind, text hash); it is dated by when the
//     hub first accepted a snapshot holding it, not by the agency's own
//     date, so an agency cannot answer late and claim it was in time.
//
// Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_DESK_H_
#define DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_DESK_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "disclosure/v1/participation.pb.h"
#include "format/note_keys.h"
#include "hub/participation/address_limiter.h"
#include "hub/participation/consultation_book.h"
#include "hub/participation/participation_view.h"
#include "hub/participation/submission_store.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// The fields of the site's form.
struct IntakeForm {
  std::string agency_id;
  std::string concerns;
  // "question", "opinion", or a consultation round's id ("c3") for an
  // opinion given in that round.
  std::string kind;
  std::string text;
  std::string contact;
  bool publish = false;
};

// How the intake answers one submission.
struct IntakeReply {
  int http_status = 200;
  // For a refusal: what is wrong and what to do, in zh and en.
  std::string problem_zh;
  std::string problem_en;
  int64_t retry_after_seconds = 0;
  // For an acceptance.
  std::string submission_id;
  std::string receipt;
};

class ParticipationDesk {
 public:
  // Loads the receipt key of `config.participation()` and the stored
  // submissions. InvalidArgument for a key that is missing, not a plain
  // note key, or the cosigning or export key.
  static absl::StatusOr<std::unique_ptr<ParticipationDesk>> Create(
      const disclosure::v1::hub::HubConfig& config, HubStore* store,
      const Clock* clock);

  // Takes one submission from the client counted as `address`.
  IntakeReply Submit(const IntakeForm& form, const std::string& address);

  // Reads the entries and answers of every registered agency whose latest
  // accepted snapshot changed since the last call, and records the answers
  // that match a submission. Cheap when nothing changed.
  void Reconcile(
      const std::vector<disclosure::v1::hub::RegisteredAgency>& registry);

  // Everything the site shows, at `now`.
  ParticipationView View(absl::Time now) const;
  // One line that changes whenever the site would read differently (a
  // submission, an answer, a deadline passing): part of the export's
  // state digest.
  std::string StateLine(absl::Time now) const;

  // Opens a consultation round on entries the agencies' latest snapshots
  // hold (ConsultationBook::OpenRound).
  absl::StatusOr<disclosure::v1::hub::ConsultationRound> OpenRound(
      disclosure::v1::hub::ConsultationRound draft,
      const std::string& opened_by);
  // Every round, newest first, with its counts at the desk's clock.
  std::vector<RoundView> Rounds() const;
  // When `s`'s answer is due.
  int64_t DueAt(const SubmissionSummary& s) const;

  const std::string& receipt_vkey() const { return vkey_; }
  absl::Duration deadline() const { return deadline_; }
  SubmissionStore& submissions() { return *submissions_; }
  ConsultationBook& rounds() { return *rounds_; }
  const Clock& clock() const { return *clock_; }
  const AddressLimiter& limiter() const { return *limiter_; }
  // The agency whose IT `identity_allows` admits, for the queue service.
  const disclosure::v1::hub::HubConfig& config() const { return config_; }

 private:
  // What the desk knows of one agency's latest snapshot.
  // A signed answer and what matching it to its receipt found, decided
  // when the snapshot holding it is read, so the site reads no submission.
  struct MatchedAnswer {
    disclosure::v1::ParticipationAnswer answer;
    bool matched = false;
    QuestionText question = QuestionText::kNotQuoted;
  };
  struct AgencyEntries {
    uint64_t sequence = 0;
    std::set<std::string> concernable;
    std::map<std::string, MatchedAnswer> answers;  // by submission id
  };
  ParticipationDesk() = default;
  IntakeReply Refuse(int status, std::string zh, std::string en);
  // Checks the form; fills `out` with the normalized text and contact.
  bool CheckForm(const IntakeForm& form, IntakeForm* out, IntakeReply* reply);
  // Whether `agency_id`'s latest accepted snapshot holds `concerns`, an
  // entry a submission or a round may name.
  bool Holds(const std::string& agency_id, const std::string& concerns) const;
  // For a form given in round `form.kind`: checks the round takes it now
  // and sets the submission's round and deadline; false with `reply` set
  // otherwise.
  bool EnterRound(const IntakeForm& form, absl::Time now,
                  disclosure::v1::hub::Submission* s, IntakeReply* reply);
  // Matches `e`'s answers to their submissions and records the answers
  // that newly match (or stop matching).
  void MatchAnswers(const std::string& agency_id, AgencyEntries* e);

  disclosure::v1::hub::HubConfig config_;
  disclosure::v1::hub::ParticipationSettings settings_;
  HubStore* store_ = nullptr;
  const Clock* clock_ = nullptr;
  std::unique_ptr<Ed25519NoteSigner> signer_;
  std::string vkey_;
  absl::Duration deadline_;
  std::unique_ptr<SubmissionStore> submissions_;
  std::unique_ptr<ConsultationBook> rounds_;
  std::unique_ptr<AddressLimiter> limiter_;
  mutable absl::Mutex mu_;
  std::map<std::string, AgencyEntries> agencies_ ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_PARTICIPATION_DESK_H_
