// Cancels an import stream that idles or runs too long. The sync gRPC API
// has no per-read deadline, so a thread watches the time of the last batch
// (Touch) and the stream's age; when either limit passes it logs why and
// cancels the call (the client sees CANCELLED, nothing is written).
// Destruction stops the thread.
#ifndef DISCLOSURE_NODE_SERVICE_IMPORT_WATCHDOG_H_
#define DISCLOSURE_NODE_SERVICE_IMPORT_WATCHDOG_H_

#include <grpcpp/server_context.h>

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace disclosure::node {

class ImportWatchdog {
 public:
  // Cancels `ctx` when no batch came for `idle`, or `total` after now,
  // whichever comes first.
  ImportWatchdog(grpc::ServerContext* ctx, absl::Duration idle,
                 absl::Duration total);
  ~ImportWatchdog();
  ImportWatchdog(const ImportWatchdog&) = delete;
  ImportWatchdog& operator=(const ImportWatchdog&) = delete;

  // A batch arrived.
  void Touch();
  enum class Fired { kNo, kIdle, kTotal };
  Fired fired();

 private:
  void Run();
  grpc::ServerContext* ctx_;
  const absl::Duration idle_;
  const absl::Time end_;
  absl::Mutex mu_;
  absl::Time last_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  Fired fired_ ABSL_GUARDED_BY(mu_) = Fired::kNo;
  std::thread thread_;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SERVICE_IMPORT_WATCHDOG_H_
