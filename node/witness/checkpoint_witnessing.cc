#include "node/witness/checkpoint_witnessing.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "format/cosignature.h"
#include "format/note.h"

namespace disclosure::node {
namespace {

std::string Describe(absl::Duration d) {
  const int64_t s = absl::ToInt64Seconds(absl::AbsDuration(d));
  if (s >= 2 * 86400) return absl::StrCat(s / 86400, " days");
  if (s >= 2 * 3600) return absl::StrCat(s / 3600, " hours");
  if (s >= 120) return absl::StrCat(s / 60, " minutes");
  return absl::StrCat(s, " seconds");
}

}  // namespace

CheckpointWitnessing::CheckpointWitnessing(
    WitnessPolicy policy,
    std::map<std::string, std::unique_ptr<WitnessClient>> clients,
    const Clock* clock, absl::Duration max_clock_skew)
    : policy_(std::move(policy)),
      clients_(std::move(clients)),
      clock_(clock),
      max_clock_skew_(max_clock_skew) {}

CheckpointWitnessing::Result CheckpointWitnessing::Offer(
    const std::string& note, uint64_t size, const Prover& prove) {
  Result result;
  std::string all_lines;
  for (size_t i = 0; i < policy_.witnesses().size(); ++i) {
    std::vector<std::string> lines;
    OfferTo(i, note, size, prove, &result, &lines);
    std::string line = VerifiedLine(i, note, lines, &result);
    if (line.empty()) continue;
    all_lines += line;
    result.cosigned_by.insert(policy_.witnesses()[i].name);
  }
  result.note = note + all_lines;
  result.quorum = policy_.Satisfied(result.cosigned_by);
  return result;
}

void CheckpointWitnessing::OfferTo(size_t witness, const std::string& note,
                                   uint64_t size, const Prover& prove,
                                   Result* result,
                                   std::vector<std::string>* lines) {
  const std::string& name = policy_.witnesses()[witness].name;
  auto client = clients_.find(name);
  if (client == clients_.end()) {
    result->problems.push_back(absl::StrCat(name, ": no URL to reach it"));
    return;
  }
  uint64_t old_size = 0;
  {
    absl::MutexLock lock(&mu_);
    old_size = std::min(known_sizes_[name], size);
  }
  // At most two tries: the second with the size a 409 reported.
  for (int attempt = 0; attempt < 2; ++attempt) {
    AddCheckpointRequest request{old_size, {}, note};
    if (old_size > 0 && old_size < size) {
      absl::StatusOr<std::vector<Hash>> proof = prove(old_size, size);
      if (!proof.ok()) {
        result->problems.push_back(absl::StrCat(name, ": no proof from size ",
                                                old_size, ": ",
                                                proof.status().message()));
        return;
      }
      request.proof = *std::move(proof);
    }
    WitnessAnswer a = client->second->AddCheckpoint(request);
    switch (a.kind) {
      case WitnessAnswer::Kind::kCosigned: {
        absl::MutexLock lock(&mu_);
        known_sizes_[name] = size;
        *lines = std::move(a.lines);
        return;
      }
      case WitnessAnswer::Kind::kConflict: {
        absl::MutexLock lock(&mu_);
        known_sizes_[name] = a.size;
      }
        if (a.size > size) {
          if (a.size > result->larger_size) {
            result->larger_size = a.size;
            result->larger_witness = name;
          }
          return;
        }
        if (a.size == old_size) {
          // Only a same-size checkpoint with another root gets this.
          result->forks.push_back(
              absl::StrCat(name, " holds another checkpoint of size ", a.size));
          return;
        }
        old_size = a.size;
        continue;
      case WitnessAnswer::Kind::kRefused:
        if (a.status == 422) {
          result->forks.push_back(
              absl::StrCat(name, " holds a checkpoint of size ", old_size,
                           " that is not part of this log (", a.detail, ")"));
        } else {
          result->problems.push_back(absl::StrCat(name, ": refused (HTTP ",
                                                  a.status, "): ", a.detail));
        }
        return;
      case WitnessAnswer::Kind::kUnreachable:
        result->problems.push_back(
            absl::StrCat(name, ": unreachable (", a.detail, ")"));
        return;
    }
  }
  result->problems.push_back(
      absl::StrCat(name, ": its size kept changing; try again"));
}

std::string CheckpointWitnessing::VerifiedLine(
    size_t witness, const std::string& note,
    const std::vector<std::string>& lines, Result* result) const {
  const WitnessPolicy::Witness& w = policy_.witnesses()[witness];
  const NoteVerifier& v = *policy_.verifiers()[witness];
  for (const std::string& line : lines) {
    // Lines by other keys are ignored, as the spec says.
    absl::StatusOr<ParsedNote> one = ParseNote(note + line);
    if (!one.ok()) continue;
    const NoteSignature& sig = one->signatures.back();
    if (sig.key_name != v.key_name() || sig.key_id != v.key_id()) continue;
    if (!v.Verify(one->text, sig.signature).ok()) {
      result->problems.push_back(
          absl::StrCat(w.name, ": its cosignature does not verify"));
      return "";
    }
    absl::StatusOr<uint64_t> ts = CosignatureTimestamp(sig.signature);
    const absl::Duration off =
        clock_->Now() - absl::FromUnixSeconds(static_cast<int64_t>(*ts));
    if (absl::AbsDuration(off) > max_clock_skew_) {
      result->clock_off.push_back(
          absl::StrCat(w.name, " (this clock is ", Describe(off),
                       off > absl::ZeroDuration() ? " ahead)" : " behind)"));
      return "";
    }
    return line;
  }
  result->problems.push_back(
      absl::StrCat(w.name, ": no cosignature by its key in the reply"));
  return "";
}

}  // namespace disclosure::node
