// Gets a node's checkpoints cosigned by its witnesses, as its witness policy
// (format/witness_policy.h) says, and reads what their answers reveal:
//
//   answer                                what it means for this node
//   200, cosignature verifies             the witness holds this checkpoint
//   409 with size M < ours                the witness is behind: asked again
//                                         with a proof from M
//   409 with size M > ours                the log is larger than this store:
//                                         published snapshots were lost here
//   409 with size M == ours (roots differ) another checkpoint of this size
//   422                                   the witness's checkpoint is not in
//                                         this log: a fork
//   other / no answer                     a problem to report; no cosignature
//
// Each cosignature's timestamp is the witness's clock: compared with the
// node's, it tells a node whose clock is wrong.
//
// Thread-safety: Offer may be called from several threads; the sizes it
// remembers per witness are guarded.
#ifndef DISCLOSURE_NODE_WITNESS_CHECKPOINT_WITNESSING_H_
#define DISCLOSURE_NODE_WITNESS_CHECKPOINT_WITNESSING_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "format/witness_policy.h"
#include "node/witness/witness_client.h"

namespace disclosure::node {

class CheckpointWitnessing {
 public:
  // Proves that the log of size `old_size` is a prefix of the current log
  // of size `new_size`.
  using Prover = std::function<absl::StatusOr<std::vector<Hash>>(
      uint64_t old_size, uint64_t new_size)>;

  // What the witnesses said about one checkpoint.
  struct Result {
    // The checkpoint with every cosignature that verified appended.
    std::string note;
    std::set<std::string> cosigned_by;  // policy names
    bool quorum = false;
    // The largest size a witness said it holds of this log (0 if none said
    // more than this checkpoint), and who said it.
    uint64_t larger_size = 0;
    std::string larger_witness;
    // Witnesses holding a different checkpoint than this log's, with what
    // they hold.
    std::vector<std::string> forks;
    // Witnesses whose cosignature time is off this node's clock by more
    // than the bound, with the difference.
    std::vector<std::string> clock_off;
    // Witnesses that gave no cosignature for another reason, with it.
    std::vector<std::string> problems;
  };

  // `clients` maps each witness of `policy` (by name) to its client; a
  // witness without a client counts as unreachable. `clock` is borrowed.
  CheckpointWitnessing(
      WitnessPolicy policy,
      std::map<std::string, std::unique_ptr<WitnessClient>> clients,
      const Clock* clock, absl::Duration max_clock_skew);

  const WitnessPolicy& policy() const { return policy_; }

  // Offers `note`, the log's signed checkpoint of size `size` carrying no
  // cosignature, to every witness of the policy.
  Result Offer(const std::string& note, uint64_t size, const Prover& prove);

 private:
  // One witness: its cosignature lines that verified, or what went wrong
  // (recorded in `result`).
  void OfferTo(size_t witness, const std::string& note, uint64_t size,
               const Prover& prove, Result* result,
               std::vector<std::string>* lines);
  // Checks the lines a witness sent; returns the verified one or "".
  std::string VerifiedLine(size_t witness, const std::string& note,
                           const std::vector<std::string>& lines,
                           Result* result) const;

  const WitnessPolicy policy_;
  std::map<std::string, std::unique_ptr<WitnessClient>> clients_;
  const Clock* const clock_;
  const absl::Duration max_clock_skew_;
  absl::Mutex mu_;
  // The size each witness was last known to hold, the old size to send.
  std::map<std::string, uint64_t> known_sizes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_WITNESS_CHECKPOINT_WITNESSING_H_
