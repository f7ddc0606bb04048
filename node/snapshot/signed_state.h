// The node's durable memory of what it signed, kept outside the store.
//
// A node must never sign two different checkpoints of the same log size: a
// hub or auditor holding both has proof that the agency forked its log. A
// RocksDB store can lose acknowledged writes (a damaged write-ahead log, a
// data_dir restored from an old backup or pointed at the wrong folder), and
// a node that trusted such a store would sign a new snapshot at a size it
// already signed. So every signed checkpoint, with the snapshot it was
// signed for, is first written durably to a small file beside the store
// (NodeConfig.signed_checkpoint_file), and only then committed to the
// store. At start-up the store must agree with the file:
//
//   store size == file size    the store's last checkpoint must be the file's
//   store size == file size-1  the node stopped between signing and
//                              committing: the file's snapshot is committed
//                              now, exactly as signed
//   store size <  file size-1  the store lost acknowledged snapshots: refuse
//   store size >  file size    the file is older than the store (restored
//                              from a backup); accepted only when the
//                              store's checkpoint at the file's size is
//                              the file's, and the file is brought forward
//   no file, store not empty   refused unless the operator adopts the store
//   file locked by a process   refused: another node is running on this file
//   file changed under us      refused before signing again: someone else
//                              (a copy of this node) signed into it
//
// Thread-safety: one keeper per node; the publisher calls it under its lock.
#ifndef DISCLOSURE_NODE_SNAPSHOT_SIGNED_STATE_H_
#define DISCLOSURE_NODE_SNAPSHOT_SIGNED_STATE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/node/node_store.pb.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

class SignedStateKeeper {
 public:
  ~SignedStateKeeper();
  SignedStateKeeper(const SignedStateKeeper&) = delete;
  SignedStateKeeper& operator=(const SignedStateKeeper&) = delete;

  // Reads the file at `path` and reconciles `store` with it as described
  // above; `origin` is the log origin every checkpoint must carry.
  // `adopt_store` accepts a non-empty store without a file (the operator
  // vouches that it is the agency's true log) and writes the file.
  // FailedPrecondition with what to do when the store and file disagree,
  // or when another process holds the file's lock ("<path>.lock", held
  // for the keeper's life).
  static absl::StatusOr<std::unique_ptr<SignedStateKeeper>> Open(
      const std::string& path, NodeStore* store, const std::string& origin,
      bool adopt_store);

  // Records durably that `pending.record().checkpoint()` was signed for
  // `pending`, before it is committed to the store. FailedPrecondition if
  // the file no longer holds what this keeper last wrote (another node
  // signed into it): nothing is written then.
  absl::Status RecordSigned(
      const disclosure::v1::node::PendingSnapshot& pending);

  // The snapshot recorded last is in the store: its bytes (all the entries
  // it added) need not stay in memory. The file keeps them.
  void MarkCommitted();

  // When the last signed snapshot is not in the store yet (its commit
  // failed, say on a full disk), commits it now, exactly as signed, and
  // returns true; false when there was nothing to complete. A publication
  // calls this first, so it never signs a second checkpoint of that size.
  absl::StatusOr<bool> CompletePending(NodeStore* store);

  const std::string& path() const { return path_; }
  // The snapshot signed last, until MarkCommitted (empty otherwise).
  const disclosure::v1::node::PendingSnapshot& pending() const {
    return state_.pending();
  }

 private:
  SignedStateKeeper(std::string path, std::string origin)
      : path_(std::move(path)), origin_(std::move(origin)) {}
  absl::Status Write(const disclosure::v1::node::SignedState& state);
  // Takes the lock file beside the file; FailedPrecondition if held.
  absl::Status Lock();
  // OK if the file still holds state_ (or is absent and was never read).
  absl::Status CheckUnchanged() const;
  // Records the store's latest checkpoint (of log size `stored`).
  absl::Status RecordStoreLatest(const NodeStore& store, uint64_t stored);
  absl::Status Reconcile(NodeStore* store, bool adopt_store);

  const std::string path_;
  const std::string origin_;
  disclosure::v1::node::SignedState state_;
  bool have_file_ = false;
  int lock_fd_ = -1;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SNAPSHOT_SIGNED_STATE_H_
