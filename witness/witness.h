// A transparency-log witness (c2sp.org/tlog-witness): remembers the latest
// checkpoint of every log it follows and cosigns (c2sp.org/tlog-cosignature)
// only a checkpoint that is consistent with it. Two parties run one: an
// independent body with `disclosure-witness`, and the hub for every agency
// it registers. The checks, in the order the spec gives them:
//
//   body malformed                              400
//   origin of no log followed                   404
//   no valid signature by the log's keys        403
//   old size > checkpoint size                  400
//   old size != latest size held                409, body "<latest>\n"
//   same size, different root                   409 (evidence kept)
//   proof does not verify (or not empty at 0)   422 (evidence kept)
//   otherwise: latest := checkpoint, durably;   200, one cosignature line
//
// Checking and updating one origin is atomic (a lock per origin), so two
// racing submissions can never roll the latest size back.
//
//   auto w = Witness::Create(cosigner, store, {{"agency vkey", ...}});
//   Witness::Reply r = w->AddCheckpoint(body);  // status, type, body
//
// Thread-safe.
#ifndef DISCLOSURE_WITNESS_WITNESS_H_
#define DISCLOSURE_WITNESS_WITNESS_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/witness_protocol.h"
#include "witness/witness_store.h"

namespace disclosure::witness {

class Witness {
 public:
  // An HTTP answer: status code, content type and body.
  struct Reply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
  };
  // Proves that the log of size `old_size` is a prefix of the log of size
  // `new_size` (RFC 6962 consistency proof).
  using Prover = std::function<absl::StatusOr<std::vector<Hash>>(
      uint64_t old_size, uint64_t new_size)>;

  // `cosigner` signs cosignatures (CosignatureSigner); `store` is borrowed
  // and must outlive the witness. `log_vkeys` are the verifier keys of the
  // logs followed: a log is named by its key's name, which is its origin
  // (several keys of one name: the log's key was rotated; each counts).
  // InvalidArgument for a malformed vkey.
  static absl::StatusOr<std::unique_ptr<Witness>> Create(
      std::shared_ptr<const NoteSigner> cosigner, WitnessStore* store,
      const std::vector<std::string>& log_vkeys);

  // Replaces the logs followed (the hub's registry was reloaded). What was
  // remembered of every log stays. InvalidArgument for a malformed vkey.
  absl::Status SetLogs(const std::vector<std::string>& log_vkeys);
  // Adds keys to the logs followed (a key an agency rotated to, once its
  // rotation statement was verified), keeping the others.
  absl::Status AddLogKeys(const std::vector<std::string>& log_vkeys);

  // Answers one add-checkpoint request body.
  Reply AddCheckpoint(absl::string_view body);

  // For a party that holds the whole log (the hub's harvester): cosigns
  // `note` through the same checks, with old size = the latest size held
  // and the proof from `prove`. Returns `note` with this witness's
  // cosignature appended. FailedPrecondition with the witness's reason
  // when the checks refuse it (e.g. the witness holds a larger checkpoint,
  // or another checkpoint of the same size).
  absl::StatusOr<std::string> Cosign(absl::string_view note,
                                     const Prover& prove);

  // The latest checkpoint held for `origin`; nullopt if none.
  absl::StatusOr<std::optional<Checkpoint>> Latest(
      absl::string_view origin) const;

  const NoteSigner& cosigner() const { return *cosigner_; }

  // Called (on the request's thread) after an add-checkpoint request made
  // the witness's latest checkpoint of `origin` larger. Set before serving.
  void SetOnGrowth(
      std::function<void(const std::string& origin, uint64_t size)> f) {
    on_growth_ = std::move(f);
  }

 private:
  struct Log {
    std::vector<std::string> vkeys;
    std::vector<std::unique_ptr<NoteVerifier>> verifiers;
  };
  using Logs = std::map<std::string, std::shared_ptr<const Log>, std::less<>>;

  Witness(std::shared_ptr<const NoteSigner> cosigner, WitnessStore* store)
      : cosigner_(std::move(cosigner)), store_(store) {}
  static absl::StatusOr<Logs> BuildLogs(const std::vector<std::string>& vkeys);
  // The lock that serializes check-and-update of one origin.
  absl::Mutex& OriginMutex(const std::string& origin);
  // Every check after parsing the body. With `prove`, the old size is the
  // latest held and the proof comes from `prove` (Cosign). On success the
  // latest is updated and the reply holds the cosignature line.
  Reply Check(AddCheckpointRequest request, const Prover* prove);
  // The checks that compare with the latest held, under the origin's lock.
  Reply CheckAgainstLatest(const AddCheckpointRequest& request,
                           const Checkpoint& cp, const std::string& text,
                           const Prover* prove);

  const std::shared_ptr<const NoteSigner> cosigner_;
  WitnessStore* const store_;
  std::function<void(const std::string&, uint64_t)> on_growth_;
  mutable absl::Mutex mu_;
  Logs logs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<absl::Mutex>> origin_mu_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::witness

#endif  // DISCLOSURE_WITNESS_WITNESS_H_
