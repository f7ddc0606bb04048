// What an auditor has already trusted of one agency's log, kept in a small
// state folder between runs, and the check of each new checkpoint against
// it (the gossip-free half of a log monitor):
//
//   <state>/<origin with '/' as '_'>.note   the latest trusted checkpoint
//   <state>/evidence/<origin>-<time>-held.note, -offered.note
//
// A new checkpoint must be signed by a trusted key of the log and be
// consistent with the trusted one (an RFC 9162 consistency proof from its
// size). A smaller tree (rollback) or the same size with another root
// (fork) is proof that the log is not append-only: both signed notes are
// written as evidence and the trusted state is kept. A proof that does not
// verify is a failure but not evidence (proofs are unsigned).
#ifndef DISCLOSURE_TOOLS_VERIFY_TRUSTED_HISTORY_H_
#define DISCLOSURE_TOOLS_VERIFY_TRUSTED_HISTORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/sha256.h"

namespace disclosure::verify {

// A consistency proof between two sizes of the log, from wherever the
// caller gets it (the node, an export's history).
using ConsistencySource =
    std::function<absl::StatusOr<std::vector<Hash>>(uint64_t, uint64_t)>;

struct HistoryOutcome {
  enum Kind {
    kFirst,         // nothing trusted yet: recorded (trust on first use)
    kUnchanged,     // the same checkpoint
    kExtended,      // consistent growth: now trusted
    kRollback,      // evidence written
    kFork,          // evidence written
    kInconsistent,  // the proof did not verify, or none was available
  };
  Kind kind = kFirst;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::string detail;
  // Paths of the two notes written, for kRollback and kFork.
  std::vector<std::string> evidence;
  bool ok() const {
    return kind == kFirst || kind == kUnchanged || kind == kExtended;
  }
};

class TrustedHistory {
 public:
  // Opens (creating, mode 0700) the state folder for `origin`.
  static absl::StatusOr<TrustedHistory> Open(const std::string& state_dir,
                                             const std::string& origin);

  // The latest trusted checkpoint, if any.
  const std::optional<Checkpoint>& trusted() const { return trusted_; }

  // Checks `note` (signed by one of `log_keys`) against the trusted state
  // and updates it when the log grew consistently. Unauthenticated or
  // InvalidArgument for a note that is not a valid checkpoint of the log;
  // I/O errors when the state cannot be written.
  absl::StatusOr<HistoryOutcome> Check(
      const std::string& note, const std::vector<const NoteVerifier*>& log_keys,
      const ConsistencySource& proofs);

 private:
  std::string dir_;
  std::string origin_;
  std::string state_file_;
  std::optional<Checkpoint> trusted_;
  std::string trusted_note_;
  absl::Status WriteEvidence(const std::string& offered,
                             HistoryOutcome* outcome) const;
};

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_TRUSTED_HISTORY_H_
