#include "node/service/admin_service.h"

#include <algorithm>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "metrics/metrics.h"
#include "node/service/import_watchdog.h"
#include "node/service/read_ahead.h"
#include "transport/grpc_status.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
using v1::node::WriteResponse;

void SetTime(absl::Time t, google::protobuf::Timestamp* ts) {
  ts->set_seconds(absl::ToUnixSeconds(t));
}

// Entries compared without the fields the node maintains.
bool SameContent(v1::DatabaseEntry a, v1::DatabaseEntry b) {
  for (v1::DatabaseEntry* e : {&a, &b}) {
    e->clear_version();
    e->clear_modified();
    e->clear_change_note();
  }
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

bool IsImportId(const std::string& id) {
  return !id.empty() && id.size() <= 128 &&
         id.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
             "wxyz0123456789._:-") == std::string::npos;
}

void Reject(const Problems& problems, WriteResponse* resp) {
  resp->set_applied(false);
  for (const auto& p : problems) *resp->add_problems() = p;
}

}  // namespace

grpc::Status AdminService::UpsertAgencyProfile(
    grpc::ServerContext* ctx, const v1::node::UpsertAgencyProfileRequest* req,
    WriteResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  Problems problems;
  validator_->CheckAgencyProfile(req->profile(), 0, clock_->Now(), &problems);
  if (!problems.empty() || req->dry_run()) {
    Reject(problems, resp);
    return grpc::Status::OK;
  }
  absl::MutexLock lock(&publisher_->mutex());
  if (absl::Status s = store_->WriteInventory(&req->profile(), {}); !s.ok()) {
    return ToGrpcStatus(s);
  }
  resp->set_applied(true);
  resp->set_written(1);
  RecordImport("profile", 1, "agency profile written");
  return grpc::Status::OK;
}

grpc::Status AdminService::UpsertDatabaseEntries(
    grpc::ServerContext* ctx, const v1::node::UpsertDatabaseEntriesRequest* req,
    WriteResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  absl::MutexLock lock(&publisher_->mutex());
  DN_GRPC_ASSIGN_OR_RETURN(auto profile, store_->GetAgencyProfile());
  const auto* defaults =
      profile.has_value() ? &(profile)->default_rights_channels() : nullptr;

  Problems problems;
  std::set<std::string> ids;
  std::vector<v1::DatabaseEntry> to_write;
  const absl::Time now = clock_->Now();
  for (int i = 0; i < req->entries_size(); ++i) {
    v1::DatabaseEntry e = req->entries(i);
    validator_->CheckDatabaseEntry(e, i, defaults, now, &problems);
    if (!ids.insert(e.database_id()).second) {
      AddProblem(
          &problems, i, "database_id",
          {N_("\"$0\" appears twice in this request"), {e.database_id()}});
    }
    DN_GRPC_ASSIGN_OR_RETURN(auto existing,
                             store_->GetDatabaseEntry(e.database_id()));
    if (existing.has_value()) {
      if (SameContent(*existing, e)) continue;  // unchanged: keep its version
      if (e.change_note().empty()) {
        AddProblem(&problems, i, "change_note",
                   {N_("is required when an existing entry changes (PDPA Art. "
                       "17: changes are published too)"),
                    {}});
      }
      e.set_version((existing)->version() + 1);
    } else {
      e.set_version(1);
    }
    SetTime(now, e.mutable_modified());
    to_write.push_back(std::move(e));
  }
  if (problems.empty()) {
    DN_GRPC_ASSIGN_OR_RETURN(auto all, store_->ListDatabaseEntries());
    std::set<std::string> total;
    for (const auto& e : all) total.insert(e.database_id());
    total.insert(ids.begin(), ids.end());
    // Links within the agency must name a database it holds (or adds now);
    // links to other agencies are checked by the hub when it harvests.
    const std::string prefix = options_.agency_id + "/";
    for (int i = 0; i < req->entries_size(); ++i) {
      for (const auto& [field, id] :
           LinkedEntriesOfAgency(req->entries(i), options_.agency_id)) {
        if (total.count(id.substr(prefix.size())) == 0) {
          AddProblem(&problems, i, field,
                     {N_("\"$0\" is not a database of this agency; add it "
                         "first or in the same import"),
                      {id}});
        }
      }
    }
    if (total.size() > options_.max_entries) {
      AddProblem(
          &problems, -1, "entries",
          {N_("the agency would hold $0 database entries, over the "
              "limit of $1"),
           {absl::StrCat(total.size()), absl::StrCat(options_.max_entries)}});
    }
  }
  if (!problems.empty() || req->dry_run()) {
    Reject(problems, resp);
    // A dry run says what the import would write.
    if (problems.empty())
      resp->set_written(static_cast<int64_t>(to_write.size()));
    return grpc::Status::OK;
  }
  if (absl::Status s = store_->WriteInventory(nullptr, to_write); !s.ok()) {
    return ToGrpcStatus(s);
  }
  resp->set_applied(true);
  resp->set_written(static_cast<int64_t>(to_write.size()));
  RecordImport("databases", static_cast<int64_t>(to_write.size()),
               absl::StrCat(req->entries_size(), " database entries imported, ",
                            to_write.size(), " new or changed"));
  return grpc::Status::OK;
}

grpc::Status AdminService::WithdrawDatabaseEntry(
    grpc::ServerContext* ctx, const v1::node::WithdrawDatabaseEntryRequest* req,
    WriteResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  absl::MutexLock lock(&publisher_->mutex());
  DN_GRPC_ASSIGN_OR_RETURN(auto existing,
                           store_->GetDatabaseEntry(req->database_id()));
  if (!existing.has_value()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("no database entry \"", req->database_id(), "\""));
  }
  Problems problems;
  if (req->change_note().empty()) {
    AddProblem(&problems, 0, "change_note",
               {N_("must say why the entry is withdrawn"), {}});
  }
  if ((existing)->status() == v1::ENTRY_STATUS_WITHDRAWN) {
    AddProblem(&problems, 0, "database_id", {N_("is already withdrawn"), {}});
  }
  if (!problems.empty()) {
    Reject(problems, resp);
    return grpc::Status::OK;
  }
  v1::DatabaseEntry e = *existing;
  e.set_status(v1::ENTRY_STATUS_WITHDRAWN);
  e.set_version(e.version() + 1);
  e.set_change_note(req->change_note());
  SetTime(clock_->Now(), e.mutable_modified());
  if (absl::Status s = store_->WriteInventory(nullptr, {e}); !s.ok())
    return ToGrpcStatus(s);
  resp->set_applied(true);
  resp->set_written(1);
  return grpc::Status::OK;
}

grpc::Status AdminService::AppendRequestRecords(
    grpc::ServerContext* ctx,
    grpc::ServerReader<v1::node::AppendRequestRecordsRequest>* reader,
    v1::node::AppendRequestRecordsResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  constexpr int kMaxProblems = 1000;
  resp->set_rejected_batch(-1);
  // A client that stops sending, or trickles, would hold the import lock
  // for ever: both an idle and a total limit.
  ImportWatchdog watchdog(ctx, options_.import_idle, options_.import_max);
  v1::node::AppendRequestRecordsRequest batch;
  ReadAhead<v1::node::AppendRequestRecordsRequest> batches(
      reader, [&watchdog] { watchdog.Touch(); });
  const bool has_first = batches.Next(&batch);
  // One import at a time, so the duplicate checks of two streams cannot
  // interleave; a second one is told at once instead of waiting. A dry run
  // (said in the first batch) writes nothing and takes no lock.
  const bool dry_run_first = has_first && batch.dry_run();
  std::unique_ptr<NodeStore::RequestImport> import =
      dry_run_first ? store_->BeginDryRunImport()
                    : store_->TryBeginRequestImport();
  if (import == nullptr) {
    // Read the rest and drop it, so the client hears why rather than being
    // cut off (a cancelled call would say only "cancelled").
    while (batches.Next(&batch)) {
    }
    return grpc::Status(
        grpc::StatusCode::ABORTED,
        "another import is in progress; run this one again when it has "
        "finished (imports are all or nothing, and repeating one is safe), "
        "or check the file now with --dry-run");
  }
  bool dry_run = dry_run_first;
  int64_t offset = 0;
  std::string import_id;
  // The store's failure, if any; the rest of the stream is then read and
  // dropped, so that the client is told why rather than cut off.
  absl::Status store_failure;
  for (int64_t batch_index = 0;
       batch_index == 0 ? has_first : batches.Next(&batch); ++batch_index) {
    if (!store_failure.ok()) continue;
    dry_run = dry_run || batch.dry_run();
    if (batch_index == 0) import_id = batch.import_id();
    Problems problems;
    if (static_cast<uint32_t>(batch.records_size()) >
        options_.max_records_per_batch) {
      AddProblem(&problems, -1, "records",
                 {N_("batch has $0 records, over the limit of $1"),
                  {absl::StrCat(batch.records_size()),
                   absl::StrCat(options_.max_records_per_batch)}});
    }
    if (offset + batch.records_size() > options_.max_records_per_import) {
      AddProblem(&problems, -1, "records",
                 {N_("one import may hold at most $0 records; split the file"),
                  {absl::StrCat(options_.max_records_per_import)}});
    }
    const absl::Time now = clock_->Now();
    // A request id repeated within the import is caught by the import
    // itself: identical repeats count once, differing ones are refused.
    for (int i = 0; i < batch.records_size(); ++i) {
      CheckRequestRecord(batch.records(i), offset + i, now, &problems);
    }
    CheckCorrectionReasons(batch.correction_reasons(), batch.records_size(),
                           offset, &problems);
    if (batch_index == 0 && !import_id.empty() && !IsImportId(import_id)) {
      AddProblem(
          &problems, -1, "import_id",
          {N_("must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"), {}});
    }
    if (problems.empty()) {
      std::vector<RecordConflict> conflicts;
      absl::Status added =
          import->Add(batch.records(), batch.correction_reasons(), offset,
                      absl::ToUnixSeconds(now), &conflicts);
      if (!added.ok()) {
        store_failure = added;
        continue;
      }
      for (const RecordConflict& c : conflicts) {
        AddProblem(&problems, c.index, "request_id", c.message);
      }
    }
    if (!problems.empty() && resp->rejected_batch() < 0)
      resp->set_rejected_batch(batch_index);
    for (const auto& p : problems) {
      if (resp->problems_size() < kMaxProblems) *resp->add_problems() = p;
    }
    offset += batch.records_size();
  }
  resp->set_received(offset);
  // A client that cancels (or disconnects, idles or trickles) commits
  // nothing.
  if (watchdog.fired() != ImportWatchdog::Fired::kNo) {
    // The call was cancelled (the watchdog logged why): this status only
    // ends the handler; the client sees CANCELLED.
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "import cancelled by its idle or total limit; "
                        "nothing written");
  }
  if (ctx->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "import cancelled; nothing written");
  }
  DN_GRPC_RETURN_IF_ERROR(store_failure);
  if (resp->rejected_batch() >= 0) return grpc::Status::OK;
  if (dry_run) {  // what the import would do
    resp->set_written(import->result().written);
    resp->set_duplicates(import->result().duplicates);
    resp->set_corrected(import->result().corrected);
    return grpc::Status::OK;
  }
  DN_GRPC_ASSIGN_OR_RETURN(
      AppendResult r,
      import->Commit(import_id, offset, absl::ToUnixSeconds(clock_->Now())));
  resp->set_written(r.written);
  resp->set_duplicates(r.duplicates);
  resp->set_corrected(r.corrected);
  RecordImport(
      "requests", r.written,
      absl::StrCat("request import ", import_id, ": ", offset,
                   " records received, ", r.written, " written (", r.corrected,
                   " corrections), ", r.duplicates, " already present"));
  return grpc::Status::OK;
}

grpc::Status AdminService::GetImportStatus(
    grpc::ServerContext* ctx, const v1::node::GetImportStatusRequest* req,
    v1::node::GetImportStatusResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  if (!IsImportId(req->import_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "import_id must be 1 to 128 characters of A-Z a-z "
                        "0-9 . _ : -");
  }
  DN_GRPC_ASSIGN_OR_RETURN(auto record,
                           store_->GetImportRecord(req->import_id()));
  if (!record.has_value()) return grpc::Status::OK;  // not committed
  resp->set_committed(true);
  resp->mutable_committed_at()->set_seconds((record)->committed_at_seconds());
  resp->set_received((record)->received());
  resp->set_written((record)->written());
  resp->set_duplicates((record)->duplicates());
  return grpc::Status::OK;
}

grpc::Status AdminService::Publish(grpc::ServerContext* ctx,
                                   const v1::node::PublishRequest*,
                                   v1::node::PublishResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_ASSIGN_OR_RETURN(v1::node::SnapshotSummary summary,
                           publisher_->Publish());
  *resp->mutable_snapshot() = std::move(summary);
  return grpc::Status::OK;
}

grpc::Status AdminService::ListSnapshots(
    grpc::ServerContext* ctx, const v1::node::ListSnapshotsRequest* req,
    v1::node::ListSnapshotsResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  const uint64_t n = log_->size();
  const uint64_t limit =
      req->limit() == 0 ? n : std::min<uint64_t>(n, req->limit());
  for (uint64_t k = 0; k < limit; ++k) {
    DN_GRPC_ASSIGN_OR_RETURN(auto summary,
                             SummarizeSnapshot(*store_, n - 1 - k));
    *resp->add_snapshots() = std::move(summary);
  }
  return grpc::Status::OK;
}

grpc::Status AdminService::DiffSnapshots(
    grpc::ServerContext* ctx, const v1::node::DiffSnapshotsRequest* req,
    v1::node::DiffSnapshotsResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  absl::StatusOr<v1::node::DiffSnapshotsResponse> diff;
  if (req->to_unpublished()) {
    DN_GRPC_ASSIGN_OR_RETURN(auto pending, publisher_->PendingEntries());
    diff = reader_->DiffToPending(
        log_->size() == 0 ? std::nullopt
                          : std::optional<uint64_t>(req->from_sequence()),
        pending);
  } else {
    diff = reader_->Diff(req->from_sequence(), req->to_sequence());
  }
  DN_GRPC_RETURN_IF_ERROR(diff.status());
  *resp = *std::move(diff);
  return grpc::Status::OK;
}

grpc::Status AdminService::ShowEntry(grpc::ServerContext* ctx,
                                     const v1::node::ShowEntryRequest* req,
                                     v1::node::ShowEntryResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  const uint64_t n = log_->size();
  std::string published;  // the latest snapshot's bytes of the key, if any
  if (n > 0) {
    DN_GRPC_ASSIGN_OR_RETURN(
        auto got,
        reader_->GetEntry(req->from_snapshot() ? req->sequence() : n - 1,
                          req->key()));
    if (got.has_present()) published = got.present().entry();
  }
  std::string bytes = published;
  if (!req->from_snapshot()) {
    DN_GRPC_ASSIGN_OR_RETURN(auto pending, publisher_->PendingEntries());
    auto it = pending.find(req->key());
    bytes = it == pending.end() ? "" : it->second;
  }
  if (bytes.empty()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("there is no entry ", req->key(),
                     req->from_snapshot()
                         ? absl::StrCat(" in snapshot ", req->sequence())
                         : std::string(" (a draft database is not published; "
                                       "disclosurectl diff lists the keys)")));
  }
  if (!resp->mutable_entry()->ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        absl::StrCat("entry ", req->key(), " does not parse"));
  }
  resp->set_published(bytes == published);
  return grpc::Status::OK;
}

grpc::Status AdminService::Backup(grpc::ServerContext* ctx,
                                  const v1::node::BackupRequest* req,
                                  v1::node::BackupResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  // No publication between the store's backup and the signed-checkpoint
  // file's copy, so the two agree when restored.
  absl::MutexLock lock(&publisher_->mutex());
  const uint64_t log_size = log_->size();
  DN_GRPC_ASSIGN_OR_RETURN(
      StoreBackup b, store_->Backup(req->backup_dir(),
                                    absl::StrCat("agency ", options_.agency_id,
                                                 ", log size ", log_size)));
  if (absl::Status s = CopySignedCheckpoint(req->backup_dir()); !s.ok()) {
    return ToGrpcStatus(s);
  }
  resp->set_backup_dir(req->backup_dir());
  resp->set_backup_id(b.id);
  resp->set_log_size(log_size);
  resp->set_size_bytes(b.size_bytes);
  resp->set_number_files(b.number_files);
  CountEvent("disclosure_node_backups_total", "Backups made", {});
  LogLine("node", absl::StrCat("backup ", b.id, " written to ",
                               req->backup_dir(), " (log size ", log_size, ", ",
                               b.number_files, " files)"));
  return grpc::Status::OK;
}

absl::Status AdminService::CopySignedCheckpoint(
    const std::string& backup_dir) const {
  if (options_.signed_checkpoint_file.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> bytes =
      ReadFile(options_.signed_checkpoint_file, 64 << 20);
  if (!bytes.ok()) {
    if (absl::IsNotFound(bytes.status())) return absl::OkStatus();
    return bytes.status();
  }
  return ReplaceFileDurably(
      absl::StrCat(backup_dir, "/", kSignedCheckpointBackupName), *bytes, 0600);
}

void AdminService::RecordImport(const char* kind, int64_t written,
                                const std::string& line) const {
  CountEvent("disclosure_node_imports_total", "Imports committed, by kind",
             {{"kind", kind}});
  CountEvent("disclosure_node_imported_items_total",
             "Profiles, database entries or request records written",
             {{"kind", kind}}, static_cast<double>(written));
  LogLine("node", line);
}

grpc::Status AdminService::GetStatus(grpc::ServerContext* ctx,
                                     const v1::node::GetStatusRequest*,
                                     v1::node::GetStatusResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  resp->set_agency_id(options_.agency_id);
  resp->set_log_origin(options_.log_origin);
  resp->set_signing_vkey(options_.signing_vkey);
  const uint64_t n = log_->size();
  resp->set_log_size(n);
  absl::Time next = clock_->Now();
  if (n > 0) {
    DN_GRPC_ASSIGN_OR_RETURN(auto summary, SummarizeSnapshot(*store_, n - 1));
    next = absl::FromUnixSeconds(summary.issued_at().seconds()) +
           options_.publish_interval;
    *resp->mutable_latest() = std::move(summary);
  }
  resp->mutable_next_scheduled_publish()->set_seconds(
      absl::ToUnixSeconds(next));
  DN_GRPC_ASSIGN_OR_RETURN(auto entries, store_->ListDatabaseEntries());
  resp->set_database_entries(static_cast<int64_t>(entries.size()));
  resp->set_request_records(store_->EstimatedRequestRecords());
  resp->set_store_problem(store_->problem());
  // What a publication now would change; without a profile nothing can be
  // published yet, which the client says in words.
  auto pending = publisher_->PendingEntries();
  if (pending.ok()) {
    DN_GRPC_ASSIGN_OR_RETURN(
        auto diff,
        reader_->DiffToPending(
            n == 0 ? std::nullopt : std::optional<uint64_t>(n - 1), *pending));
    resp->set_unpublished_changes(
        diff.added_keys_size() + diff.changed_keys_size() +
        diff.withdrawn_keys_size() + diff.removed_keys_size());
  } else if (absl::IsFailedPrecondition(pending.status())) {
    resp->set_unpublished_changes(-1);
  } else {
    return ToGrpcStatus(pending.status());
  }
  if (absl::Status s = AddPeriodStatus(n, resp); !s.ok())
    return ToGrpcStatus(s);
  return grpc::Status::OK;
}

absl::Status AdminService::AddPeriodStatus(uint64_t log_size,
                                           v1::node::GetStatusResponse* resp) {
  DN_ASSIGN_OR_RETURN(auto aggregates, store_->ListPeriodAggregates());
  std::map<std::string, v1::node::PeriodStatus> periods;
  const absl::Time now = clock_->Now();
  for (const auto& a : aggregates) {
    v1::node::PeriodStatus& p = periods[a.period()];
    p.set_period(a.period());
    p.set_open(absl::FromUnixSeconds(a.period_end_seconds()) > now);
    p.set_requests(a.totals().requests());
    p.set_corrections(a.corrections_size());
    p.set_published_requests(-1);
  }
  if (log_size > 0) {
    DN_ASSIGN_OR_RETURN(auto record, store_->GetSnapshot(log_size - 1));
    // The entries by their leaf hashes: no proof is needed here.
    for (int i = 0; i < record.keys_size(); ++i) {
      if (record.keys(i).rfind("stats/", 0) != 0) continue;
      absl::StatusOr<Hash> hash = HashFromBytes(record.leaf_hashes(i));
      if (!hash.ok())
        return absl::DataLossError("stored leaf hash is malformed");
      DN_ASSIGN_OR_RETURN(auto bytes, store_->GetEntry(*hash));
      v1::DisclosureEntry e;
      if (!e.ParseFromString(bytes)) continue;
      const v1::RequestStatistics& st = e.statistics();
      v1::node::PeriodStatus& p = periods[st.period()];
      if (p.period().empty()) p.set_published_requests(-1);
      p.set_period(st.period());
      p.set_published_version(st.version());
      if (st.totals_include_suppressed())
        p.set_published_requests(st.totals().requests());
    }
  }
  for (auto& [label, p] : periods) *resp->add_periods() = std::move(p);
  return absl::OkStatus();
}

}  // namespace disclosure::node
