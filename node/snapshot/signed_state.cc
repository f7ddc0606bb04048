#include "node/snapshot/signed_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/file_util.h"
#include "core/logging.h"
#include "format/status_macros.h"

namespace disclosure::node {
namespace {

namespace v1n = disclosure::v1::node;

// A signed state file holds one snapshot's new entries; far above any
// snapshot the node's own limits allow.
constexpr size_t kMaxStateFileBytes = size_t{1} << 30;

std::string RestoreAdvice(const std::string& path) {
  return absl::StrCat(
      "Signing now would fork the agency's log. Restore data_dir from a "
      "backup that holds every snapshot up to the one recorded in ",
      path,
      "; if no such backup exists, stop and tell the federation's "
      "coordinating office (docs/operations.md, \"Lost snapshots\").");
}

// The root line of a checkpoint note, for messages.
std::string CheckpointRoot(const std::string& note) {
  std::vector<std::string> lines = absl::StrSplit(note, '\n');
  return lines.size() > 2 ? lines[2] : "(unreadable)";
}

bool HasOrigin(const std::string& note, const std::string& origin) {
  return note.rfind(origin + "\n", 0) == 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SignedStateKeeper>> SignedStateKeeper::Open(
    const std::string& path, NodeStore* store, const std::string& origin,
    bool adopt_store) {
  std::unique_ptr<SignedStateKeeper> keeper(
      new SignedStateKeeper(path, origin));
  DN_RETURN_IF_ERROR(keeper->Lock());
  absl::StatusOr<std::string> bytes = ReadFile(path, kMaxStateFileBytes);
  if (bytes.ok()) {
    if (!keeper->state_.ParseFromString(*bytes) ||
        keeper->state_.log_size() == 0 ||
        !HasOrigin(keeper->state_.checkpoint(), origin)) {
      return absl::DataLossError(absl::StrCat(
          "the signed-checkpoint file ", path,
          " is damaged or belongs to another log (expected origin ", origin,
          "); restore it from a backup"));
    }
    keeper->have_file_ = true;
  } else if (!absl::IsNotFound(bytes.status())) {
    return bytes.status();
  }
  DN_RETURN_IF_ERROR(keeper->Reconcile(store, adopt_store));
  keeper->MarkCommitted();  // reconciled: the store holds what was signed
  return keeper;
}

SignedStateKeeper::~SignedStateKeeper() {
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the lock
}

absl::Status SignedStateKeeper::Lock() {
  const std::string lock_path = path_ + ".lock";
  lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) return ErrnoStatus(errno, "opening", lock_path);
  if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    close(lock_fd_);
    lock_fd_ = -1;
    if (err != EWOULDBLOCK) return ErrnoStatus(err, "locking", lock_path);
    return absl::FailedPreconditionError(absl::StrCat(
        "the signed-checkpoint file ", path_,
        " is in use by another running node (it holds ", lock_path,
        "). Two nodes must never sign one agency's log: stop the other one, "
        "or give this one its own store and file"));
  }
  return absl::OkStatus();
}

absl::Status SignedStateKeeper::CheckUnchanged() const {
  absl::StatusOr<std::string> bytes = ReadFile(path_, kMaxStateFileBytes);
  if (!have_file_ && absl::IsNotFound(bytes.status())) return absl::OkStatus();
  v1n::SignedState now;
  if (bytes.ok() && now.ParseFromString(*bytes) &&
      now.log_size() == state_.log_size() &&
      now.checkpoint() == state_.checkpoint()) {
    return absl::OkStatus();
  }
  const std::string holds =
      bytes.ok()
          ? absl::StrCat("now records a checkpoint of log size ",
                         now.log_size(), " with root ",
                         CheckpointRoot(now.checkpoint()), ". ")
          : absl::StrCat("cannot be read (", bytes.status().message(), ")");
  return absl::FailedPreconditionError(absl::StrCat(
      "the signed-checkpoint file ", path_,
      " was changed by someone else since this node last wrote it (this node "
      "recorded log size ",
      state_.log_size(), "); it ", holds,
      "Another node (a copy of this one?) is signing this agency's log. This "
      "node signs nothing more: stop the other node, then find out which "
      "store is the agency's log before starting one again"));
}

absl::Status SignedStateKeeper::Reconcile(NodeStore* store, bool adopt_store) {
  DN_ASSIGN_OR_RETURN(const uint64_t stored, store->SnapshotCount());
  if (!have_file_) {
    if (stored == 0) return absl::OkStatus();
    if (!adopt_store) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the store holds ", stored,
          " snapshots but the signed-checkpoint file ", path_,
          " is missing. Restore the file if it was moved. If this store is "
          "known to hold every snapshot the agency ever published, start "
          "once with --adopt-store to record its latest checkpoint."));
    }
    LogLine("node",
            absl::StrCat("adopting the store's log of ", stored,
                         " snapshots; recording its checkpoint in ", path_));
    return RecordStoreLatest(*store, stored);
  }
  const uint64_t signed_size = state_.log_size();
  if (stored + 1 == signed_size && state_.has_pending() &&
      state_.pending().sequence() == stored) {
    DN_ASSIGN_OR_RETURN(bool completed, CompletePending(store));
    if (completed) {
      LogLine("node", absl::StrCat("snapshot ", stored,
                                   " was signed but not committed before the "
                                   "node stopped; committed it as signed"));
    }
    return absl::OkStatus();
  }
  if (stored < signed_size) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the store in data_dir holds ", stored,
        " snapshots, but this node already signed a checkpoint of log size ",
        signed_size,
        ": the store has lost acknowledged writes, or data_dir points at the "
        "wrong folder. ",
        RestoreAdvice(path_)));
  }
  DN_ASSIGN_OR_RETURN(v1n::SnapshotRecord at,
                      store->GetSnapshot(signed_size - 1));
  if (at.checkpoint() != state_.checkpoint()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the store's checkpoint of log size ", signed_size,
        " differs from the one this node signed (recorded in ", path_,
        "): the store is not this node's log. ", RestoreAdvice(path_)));
  }
  if (stored > signed_size) {
    // The file is older than the store (restored from a backup): the store
    // extends what the file vouches for, so bring the file forward.
    LogLine("node",
            absl::StrCat("the signed-checkpoint file recorded log size ",
                         signed_size, "; the store extends it to ", stored,
                         "; file brought forward"));
    return RecordStoreLatest(*store, stored);
  }
  return absl::OkStatus();
}

absl::Status SignedStateKeeper::RecordStoreLatest(const NodeStore& store,
                                                  uint64_t stored) {
  DN_ASSIGN_OR_RETURN(v1n::SnapshotRecord last, store.GetSnapshot(stored - 1));
  v1n::SignedState latest;
  latest.set_log_size(stored);
  latest.set_checkpoint(last.checkpoint());
  return Write(latest);
}

absl::Status SignedStateKeeper::RecordSigned(
    const v1n::PendingSnapshot& pending) {
  v1n::SignedState next;
  next.set_log_size(pending.sequence() + 1);
  next.set_checkpoint(pending.record().checkpoint());
  *next.mutable_pending() = pending;
  return Write(next);
}

void SignedStateKeeper::MarkCommitted() { state_.clear_pending(); }

absl::StatusOr<bool> SignedStateKeeper::CompletePending(NodeStore* store) {
  // Only a pending snapshot whose commit has not been seen to succeed.
  if (!have_file_ || !state_.has_pending()) return false;
  DN_ASSIGN_OR_RETURN(const uint64_t stored, store->SnapshotCount());
  const v1n::PendingSnapshot& p = state_.pending();
  if (stored != p.sequence()) return false;  // already committed
  std::vector<std::pair<Hash, std::string>> entries;
  for (const auto& e : p.entries()) {
    absl::StatusOr<Hash> h = HashFromBytes(e.leaf_hash());
    if (!h.ok()) {
      return absl::DataLossError(absl::StrCat(
          "the signed-checkpoint file ", path_, " holds a malformed entry"));
    }
    entries.emplace_back(*h, e.bytes());
  }
  DN_RETURN_IF_ERROR(
      store->CommitSnapshot(p.sequence(), p.manifest(), p.record(), entries));
  return true;  // the caller reads pending(), then MarkCommitted()
}

absl::Status SignedStateKeeper::Write(const v1n::SignedState& state) {
  DN_RETURN_IF_ERROR(CheckUnchanged());
  absl::Status written =
      ReplaceFileDurably(path_, state.SerializeAsString(), 0600);
  if (!written.ok()) {
    return absl::Status(
        written.code(),
        absl::StrCat("recording the signed checkpoint: ", written.message()));
  }
  state_ = state;
  have_file_ = true;
  return absl::OkStatus();
}

}  // namespace disclosure::node
