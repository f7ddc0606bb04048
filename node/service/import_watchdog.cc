#include "node/service/import_watchdog.h"

#include <algorithm>

#include "core/logging.h"

namespace disclosure::node {

ImportWatchdog::ImportWatchdog(grpc::ServerContext* ctx, absl::Duration idle,
                               absl::Duration total)
    : ctx_(ctx), idle_(idle), end_(absl::Now() + total), last_(absl::Now()) {
  thread_ = std::thread([this] { Run(); });
}

ImportWatchdog::~ImportWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
  }
  thread_.join();
}

void ImportWatchdog::Touch() {
  absl::MutexLock lock(&mu_);
  last_ = absl::Now();
}

ImportWatchdog::Fired ImportWatchdog::fired() {
  absl::MutexLock lock(&mu_);
  return fired_;
}

void ImportWatchdog::Run() {
  absl::MutexLock lock(&mu_);
  while (!done_) {
    const absl::Time due = std::min(last_ + idle_, end_);
    if (absl::Now() >= due) {
      fired_ = due == end_ ? Fired::kTotal : Fired::kIdle;
      // The client sees only "cancelled"; the log says why.
      LogWarning("node", fired_ == Fired::kTotal
                             ? "import cancelled: still running at its total "
                               "limit (limits.import_max_seconds); nothing "
                               "written"
                             : "import cancelled: no batch within "
                               "limits.import_idle_seconds; nothing written");
      ctx_->TryCancel();
      return;
    }
    mu_.AwaitWithDeadline(absl::Condition(&done_), due);
  }
}

}  // namespace disclosure::node
