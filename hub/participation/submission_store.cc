#include "hub/participation/submission_store.h"

#include "absl/strings/str_cat.h"
#include "format/participation.h"
#include "format/status_macros.h"
#include "storage/rocksdb_util.h"

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

constexpr char kPrefix[] = "participation/s/";

std::string Key(uint64_t n) { return absl::StrCat(kPrefix, SequenceKey(n)); }

}  // namespace

uint64_t SubmissionNumber(const std::string& id) { return IdNumber(id, 'q'); }

SubmissionSummary Summarize(const v1h::Submission& s) {
  return {s.id(),
          s.agency_id(),
          s.concerns(),
          s.kind(),
          s.received_at(),
          s.answer_seen_at(),
          s.publish_allowed(),
          s.masked_count(),
          s.answer_mismatch(),
          s.consultation_id(),
          s.answer_due_from() != 0 ? s.answer_due_from() : s.received_at()};
}

absl::StatusOr<std::unique_ptr<SubmissionStore>> SubmissionStore::Open(
    HubStore* store) {
  std::unique_ptr<SubmissionStore> out(new SubmissionStore(store));
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(
      rocksdb::ReadOptions(), store->column_families()[0]));
  absl::MutexLock lock(&out->mu_);
  for (it->Seek(kPrefix); it->Valid() && it->key().starts_with(kPrefix);
       it->Next()) {
    v1h::Submission s;
    if (!s.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "stored submission ", it->key().ToString(true), " is corrupt"));
    }
    const uint64_t n = SubmissionNumber(s.id());
    if (n == 0) {
      return absl::DataLossError(
          absl::StrCat("stored submission has a bad id \"", s.id(), "\""));
    }
    out->open_ += s.answer_seen_at() == 0;
    out->summaries_[n] = Summarize(s);
    out->next_ = std::max(out->next_, n + 1);
  }
  DN_RETURN_IF_ERROR(FromRocks(it->status(), "reading submissions"));
  return out;
}

std::string SubmissionStore::ReserveId() {
  absl::MutexLock lock(&mu_);
  return absl::StrCat("q", next_++);
}

absl::Status SubmissionStore::Put(const v1h::Submission& s) {
  const uint64_t n = SubmissionNumber(s.id());
  if (n == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", s.id(), "\" is not a submission id"));
  }
  rocksdb::WriteOptions sync;
  sync.sync = true;
  absl::MutexLock lock(&mu_);
  DN_RETURN_IF_ERROR(
      FromRocks(store_->db()->Put(sync, store_->column_families()[0], Key(n),
                                  s.SerializeAsString()),
                absl::StrCat("writing submission ", s.id())));
  auto it = summaries_.find(n);
  if (it != summaries_.end()) open_ -= it->second.answer_seen_at == 0;
  open_ += s.answer_seen_at() == 0;
  summaries_[n] = Summarize(s);
  next_ = std::max(next_, n + 1);
  ++generation_;
  return absl::OkStatus();
}

absl::StatusOr<v1h::Submission> SubmissionStore::Get(
    const std::string& id) const {
  const uint64_t n = SubmissionNumber(id);
  if (n == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", id, "\" is not a submission id (q and a number)"));
  }
  DN_ASSIGN_OR_RETURN(std::optional<v1h::Submission> s,
                      GetProto<v1h::Submission>(
                          store_->db(), store_->column_families()[0], Key(n)));
  if (!s.has_value()) {
    return absl::NotFoundError(absl::StrCat("no submission ", id));
  }
  return *std::move(s);
}

std::vector<SubmissionSummary> SubmissionStore::List(
    const std::string& agency_id, const std::string& after_id, size_t limit,
    bool open_only) const {
  std::vector<SubmissionSummary> out;
  absl::MutexLock lock(&mu_);
  for (auto it = summaries_.upper_bound(SubmissionNumber(after_id));
       it != summaries_.end() && out.size() < limit; ++it) {
    const SubmissionSummary& s = it->second;
    if (!agency_id.empty() && s.agency_id != agency_id) continue;
    if (open_only && s.answer_seen_at != 0) continue;
    out.push_back(s);
  }
  return out;
}

size_t SubmissionStore::OpenCount() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

size_t SubmissionStore::OpenDueFromBefore(int64_t unix_seconds) const {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [number, s] : summaries_)
    n += s.answer_seen_at == 0 && s.due_from < unix_seconds;
  return n;
}

uint64_t SubmissionStore::Generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

}  // namespace disclosure::hub
