#include "hub/index/search_indexer.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <utility>

namespace disclosure::hub {
namespace {

// A batch is committed after this many databases even if more are queued:
// it bounds the memory of uncommitted changes, lets searches see a large
// rebuild progress, and stays under Xapian's automatic flush (10,000
// documents), which would write to disk outside TextIndex::Commit.
constexpr size_t kMaxBatchDatabases = 2000;

// The indexing thread's nice value. Indexing is catch-up work: under load
// the scheduler gives harvests (signature checks, storing) and searches
// the CPU first, so a full harvest is not slowed by indexing what it has
// just accepted. On Linux, nice applies to the one thread.
constexpr int kIndexerNice = 10;

// Parses a queued database and hands it to `f`.
template <typename F>
absl::Status WithParsed(const std::string& bytes, F f) {
  disclosure::v1::DatabaseEntry e;
  if (!e.ParseFromString(bytes)) {
    return absl::InternalError("a queued database does not parse");
  }
  return f(e);
}

}  // namespace

SearchIndexer::SearchIndexer(std::unique_ptr<TextIndex> index,
                             absl::Duration max_deferral)
    : index_(std::move(index)), max_deferral_(max_deferral) {
  thread_ = std::thread([this] { Run(); });
}

SearchIndexer::~SearchIndexer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void SearchIndexer::Enqueue(Change change) {
  absl::MutexLock lock(&mu_);
  pending_databases_ += change.upserts.size();
  queue_.push_back(std::move(change));
  queued_at_.push_back(absl::Now());
  ++enqueued_;
}

void SearchIndexer::BeginForeground() {
  absl::MutexLock lock(&mu_);
  ++foreground_;
}

void SearchIndexer::EndForeground() {
  absl::MutexLock lock(&mu_);
  --foreground_;
}

bool SearchIndexer::WaitUntilCurrent(absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const uint64_t target = enqueued_;
  auto done = [this, target]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return applied_ >= target || foreground_ > 0;
  };
  mu_.AwaitWithTimeout(absl::Condition(&done), timeout);
  return applied_ >= target;
}

absl::Status SearchIndexer::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

SearchIndexer::Backlog SearchIndexer::backlog() const {
  absl::MutexLock lock(&mu_);
  Backlog b;
  b.changes = enqueued_ - applied_;
  b.databases = pending_databases_;
  b.last_commit = last_commit_;
  return b;
}

void SearchIndexer::Run() {
  // Advisory: if it fails, indexing only competes on equal terms.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)),
                    kIndexerNice);
  for (;;) {
    std::vector<Change> batch = TakeBatch();
    if (batch.empty()) return;
    absl::Status failed;
    for (const Change& c : batch) {
      if (absl::Status s = Apply(c); !s.ok() && failed.ok()) failed = s;
      absl::MutexLock lock(&mu_);
      if (stopping_) return;  // uncommitted: redone at the next start
    }
    if (absl::Status s = index_->Commit(); !s.ok() && failed.ok()) failed = s;
    absl::MutexLock lock(&mu_);
    applied_ += batch.size();
    for (const Change& c : batch) pending_databases_ -= c.upserts.size();
    last_commit_ = absl::Now();
    if (!failed.ok() && status_.ok()) status_ = failed;
  }
}

std::vector<SearchIndexer::Change> SearchIndexer::TakeBatch() {
  absl::MutexLock lock(&mu_);
  auto queued = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  };
  auto no_foreground = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || foreground_ == 0;
  };
  mu_.Await(absl::Condition(&queued));
  if (stopping_) return {};
  if (foreground_ > 0) {
    // Hold off while harvests run, until the oldest change has waited
    // max_deferral_: a hub that harvests without pause still indexes.
    mu_.AwaitWithDeadline(absl::Condition(&no_foreground),
                          queued_at_.front() + max_deferral_);
    if (stopping_) return {};
  }
  // Take what is queued, up to a batch; it is applied outside the lock.
  std::vector<Change> batch;
  size_t databases = 0;
  while (!queue_.empty() && databases < kMaxBatchDatabases) {
    databases += queue_.front().upserts.size() + 1;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    queued_at_.pop_front();
  }
  return batch;
}

absl::Status SearchIndexer::Apply(const Change& c) {
  absl::Status result;
  auto keep = [&result](absl::Status s) {
    if (result.ok()) result = std::move(s);
  };
  switch (c.kind) {
    case Change::Kind::kReplaceAgency:
      // After a restart the index on disk usually holds this snapshot.
      if (!c.version.empty() && index_->AgencyVersion(c.agency_id) == c.version)
        return absl::OkStatus();
      keep(index_->RemoveAgency(c.agency_id));
      for (const auto& bytes : c.upserts) {
        keep(WithParsed(*bytes, [&](const disclosure::v1::DatabaseEntry& e) {
          return index_->Add(c.agency_id, e);
        }));
      }
      break;
    case Change::Kind::kUpdate:
      for (const auto& id : c.removed_ids)
        keep(index_->Remove(c.agency_id, id));
      for (const auto& bytes : c.upserts) {
        keep(WithParsed(*bytes, [&](const disclosure::v1::DatabaseEntry& e) {
          return index_->Put(c.agency_id, e);
        }));
      }
      break;
    case Change::Kind::kRemoveAgency:
      keep(index_->RemoveAgency(c.agency_id));
      break;
    case Change::Kind::kMetadata:
      index_->SetMetadata(c.metadata_key, c.metadata_value);
      return absl::OkStatus();
  }
  // A failed change leaves the version unknown, so a restart redoes it.
  index_->SetAgencyVersion(c.agency_id, result.ok() ? c.version : "");
  return result;
}

}  // namespace disclosure::hub
