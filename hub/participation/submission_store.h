// The submissions the intake took, in the hub store's default column
// family under "participation/s/<8-byte id number>" (SubmissionRecord =
// disclosure.v1.hub.Submission), with a summary of each kept in memory for
// counts and listings (a few dozen bytes each: a million submissions cost
// tens of megabytes).
//
// Ids are "q<n>", n counting from 1 and never reused: an id reserved for a
// submission whose write then failed is skipped. Every write is synced, so
// a receipt is handed out only for a submission that survives a crash.
//
// Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_SUBMISSION_STORE_H_
#define DISCLOSURE_HUB_PARTICIPATION_SUBMISSION_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// What counts and listings need of a submission.
struct SubmissionSummary {
  std::string id;
  std::string agency_id;
  std::string concerns;
  disclosure::v1::ParticipationKind kind =
      disclosure::v1::PARTICIPATION_KIND_UNSPECIFIED;
  int64_t received_at = 0;
  int64_t answer_seen_at = 0;
  bool publish_allowed = false;
  uint32_t masked_count = 0;
  std::string answer_mismatch;
  // The consultation round ("" for none).
  std::string consultation_id;
  // When the answer's deadline starts counting (Submission.answer_due_from,
  // or received_at for records without it).
  int64_t due_from = 0;
};

SubmissionSummary Summarize(const disclosure::v1::hub::Submission& s);

class SubmissionStore {
 public:
  // Reads every stored submission's summary. `store` is borrowed.
  static absl::StatusOr<std::unique_ptr<SubmissionStore>> Open(HubStore* store);

  // A new id for a submission about to be written.
  std::string ReserveId();
  // Writes `s` (new or changed), synced.
  absl::Status Put(const disclosure::v1::hub::Submission& s);
  // NotFound for an id never written.
  absl::StatusOr<disclosure::v1::hub::Submission> Get(
      const std::string& id) const;

  // Summaries of `agency_id`'s submissions ("" for all), in id order,
  // after `after_id` ("" from the first), at most `limit`.
  std::vector<SubmissionSummary> List(const std::string& agency_id,
                                      const std::string& after_id, size_t limit,
                                      bool open_only) const;
  // Submissions not answered yet, over all agencies.
  size_t OpenCount() const;
  // Of those, how many have their deadline counting from before
  // `unix_seconds`.
  size_t OpenDueFromBefore(int64_t unix_seconds) const;
  // Changes with every Put: part of the export's state digest.
  uint64_t Generation() const;

 private:
  explicit SubmissionStore(HubStore* store) : store_(store) {}
  HubStore* store_;
  mutable absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  size_t open_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, SubmissionSummary> summaries_ ABSL_GUARDED_BY(mu_);
};

// The number in "q<n>"; 0 when `id` is not a submission id.
uint64_t SubmissionNumber(const std::string& id);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_SUBMISSION_STORE_H_
