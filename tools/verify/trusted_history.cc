#include "tools/verify/trusted_history.h"

#include <sys/stat.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/merkle_verify.h"
#include "format/status_macros.h"

namespace disclosure::verify {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<Checkpoint> OpenCheckpoint(
    const std::string& note, const std::vector<const NoteVerifier*>& keys,
    const std::string& origin) {
  DN_ASSIGN_OR_RETURN(OpenedNote opened, OpenNote(note, keys));
  DN_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(opened.text));
  if (cp.origin != origin) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("the checkpoint is of log $0, not $1"), cp.origin, origin));
  }
  return cp;
}

}  // namespace

absl::StatusOr<TrustedHistory> TrustedHistory::Open(
    const std::string& state_dir, const std::string& origin) {
  std::error_code ec;
  fs::create_directories(fs::path(state_dir) / "evidence", ec);
  if (ec) {
    return absl::UnavailableError(
        absl::Substitute(_("creating $0: $1"), state_dir, ec.message()));
  }
  chmod(state_dir.c_str(), 0700);
  TrustedHistory h;
  h.dir_ = state_dir;
  h.origin_ = origin;
  h.state_file_ = absl::StrCat(
      state_dir, "/", absl::StrReplaceAll(origin, {{"/", "_"}}), ".note");
  if (!fs::exists(h.state_file_)) return h;
  DN_ASSIGN_OR_RETURN(std::string note, ReadFile(h.state_file_, 64 << 10));
  // The state was verified when written; parse it without keys (the key
  // may have rotated since).
  absl::StatusOr<ParsedNote> parsed = ParseNote(note);
  absl::StatusOr<Checkpoint> cp =
      parsed.ok() ? ParseCheckpoint(parsed->text) : parsed.status();
  if (!cp.ok()) {
    return absl::DataLossError(
        absl::Substitute(_("$0 is damaged ($1); restore it from a backup "
                           "rather than trusting anew"),
                         h.state_file_, cp.status().message()));
  }
  h.trusted_ = *cp;
  h.trusted_note_ = note;
  return h;
}

absl::Status TrustedHistory::WriteEvidence(const std::string& offered,
                                           HistoryOutcome* outcome) const {
  const std::string base = absl::StrCat(
      dir_, "/evidence/", absl::StrReplaceAll(origin_, {{"/", "_"}}), "-",
      absl::ToUnixSeconds(absl::Now()));
  for (const auto& [suffix, text] : {std::pair<const char*, const std::string*>{
                                         "-held.note", &trusted_note_},
                                     {"-offered.note", &offered}}) {
    const std::string path = base + suffix;
    if (absl::Status s = ReplaceFileDurably(path, *text, 0600); !s.ok())
      return s;
    outcome->evidence.push_back(path);
  }
  return absl::OkStatus();
}

absl::StatusOr<HistoryOutcome> TrustedHistory::Check(
    const std::string& note, const std::vector<const NoteVerifier*>& log_keys,
    const ConsistencySource& proofs) {
  DN_ASSIGN_OR_RETURN(Checkpoint cp, OpenCheckpoint(note, log_keys, origin_));
  HistoryOutcome out;
  out.new_size = cp.size;
  const auto trust = [&]() -> absl::Status {
    if (absl::Status s = ReplaceFileDurably(state_file_, note, 0600); !s.ok())
      return s;
    trusted_ = cp;
    trusted_note_ = note;
    return absl::OkStatus();
  };
  if (!trusted_.has_value()) {
    out.kind = HistoryOutcome::kFirst;
    out.detail = absl::Substitute(
        _("first checkpoint of $0 (size $1) recorded as trusted"), origin_,
        cp.size);
    DN_RETURN_IF_ERROR(trust());
    return out;
  }
  out.old_size = trusted_->size;
  if (cp.size < trusted_->size) {
    out.kind = HistoryOutcome::kRollback;
    out.detail = absl::Substitute(_("rollback: size $0 is smaller than the "
                                    "trusted size $1; both signed notes kept"),
                                  cp.size, trusted_->size);
    DN_RETURN_IF_ERROR(WriteEvidence(note, &out));
    return out;
  }
  if (cp.size == trusted_->size) {
    if (cp.root == trusted_->root) {
      out.kind = HistoryOutcome::kUnchanged;
      out.detail = absl::Substitute(_("unchanged at size $0"), cp.size);
      return out;
    }
    out.kind = HistoryOutcome::kFork;
    out.detail = absl::Substitute(_("fork: two different trees of size $0 are "
                                    "signed; both signed notes kept"),
                                  cp.size);
    DN_RETURN_IF_ERROR(WriteEvidence(note, &out));
    return out;
  }
  absl::StatusOr<std::vector<Hash>> proof = proofs(trusted_->size, cp.size);
  absl::Status s = proof.ok()
                       ? VerifyConsistency(trusted_->size, cp.size,
                                           trusted_->root, cp.root, *proof)
                       : proof.status();
  if (!s.ok()) {
    out.kind = HistoryOutcome::kInconsistent;
    out.detail =
        absl::Substitute(_("size $0 is not proven consistent with the trusted "
                           "size $1: $2 (the trusted state is kept)"),
                         cp.size, trusted_->size, s.message());
    return out;
  }
  out.kind = HistoryOutcome::kExtended;
  out.detail = absl::Substitute(_("grew consistently from size $0 to $1"),
                                trusted_->size, cp.size);
  DN_RETURN_IF_ERROR(trust());
  return out;
}

}  // namespace disclosure::verify
