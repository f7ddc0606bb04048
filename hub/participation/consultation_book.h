// The consultation rounds (意見徵詢) the coordinating office opened, in the
// hub store's default column family under "participation/c/<8-byte id
// number>" (disclosure.v1.hub.ConsultationRound), all kept in memory: a
// round is a few kilobytes and there are a few dozen a year.
//
// A round is open from when it is opened until the end of its closing day
// (Taipei) or until the office closes it early, whichever comes first.
// Rounds are never deleted or reopened, and their closing date never
// moves: the answer deadline of an opinion given in a round counts from
// that date, so it is fixed when the person gets the receipt.
//
// Limits (each refused with InvalidArgument naming the field):
//   title 200 characters, description 4,000, 1 to 1,000 entries, 20
//   documents with titles of 200 characters, URLs of 2,000 bytes, https
//   only, the platform URL on the platform host; the closing day from
//   today to a year ahead. Open rounds at once: ParticipationSettings.
//   max_open_rounds (RESOURCE_EXHAUSTED).
//
// Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_BOOK_H_
#define DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_BOOK_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

inline constexpr size_t kMaxRoundTitleChars = 200;
inline constexpr size_t kMaxRoundDescriptionChars = 4000;
inline constexpr size_t kMaxRoundEntries = 1000;
inline constexpr size_t kMaxRoundDocuments = 20;
inline constexpr size_t kMaxRoundUrlBytes = 2000;
inline constexpr int kMaxRoundDaysAhead = 366;

// Whether `r` takes opinions at `now`.
bool RoundIsOpen(const disclosure::v1::hub::ConsultationRound& r,
                 absl::Time now);
// When `r` stopped or stops taking opinions (POSIX seconds).
int64_t RoundClosedAt(const disclosure::v1::hub::ConsultationRound& r);
// Whether `r` names `agency_id`'s entry `concerns`.
bool RoundCovers(const disclosure::v1::hub::ConsultationRound& r,
                 const std::string& agency_id, const std::string& concerns);

class ConsultationBook {
 public:
  // Whether a registered agency's latest snapshot holds the entry.
  using EntryHeld = std::function<bool(const std::string& agency_id,
                                       const std::string& concerns)>;
  struct Limits {
    std::string platform_host = "join.gov.tw";
    uint32_t max_open_rounds = 100;
  };

  // Reads every stored round. `store` is borrowed. DataLoss for a stored
  // round that does not parse.
  static absl::StatusOr<std::unique_ptr<ConsultationBook>> Open(HubStore* store,
                                                                Limits limits);

  // Checks `draft` (its id and times empty), gives it an id and its times,
  // and writes it, synced. `held` tells which entries exist.
  absl::StatusOr<disclosure::v1::hub::ConsultationRound> OpenRound(
      disclosure::v1::hub::ConsultationRound draft,
      const std::string& opened_by, absl::Time now, const EntryHeld& held);
  // Closes an open round now. NotFound, or FailedPrecondition when it is
  // closed already.
  absl::StatusOr<disclosure::v1::hub::ConsultationRound> CloseRound(
      const std::string& id, absl::Time now);

  // NotFound for an unknown id.
  absl::StatusOr<disclosure::v1::hub::ConsultationRound> Get(
      const std::string& id) const;
  // Every round, in id order.
  std::vector<disclosure::v1::hub::ConsultationRound> List() const;
  // Rounds open at `now`.
  size_t OpenCount(absl::Time now) const;
  // Changes with every write: part of the export's state digest.
  uint64_t Generation() const;

 private:
  ConsultationBook(HubStore* store, Limits limits)
      : store_(store), limits_(std::move(limits)) {}
  // Problems of `draft` itself (not its entries), or OK.
  absl::Status CheckDraft(const disclosure::v1::hub::ConsultationRound& draft,
                          absl::Time now) const;
  absl::Status Write(const disclosure::v1::hub::ConsultationRound& r)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  size_t OpenCountLocked(absl::Time now) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  HubStore* const store_;
  const Limits limits_;
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, disclosure::v1::hub::ConsultationRound> rounds_
      ABSL_GUARDED_BY(mu_);
};

// The number in "c<n>"; 0 when `id` is not a round id.
uint64_t RoundNumber(const std::string& id);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_BOOK_H_
