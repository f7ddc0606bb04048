#include "node/storage/node_store.h"

#include <openssl/rand.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "core/crash_point.h"
#include "core/i18n.h"
#include "core/logging.h"
#include "format/encoding.h"
#include "format/entry_key.h"
#include "format/merkle.h"
#include "format/participation.h"
#include "format/status_macros.h"
#include "node/storage/store_layout.h"
#include "rocksdb/write_batch.h"

namespace disclosure::node {

using namespace store_layout;  // NOLINT: the store's own key layout

namespace {

using disclosure::v1::AgencyProfile;
using disclosure::v1::DatabaseEntry;
namespace v1 = disclosure::v1;
using disclosure::v1::ProviderRequestRecord;
using disclosure::v1::node::SigningState;
using disclosure::v1::node::SnapshotRecord;

}  // namespace

absl::StatusOr<std::unique_ptr<NodeStore>> NodeStore::Open(
    const std::string& dir, PeriodKind kind, AggregationFactory aggregation,
    bool compress, bool create_if_missing) {
  umask(077);
  DbOpenOptions options;
  options.compress = compress;
  options.create_if_missing = create_if_missing;
  options.strict = true;
  options.format = kNodeStoreFormat;
  options.program = "disclosure-node";
  // A node's data is small (100,000 requests are ~30 MB); a smaller
  // memtable means less space needed free before writes resume after the
  // disk filled up.
  options.write_buffer_bytes = 8 << 20;
  auto opened =
      OpenDb(dir, {std::begin(kFamilyNames), std::end(kFamilyNames)}, options);
  DN_RETURN_IF_ERROR(opened.status());
  absl::StatusOr<std::unique_ptr<NodeStore>> store =
      Load(std::move(*opened), kind, std::move(aggregation));
  if (absl::IsDataLoss(store.status())) {
    return absl::DataLossError(absl::StrCat(
        "the store in ", dir, " is damaged: ", store.status().message(),
        ". Nothing was changed; restore the folder from a backup."));
  }
  return store;
}

absl::StatusOr<std::unique_ptr<NodeStore>> NodeStore::Load(
    OpenedDb opened, PeriodKind kind, AggregationFactory aggregation) {
  std::unique_ptr<NodeStore> store(new NodeStore());
  store->dir_ = opened.db->GetName();
  store->db_ = std::move(opened.db);
  store->handles_ = std::move(opened.handles);
  rocksdb::DB* raw = store->db_.get();
  store->kind_ = kind;
  store->aggregation_ = std::move(aggregation);
  DN_ASSIGN_OR_RETURN(std::string secret, store->RecordSaltSecret());
  store->salt_secret_ = std::move(secret);
  std::string stored_kind;
  rocksdb::Status k = raw->Get(rocksdb::ReadOptions(), store->cf(kMeta),
                               kAggregateKindKey, &stored_kind);
  if (!k.ok() && !k.IsNotFound()) return FromRocks(k, "reading aggregate kind");
  if (stored_kind != AggregateLayout(kind)) {
    DN_RETURN_IF_ERROR(store->RebuildAggregates());
  }
  return store;
}

absl::Status NodeStore::ReplayCorrections(RecordAggregation* aggregator,
                                          rocksdb::WriteBatch* batch) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kCorrections)));
  std::string current_id;
  ProviderRequestRecord current;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    const std::string id = key.substr(0, key.find('\0'));
    disclosure::v1::node::StoredCorrection c;
    ProviderRequestRecord corrected;
    if (!c.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size())) ||
        !corrected.ParseFromString(c.record())) {
      return absl::DataLossError(
          absl::StrCat("stored correction of request ", id, " is corrupt"));
    }
    if (id != current_id) {  // the first correction of `id`: from the original
      std::string original;
      rocksdb::Status got =
          db_->Get(rocksdb::ReadOptions(), cf(kRequests), id, &original);
      if (!got.ok() || !current.ParseFromString(original)) {
        return absl::DataLossError(absl::StrCat(
            "request ", id, " has corrections but no readable original"));
      }
      current_id = id;
    }
    DN_ASSIGN_OR_RETURN(
        auto at, aggregator->Correct(current, corrected, c.record(), c.reason(),
                                     c.corrected_at_seconds()));
    batch->Put(cf(kPeriods), PeriodIndexKey(at.first, at.second), id);
    current = std::move(corrected);
  }
  return FromRocks(it->status(), "scanning corrections");
}

absl::Status NodeStore::RebuildAggregates() {
  rocksdb::WriteBatch batch;
  for (int family : {kPeriods, kMeta}) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(family)));
    for (it->Seek(family == kMeta ? kAggregatePrefix : ""); it->Valid();
         it->Next()) {
      if (family == kMeta && !it->key().starts_with(kAggregatePrefix)) break;
      batch.Delete(cf(family), it->key());
    }
  }
  std::unique_ptr<RecordAggregation> aggregator =
      aggregation_(*this, /*from_scratch=*/true);
  absl::Status scan =
      ScanRequestRecords([&](absl::string_view id, absl::string_view bytes) {
        ProviderRequestRecord r;
        if (!r.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return absl::DataLossError(
              absl::StrCat("stored request ", id, " is corrupt"));
        }
        DN_ASSIGN_OR_RETURN(auto at, aggregator->Add(r, bytes));
        batch.Put(cf(kPeriods), PeriodIndexKey(at.first, at.second),
                  std::string(id));
        return absl::OkStatus();
      });
  DN_RETURN_IF_ERROR(scan);
  DN_RETURN_IF_ERROR(ReplayCorrections(aggregator.get(), &batch));
  for (const auto& a : aggregator->Export()) {
    batch.Put(cf(kMeta), absl::StrCat(kAggregatePrefix, a.period()),
              a.SerializeAsString());
  }
  batch.Put(cf(kMeta), kAggregateKindKey, AggregateLayout(kind_));
  return Write(&batch, "rebuilding statistics aggregates");
}

absl::StatusOr<std::optional<disclosure::v1::node::PeriodAggregate>>
NodeStore::GetPeriodAggregate(const std::string& period) const {
  return GetProto<disclosure::v1::node::PeriodAggregate>(
      db_.get(), cf(kMeta), absl::StrCat(kAggregatePrefix, period));
}

absl::StatusOr<std::vector<disclosure::v1::node::PeriodAggregate>>
NodeStore::ListPeriodAggregates() const {
  std::vector<disclosure::v1::node::PeriodAggregate> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kMeta)));
  for (it->Seek(kAggregatePrefix);
       it->Valid() && it->key().starts_with(kAggregatePrefix); it->Next()) {
    disclosure::v1::node::PeriodAggregate a;
    if (!a.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError("stored statistics aggregate is corrupt");
    }
    out.push_back(std::move(a));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing aggregates");
  return out;
}

absl::Status NodeStore::Write(rocksdb::WriteBatch* batch,
                              absl::string_view what) {
  std::lock_guard<std::mutex> lock(write_mu_);
  if (!problem_.empty()) {
    // RocksDB stops writing after a failed write until resumed; resume as
    // soon as the cause (a full disk, most often) has gone.
    rocksdb::Status resumed = db_->Resume();
    if (!resumed.ok()) {
      return absl::Status(problem_code_,
                          absl::StrCat(what, ": ", problem_,
                                       " (still: ", resumed.ToString(), ")"));
    }
    LogLine("node", absl::StrCat("the store in ", dir_,
                                 " is writable again (was: ", problem_, ")"));
    problem_.clear();
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status s = db_->Write(wo, batch);
  if (s.ok()) return absl::OkStatus();
  if (s.IsNoSpace()) {
    problem_code_ = absl::StatusCode::kResourceExhausted;
    problem_ = absl::StrCat(
        "the disk holding the store (", dir_,
        ") is full; nothing was written. Free space on that disk (at least "
        "8 MiB): the node keeps serving what it has and writes again once "
        "there is room");
  } else {
    problem_code_ = absl::StatusCode::kUnavailable;
    problem_ =
        absl::StrCat("the store (", dir_, ") cannot be written: ", s.ToString(),
                     "; nothing was written. Check the disk and its "
                     "permissions; the node keeps serving what it has");
  }
  LogLine("node", absl::StrCat(what, " failed: ", problem_));
  return absl::Status(problem_code_, absl::StrCat(what, ": ", problem_));
}

std::string NodeStore::problem() const {
  std::lock_guard<std::mutex> lock(write_mu_);
  return problem_;
}

absl::Status NodeStore::VerifyChecksums() const {
  return VerifyStoreChecksums(db_.get(), "the store");
}

absl::StatusOr<std::vector<std::string>> NodeStore::PeriodRequestIds(
    const std::string& period) const {
  std::vector<std::string> out;
  const std::string prefix = period + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kPeriods)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    out.push_back(it->value().ToString());
  }
  if (!it->status().ok())
    return FromRocks(it->status(), "reading period index");
  return out;
}

NodeStore::~NodeStore() {
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    if (db_ != nullptr) db_->DestroyColumnFamilyHandle(h);
  }
  if (db_ != nullptr) db_->Close();
}

absl::StatusOr<std::optional<AgencyProfile>> NodeStore::GetAgencyProfile()
    const {
  return GetProto<AgencyProfile>(db_.get(), cf(kInventory),
                                 std::string(kAgencyKey));
}

absl::StatusOr<std::optional<DatabaseEntry>> NodeStore::GetDatabaseEntry(
    const std::string& database_id) const {
  return GetProto<DatabaseEntry>(db_.get(), cf(kInventory),
                                 DatabaseKey(database_id));
}

absl::StatusOr<std::vector<DatabaseEntry>> NodeStore::ListDatabaseEntries()
    const {
  std::vector<DatabaseEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kInventory)));
  for (it->Seek("db/"); it->Valid() && it->key().starts_with("db/");
       it->Next()) {
    DatabaseEntry e;
    if (!e.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError(
          absl::StrCat("stored entry ", it->key().ToString(), " is corrupt"));
    }
    out.push_back(std::move(e));
  }
  if (!it->status().ok())
    return FromRocks(it->status(), "listing database entries");
  return out;
}

absl::Status NodeStore::WriteInventory(
    const AgencyProfile* profile, const std::vector<DatabaseEntry>& entries) {
  rocksdb::WriteBatch batch;
  if (profile != nullptr) {
    batch.Put(cf(kInventory), std::string(kAgencyKey),
              profile->SerializeAsString());
  }
  for (const DatabaseEntry& e : entries) {
    batch.Put(cf(kInventory), DatabaseKey(e.database_id()),
              e.SerializeAsString());
  }
  return Write(&batch, "writing inventory");
}

absl::StatusOr<std::vector<v1::ParticipationAnswer>> NodeStore::ListAnswers()
    const {
  std::vector<v1::ParticipationAnswer> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kInventory)));
  for (it->Seek("answers/"); it->Valid() && it->key().starts_with("answers/");
       it->Next()) {
    v1::ParticipationAnswer a;
    if (!a.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError(
          absl::StrCat("stored entry ", it->key().ToString(), " is corrupt"));
    }
    out.push_back(std::move(a));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing answers");
  return out;
}

absl::Status NodeStore::WriteAnswer(const v1::ParticipationAnswer& answer) {
  rocksdb::WriteBatch batch;
  batch.Put(cf(kInventory), AnswerKey(answer.submission_id()),
            answer.SerializeAsString());
  return Write(&batch, "writing an answer");
}

std::unique_ptr<NodeStore::RequestImport> NodeStore::BeginDryRunImport() {
  return std::unique_ptr<RequestImport>(
      new RequestImport(this, std::defer_lock));
}

std::unique_ptr<NodeStore::RequestImport> NodeStore::TryBeginRequestImport() {
  std::unique_ptr<RequestImport> import(
      new RequestImport(this, std::try_to_lock));
  if (!import->lock_.owns_lock()) return nullptr;
  return import;
}

absl::StatusOr<std::optional<disclosure::v1::node::ImportRecord>>
NodeStore::GetImportRecord(const std::string& import_id) const {
  return GetProto<disclosure::v1::node::ImportRecord>(
      db_.get(), cf(kMeta), absl::StrCat(kImportPrefix, import_id));
}

absl::StatusOr<AppendResult> NodeStore::AppendRequestRecords(
    const std::vector<ProviderRequestRecord>& records) {
  RequestImport import = BeginRequestImport();
  DN_RETURN_IF_ERROR(import.Add(records));
  return import.Commit();
}

absl::Status NodeStore::ScanRequestRecords(
    const std::function<absl::Status(absl::string_view, absl::string_view)>& fn)
    const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // a full scan should not evict hot data
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(kRequests)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    DN_RETURN_IF_ERROR(
        fn(absl::string_view(it->key().data(), it->key().size()),
           absl::string_view(it->value().data(), it->value().size())));
  }
  return FromRocks(it->status(), "scanning requests");
}

int64_t NodeStore::EstimatedRequestRecords() const {
  uint64_t n = 0;
  db_->GetIntProperty(cf(kRequests), "rocksdb.estimate-num-keys", &n);
  return static_cast<int64_t>(n);
}

absl::StatusOr<uint64_t> NodeStore::SnapshotCount() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kSnapshots)));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "reading snapshots");
  if (!it->Valid()) return 0;
  if (it->key().size() != 8)
    return absl::DataLossError("malformed snapshot key");
  uint64_t seq = 0;
  for (size_t i = 0; i < 8; ++i)
    seq = seq << 8 | static_cast<uint8_t>(it->key()[i]);
  return seq + 1;
}

absl::StatusOr<SnapshotRecord> NodeStore::GetSnapshot(uint64_t sequence) const {
  DN_ASSIGN_OR_RETURN(std::optional<SnapshotRecord> r,
                      GetProto<SnapshotRecord>(db_.get(), cf(kSnapshots),
                                               SequenceKey(sequence)));
  if (!r.has_value()) {
    return absl::NotFoundError(absl::StrCat("no snapshot ", sequence));
  }
  return *std::move(r);
}

absl::StatusOr<std::string> NodeStore::GetManifest(uint64_t sequence) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(kManifests),
                               SequenceKey(sequence), &value);
  if (s.IsNotFound())
    return absl::NotFoundError(absl::StrCat("no manifest ", sequence));
  if (!s.ok()) return FromRocks(s, "reading manifest");
  return value;
}

absl::StatusOr<std::vector<std::string>> NodeStore::ListManifests() const {
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kManifests)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key() != SequenceKey(out.size())) {
      return absl::DataLossError(absl::StrCat(
          "the manifests family is damaged: expected manifest ", out.size(),
          ", found key ", HexEncode(it->key().ToString()),
          "; restore the store from a backup"));
    }
    out.push_back(it->value().ToString());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing manifests");
  return out;
}

absl::StatusOr<bool> NodeStore::HasEntry(const Hash& leaf_hash) const {
  return HasKey(db_.get(), cf(kEntries), ToString(leaf_hash));
}

absl::StatusOr<std::string> NodeStore::GetEntry(const Hash& leaf_hash) const {
  return GetContentAddressed(db_.get(), cf(kEntries), ToString(leaf_hash));
}

absl::StatusOr<std::vector<std::string>> NodeStore::GetEntries(
    const std::vector<Hash>& leaf_hashes) const {
  std::vector<std::string> keys;
  keys.reserve(leaf_hashes.size());
  for (const Hash& h : leaf_hashes) keys.push_back(ToString(h));
  return GetContentAddressedBatch(db_.get(), cf(kEntries), keys);
}

absl::Status NodeStore::CommitSnapshot(
    uint64_t sequence, const std::string& manifest,
    const SnapshotRecord& record,
    const std::vector<std::pair<Hash, std::string>>& entries) {
  DN_ASSIGN_OR_RETURN(uint64_t count, SnapshotCount());
  if (sequence != count) {
    return absl::FailedPreconditionError(absl::StrCat("snapshot ", sequence,
                                                      " cannot follow ", count,
                                                      " published snapshots"));
  }
  rocksdb::WriteBatch batch;
  for (const auto& [hash, bytes] : entries) {
    batch.Put(cf(kEntries), ToString(hash), bytes);
  }
  batch.Put(cf(kManifests), SequenceKey(sequence), manifest);
  batch.Put(cf(kSnapshots), SequenceKey(sequence), record.SerializeAsString());
  CrashPoint("node.publish.before_commit");
  absl::Status written = Write(&batch, "committing snapshot");
  if (written.ok()) CrashPoint("node.publish.after_commit");
  return written;
}

absl::StatusOr<std::string> NodeStore::RecordSaltSecret() {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(kMeta), kSaltSecretKey, &value);
  if (s.ok()) return value;
  if (!s.IsNotFound()) return FromRocks(s, "reading salt secret");
  value.assign(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(value.data()), 32) != 1) {
    return absl::InternalError("no randomness for the salt secret");
  }
  rocksdb::WriteBatch batch;
  batch.Put(cf(kMeta), kSaltSecretKey, value);
  DN_RETURN_IF_ERROR(Write(&batch, "writing salt secret"));
  return value;
}

absl::StatusOr<std::optional<SigningState>> NodeStore::GetSigningState() const {
  return GetProto<SigningState>(db_.get(), cf(kMeta), kSigningStateKey);
}

absl::Status NodeStore::PutSigningState(const SigningState& state) {
  rocksdb::WriteBatch batch;
  batch.Put(cf(kMeta), kSigningStateKey, state.SerializeAsString());
  return Write(&batch, "writing signing state");
}

absl::Status NodeStore::CommitRecovered(
    uint64_t first_sequence, const std::vector<std::string>& manifests,
    const SnapshotRecord& last_record,
    const std::vector<std::pair<Hash, std::string>>& entries) {
  DN_ASSIGN_OR_RETURN(uint64_t count, SnapshotCount());
  DN_ASSIGN_OR_RETURN(std::vector<std::string> held, ListManifests());
  if (count != first_sequence || held.size() != first_sequence ||
      manifests.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("recovered snapshots from ", first_sequence,
                     " cannot follow the store's ", count, " snapshots"));
  }
  rocksdb::WriteBatch batch;
  for (const auto& [hash, bytes] : entries) {
    batch.Put(cf(kEntries), ToString(hash), bytes);
  }
  for (size_t i = 0; i < manifests.size(); ++i) {
    batch.Put(cf(kManifests), SequenceKey(first_sequence + i), manifests[i]);
  }
  batch.Put(cf(kSnapshots), SequenceKey(first_sequence + manifests.size() - 1),
            last_record.SerializeAsString());
  return Write(&batch, "writing the recovered snapshots");
}

absl::StatusOr<std::string> NodeStore::GetWitnessedCheckpoint() const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(kMeta), kWitnessedKey, &value);
  if (s.IsNotFound()) return std::string();
  if (!s.ok()) return FromRocks(s, "reading the witnessed checkpoint");
  return value;
}

absl::Status NodeStore::PutWitnessedCheckpoint(const std::string& note) {
  rocksdb::WriteBatch batch;
  batch.Put(cf(kMeta), kWitnessedKey, note);
  return Write(&batch, "writing the witnessed checkpoint");
}

}  // namespace disclosure::node

namespace disclosure::node {

absl::StatusOr<StoreBackup> NodeStore::Backup(const std::string& backup_dir,
                                              const std::string& metadata) {
  DN_RETURN_IF_ERROR(CheckBackupDir(backup_dir, dir_));
  return BackupDb(db_.get(), backup_dir, metadata);
}

uint64_t NodeStore::SizeBytes() const {
  return StoreBytes(db_.get(), handles_);
}

}  // namespace disclosure::node
