// Reads a client stream's messages on a thread of its own, one message
// ahead of the handler, so that receiving and parsing the next batch of an
// import overlaps with checking and storing the current one (the node has
// more than one core; one import is otherwise one thread).
//
//   ReadAhead<Request> batches(reader, [&] { watchdog.Touch(); });
//   Request batch;
//   while (batches.Next(&batch)) { ... }
//
// At most one message waits besides the one the handler holds, so memory
// stays at two batches. The handler must call Next() until it returns false
// (the client finished, or the call was cancelled) before the ReadAhead is
// destroyed: the destructor joins the reading thread, which only ends with
// the stream. A handler with nothing more to do with the messages reads them
// to the end and drops them; something else must bound how long that takes
// (for an import, its idle watchdog and record limits).
#ifndef DISCLOSURE_NODE_SERVICE_READ_AHEAD_H_
#define DISCLOSURE_NODE_SERVICE_READ_AHEAD_H_

#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "grpcpp/support/sync_stream.h"

namespace disclosure::node {

template <typename Message>
class ReadAhead {
 public:
  // `on_read` runs on the reading thread after each message received.
  ReadAhead(grpc::ServerReaderInterface<Message>* reader,
            std::function<void()> on_read)
      : reader_(reader), on_read_(std::move(on_read)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~ReadAhead() { thread_.join(); }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next message, in order; false once the stream has ended.
  bool Next(Message* out) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &ReadAhead::ReadyOrEnded));
    if (!ready_.has_value()) return false;
    *out = std::move(*ready_);
    ready_.reset();
    return true;
  }

 private:
  bool ReadyOrEnded() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return ready_.has_value() || ended_;
  }
  bool SlotFree() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !ready_.has_value();
  }

  void Run() {
    for (;;) {
      {
        // Read the next one only once the last has been taken.
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(this, &ReadAhead::SlotFree));
      }
      Message m;
      const bool got = reader_->Read(&m);
      if (got) on_read_();
      absl::MutexLock lock(&mu_);
      if (!got) {
        ended_ = true;
        return;
      }
      ready_ = std::move(m);
    }
  }

  grpc::ServerReaderInterface<Message>* const reader_;
  const std::function<void()> on_read_;
  absl::Mutex mu_;
  std::optional<Message> ready_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SERVICE_READ_AHEAD_H_
