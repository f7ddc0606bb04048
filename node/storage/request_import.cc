// NodeStore::RequestImport: one all-or-nothing import of raw request
// records, with duplicate and correction checks, staged in a write batch
// and committed with its aggregate update (node_store.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/crash_point.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/status_macros.h"
#include "node/storage/node_store.h"
#include "node/storage/store_layout.h"
#include "rocksdb/write_batch.h"

namespace disclosure::node {

using namespace store_layout;  // NOLINT: the store's own key layout
using disclosure::v1::ProviderRequestRecord;

NodeStore::RequestImport::RequestImport(NodeStore* store)
    : lock_(store->import_mu_),
      store_(store),
      aggregator_(store->aggregation_(*store, /*from_scratch=*/false)) {}

NodeStore::RequestImport::RequestImport(NodeStore* store, std::try_to_lock_t)
    : lock_(store->import_mu_, std::try_to_lock), store_(store) {
  if (lock_.owns_lock())
    aggregator_ = store->aggregation_(*store, /*from_scratch=*/false);
}

NodeStore::RequestImport::RequestImport(NodeStore* store, std::defer_lock_t)
    : lock_(store->import_mu_, std::defer_lock),
      store_(store),
      aggregator_(store->aggregation_(*store, /*from_scratch=*/false)) {}

absl::Status NodeStore::RequestImport::Add(
    const std::vector<ProviderRequestRecord>& records) {
  google::protobuf::RepeatedPtrField<ProviderRequestRecord> field(
      records.begin(), records.end());
  std::vector<RecordConflict> conflicts;
  DN_RETURN_IF_ERROR(Add(field, {}, 0, 0, &conflicts));
  if (conflicts.empty()) return absl::OkStatus();
  std::string list;
  for (size_t i = 0; i < conflicts.size() && i < 10; ++i) {
    absl::StrAppend(&list, i ? ", " : "", conflicts[i].request_id);
  }
  return absl::AlreadyExistsError(absl::StrCat(
      conflicts.size(), " request id(s) already stored with other content (",
      list, conflicts.size() > 10 ? ", ..." : "", ")"));
}

absl::Status NodeStore::RequestImport::Add(
    const google::protobuf::RepeatedPtrField<ProviderRequestRecord>& records,
    const google::protobuf::RepeatedPtrField<std::string>& correction_reasons,
    int64_t first_index, int64_t now_seconds,
    std::vector<RecordConflict>* conflicts) {
  // Keys are the records' own ids, not copies (this runs for every record).
  std::vector<const std::string*> keys;
  std::vector<rocksdb::Slice> slices;
  std::vector<std::string> values;
  keys.reserve(records.size());
  slices.reserve(records.size());
  values.reserve(records.size());
  for (const ProviderRequestRecord& r : records) {
    keys.push_back(&r.request_id());
    slices.emplace_back(r.request_id());
    values.push_back(r.SerializeAsString());
  }
  std::vector<std::string> existing(keys.size());
  std::vector<rocksdb::Status> statuses =
      store_->db_->MultiGet(rocksdb::ReadOptions(),
                            std::vector<rocksdb::ColumnFamilyHandle*>(
                                keys.size(), store_->cf(kRequests)),
                            slices, &existing);
  const auto conflict = [&](size_t i, Message why) {
    failed_ = true;
    conflicts->push_back(
        {first_index + static_cast<int64_t>(i), *keys[i], std::move(why)});
  };
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string& reason = static_cast<int>(i) < correction_reasons.size()
                                    ? correction_reasons[static_cast<int>(i)]
                                    : std::string();
    auto earlier = added_.find(*keys[i]);
    if (earlier != added_.end()) {
      // An identical repeat within the import adds nothing.
      if (earlier->second != Sha256::Of(values[i])) {
        conflict(i, {N_("request $0 appears more than once in this import "
                        "with different content; keep one row"),
                     {*keys[i]}});
      }
      continue;
    }
    if (statuses[i].IsNotFound()) {
      if (!reason.empty()) {
        conflict(i, {N_("request $0 is not stored yet, so there is nothing "
                        "to correct: leave correction_reason empty to import "
                        "it as a new record"),
                     {*keys[i]}});
        continue;
      }
      DN_ASSIGN_OR_RETURN(
          auto at, aggregator_->Add(records[static_cast<int>(i)], values[i]));
      batch_.Put(store_->cf(kRequests), *keys[i], values[i]);
      batch_.Put(store_->cf(kPeriods), PeriodIndexKey(at.first, at.second),
                 *keys[i]);
      added_.emplace(*keys[i], Sha256::Of(values[i]));
      ++result_.written;
      continue;
    }
    if (!statuses[i].ok()) return FromRocks(statuses[i], "reading requests");
    if (existing[i] == values[i]) {
      ++result_.duplicates;
      continue;
    }
    DN_RETURN_IF_ERROR(AddCorrection(
        records[static_cast<int>(i)], values[i], existing[i], reason,
        now_seconds, [&](Message why) { conflict(i, std::move(why)); }));
  }
  return absl::OkStatus();
}

absl::Status NodeStore::RequestImport::AddCorrection(
    const ProviderRequestRecord& record, const std::string& bytes,
    const std::string& original, const std::string& reason, int64_t now_seconds,
    const std::function<void(Message)>& conflict) {
  const std::string& id = record.request_id();
  DN_ASSIGN_OR_RETURN(auto versions, store_->RequestVersions(id));
  for (const auto& v : versions) {
    if (v.record() == bytes) {  // an earlier version sent again
      ++result_.duplicates;
      return absl::OkStatus();
    }
  }
  if (reason.empty()) {
    conflict({N_("request $0 is already stored with other content; to "
                 "correct it, give the reason in correction_reason (the "
                 "original is kept)"),
              {id}});
    return absl::OkStatus();
  }
  ProviderRequestRecord current;
  if (!current.ParseFromString(versions.empty() ? original
                                                : versions.back().record())) {
    return absl::DataLossError(
        absl::StrCat("stored request ", id, " is corrupt"));
  }
  DN_ASSIGN_OR_RETURN(auto at, aggregator_->Correct(current, record, bytes,
                                                    reason, now_seconds));
  disclosure::v1::node::StoredCorrection stored;
  stored.set_record(bytes);
  stored.set_reason(reason);
  stored.set_corrected_at_seconds(now_seconds);
  // versions holds the original too: the next correction's number is
  // versions.size() - 1.
  batch_.Put(
      store_->cf(kCorrections),
      absl::StrCat(CorrectionPrefix(id), SequenceKey(versions.size() - 1)),
      stored.SerializeAsString());
  batch_.Put(store_->cf(kPeriods), PeriodIndexKey(at.first, at.second), id);
  added_.emplace(id, Sha256::Of(bytes));
  ++result_.written;
  ++result_.corrected;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<disclosure::v1::node::StoredCorrection>>
NodeStore::RequestVersions(const std::string& request_id) const {
  std::vector<disclosure::v1::node::StoredCorrection> versions;
  std::string original;
  rocksdb::Status got =
      db_->Get(rocksdb::ReadOptions(), cf(kRequests), request_id, &original);
  if (got.IsNotFound()) return versions;
  if (!got.ok()) return FromRocks(got, "reading requests");
  versions.emplace_back().set_record(std::move(original));
  const std::string prefix = CorrectionPrefix(request_id);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kCorrections)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    if (!versions.emplace_back().ParseFromArray(
            it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("stored correction of request ",
                                              request_id, " is corrupt"));
    }
  }
  DN_RETURN_IF_ERROR(FromRocks(it->status(), "reading corrections"));
  return versions;
}

absl::StatusOr<AppendResult> NodeStore::RequestImport::Commit(
    const std::string& import_id, int64_t received, int64_t now_seconds) {
  if (!lock_.owns_lock())
    return absl::FailedPreconditionError("a dry run writes nothing");
  if (failed_)
    return absl::FailedPreconditionError(
        "import had conflicts; nothing written");
  if (!import_id.empty()) {
    disclosure::v1::node::ImportRecord record;
    record.set_committed_at_seconds(now_seconds);
    record.set_received(received);
    record.set_written(result_.written);
    record.set_duplicates(result_.duplicates);
    record.set_corrected(result_.corrected);
    batch_.Put(store_->cf(kMeta), absl::StrCat(kImportPrefix, import_id),
               record.SerializeAsString());
  }
  for (const auto& a : aggregator_->Export()) {
    batch_.Put(store_->cf(kMeta), absl::StrCat(kAggregatePrefix, a.period()),
               a.SerializeAsString());
  }
  CrashPoint("node.import.before_commit");
  DN_RETURN_IF_ERROR(store_->Write(&batch_, "writing requests"));
  CrashPoint("node.import.after_commit");
  batch_.Clear();
  added_.clear();
  return result_;
}

}  // namespace disclosure::node
