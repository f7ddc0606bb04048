// The node's RocksDB store. Column families by concern:
//
//   inventory  "agency" -> AgencyProfile; "db/<id>" -> DatabaseEntry
//              (the current, editable state)
//   requests   request_id -> ProviderRequestRecord (raw; never published;
//              the original, never changed)
//   corrections "<request_id>\0<8-byte number>" -> StoredCorrection: each
//              later version of a record, with its reason
//   entries    SHA-256 leaf hash -> published DisclosureEntry bytes
//              (content-addressed: an unchanged entry is stored once)
//   snapshots  8-byte big-endian sequence -> SnapshotRecord (keys, leaf
//              hashes, checkpoint); never modified once written
//   manifests  8-byte big-endian sequence -> serialized SnapshotManifest
//              (the agency log's leaves); never modified once written
//   periods    "<period>\0<8-byte position>" -> request_id: each statistics
//              period's records in commitment order (for provider receipts)
//   meta       node metadata: record-salt secret, signing state, and the
//              running aggregate of every statistics period ("agg/<period>"),
//              and every committed import by its id ("import/<id>")
//
// Every mutation is one WriteBatch, so a crash leaves the old or the new
// state. A write that fails (a full disk, an I/O error) leaves the store as
// it was and readable; problem() says what is wrong, and the next write
// resumes the store once the cause has gone. Thread-safe (RocksDB is); callers
// serialize read-modify-write sequences themselves (see node/service).
#ifndef DISCLOSURE_NODE_STORAGE_NODE_STORE_H_
#define DISCLOSURE_NODE_STORAGE_NODE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/node/node_store.pb.h"
#include "disclosure/v1/participation.pb.h"
#include "disclosure/v1/request.pb.h"
#include "format/sha256.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/rocksdb_util.h"

namespace disclosure::node {

class NodeStore;

// The statistics layer's part in storing raw records (node/stats implements
// it): it places each new record in its period's commitment and returns the
// updated period aggregates, which the store writes in the same batch as
// the records, so records and statistics never disagree.
class RecordAggregation {
 public:
  virtual ~RecordAggregation() = default;
  // Aggregates one new record (parsed, and its exact stored bytes); returns
  // its period label and its position in that period's commitment.
  virtual absl::StatusOr<std::pair<std::string, uint64_t>> Add(
      const disclosure::v1::ProviderRequestRecord& record,
      absl::string_view bytes) = 0;
  // Replaces `old` by `corrected` (same request id, its exact stored bytes)
  // in the counts, appends a leaf for the corrected record to its period's
  // commitment and notes the correction in the period(s) concerned; returns
  // the corrected record's period label and leaf position.
  virtual absl::StatusOr<std::pair<std::string, uint64_t>> Correct(
      const disclosure::v1::ProviderRequestRecord& old,
      const disclosure::v1::ProviderRequestRecord& corrected,
      absl::string_view bytes, const std::string& reason,
      int64_t at_seconds) = 0;
  // The aggregates touched so far, in their updated state.
  virtual std::vector<disclosure::v1::node::PeriodAggregate> Export() const = 0;
};

// Makes the aggregation for one import into `store`: extending the stored
// aggregates, or (`from_scratch`) starting from none, to rebuild them.
using AggregationFactory = std::function<std::unique_ptr<RecordAggregation>(
    const NodeStore& store, bool from_scratch)>;

// Result of appending raw request records.
struct AppendResult {
  int64_t written = 0;     // new records and corrections
  int64_t duplicates = 0;  // equal to a stored version: already present
  int64_t corrected = 0;   // of `written`, corrections of stored records
};

// A record an import refuses: its index among the records added, and why.
struct RecordConflict {
  int64_t index = 0;
  std::string request_id;
  Message message;  // why, to be translated where it is shown
};

// The format of the node store's records (docs/compatibility.md): raised,
// with a migration, by a release that changes them.
inline constexpr uint32_t kNodeStoreFormat = 1;

class NodeStore {
 public:
  // Opens (creating if needed) the store in `dir`, aggregating raw records
  // into periods of `kind`. When the stored aggregates were made for
  // another kind, they are rebuilt from the raw records (once). Errors name
  // the folder.
  // `compress` = false writes new files uncompressed (tests that scan the
  // raw files). `create_if_missing` = false makes a folder without a store
  // NotFound. The store is opened strictly: a damaged write-ahead log is an
  // error, never a silent recovery that drops acknowledged writes.
  // Sets the process umask to 077 first: RocksDB creates its files with
  // the umask, and these files hold personal data.
  // `aggregation` makes the statistics of each import (node/stats'
  // OpenNodeStore supplies the node's). Prefer OpenNodeStore.
  static absl::StatusOr<std::unique_ptr<NodeStore>> Open(
      const std::string& dir, PeriodKind kind, AggregationFactory aggregation,
      bool compress = true, bool create_if_missing = true);
  ~NodeStore();
  NodeStore(const NodeStore&) = delete;
  NodeStore& operator=(const NodeStore&) = delete;

  // --- inventory ---
  absl::StatusOr<std::optional<disclosure::v1::AgencyProfile>>
  GetAgencyProfile() const;
  absl::StatusOr<std::optional<disclosure::v1::DatabaseEntry>> GetDatabaseEntry(
      const std::string& database_id) const;
  // Every database entry, sorted by id.
  absl::StatusOr<std::vector<disclosure::v1::DatabaseEntry>>
  ListDatabaseEntries() const;
  // Writes the profile (if given) and the entries in one batch.
  absl::Status WriteInventory(
      const disclosure::v1::AgencyProfile* profile,
      const std::vector<disclosure::v1::DatabaseEntry>& entries);

  // Answers to participation submissions ("answers/<id>"), by id.
  absl::StatusOr<std::vector<disclosure::v1::ParticipationAnswer>> ListAnswers()
      const;
  absl::Status WriteAnswer(const disclosure::v1::ParticipationAnswer& answer);

  // --- raw request records ---
  // One atomic import of raw records, possibly in many chunks: Add() checks
  // each chunk against the store and earlier chunks and aggregates the new
  // records into their statistics periods; Commit() writes the records, the
  // period index and the updated aggregates in one batch.
  //
  // A record equal to any stored version of its id is counted as a
  // duplicate. A record with a correction reason whose id is stored with
  // other content is a correction: it is kept beside the original (which
  // never changes) and replaces the current version in the statistics. Any
  // other record whose id is stored, or added earlier in the import, with
  // other content is a conflict, as is a correction of an id not stored;
  // after a conflict Commit() refuses. Imports are serialized: an import
  // holds the store's import lock from Begin until it is destroyed. A
  // non-empty `import_id` given to Commit records the import
  // (GetImportRecord) in the same write.
  class RequestImport {
   public:
    // `correction_reasons` is empty or one per record ("" = not a
    // correction); `first_index` numbers the records in `conflicts`;
    // corrections are dated `now_seconds`. Errors are the store's.
    absl::Status Add(const google::protobuf::RepeatedPtrField<
                         disclosure::v1::ProviderRequestRecord>& records,
                     const google::protobuf::RepeatedPtrField<std::string>&
                         correction_reasons,
                     int64_t first_index, int64_t now_seconds,
                     std::vector<RecordConflict>* conflicts);
    // Without corrections; conflicts are one AlreadyExists naming the ids.
    absl::Status Add(
        const std::vector<disclosure::v1::ProviderRequestRecord>& records);
    // What Commit would write so far (for a dry run).
    const AppendResult& result() const { return result_; }
    absl::StatusOr<AppendResult> Commit(const std::string& import_id = "",
                                        int64_t received = 0,
                                        int64_t now_seconds = 0);

   private:
    friend class NodeStore;
    // A record whose id is stored as `original`, with other bytes.
    absl::Status AddCorrection(
        const disclosure::v1::ProviderRequestRecord& record,
        const std::string& bytes, const std::string& original,
        const std::string& reason, int64_t now_seconds,
        const std::function<void(Message)>& conflict);
    explicit RequestImport(NodeStore* store);
    RequestImport(NodeStore* store, std::try_to_lock_t);
    RequestImport(NodeStore* store, std::defer_lock_t);
    std::unique_lock<std::mutex> lock_;
    NodeStore* store_;
    rocksdb::WriteBatch batch_;
    // id -> hash of the bytes added by this import, to spot repeats.
    absl::flat_hash_map<std::string, Hash> added_;
    std::unique_ptr<RecordAggregation> aggregator_;
    AppendResult result_;
    bool failed_ = false;
  };
  RequestImport BeginRequestImport() { return RequestImport(this); }
  // Like BeginRequestImport, but null at once while another import runs.
  std::unique_ptr<RequestImport> TryBeginRequestImport();
  // An import that only says what it would do (result()): it takes no lock,
  // so it runs beside another import, and its Commit is refused. What it
  // says is measured against the store as it is while it runs.
  std::unique_ptr<RequestImport> BeginDryRunImport();
  // The record of the committed import `import_id`, if any.
  absl::StatusOr<std::optional<disclosure::v1::node::ImportRecord>>
  GetImportRecord(const std::string& import_id) const;

  // The stored aggregate of every statistics period.
  absl::StatusOr<std::vector<disclosure::v1::node::PeriodAggregate>>
  ListPeriodAggregates() const;
  // Request ids of `period` in commitment order.
  absl::StatusOr<std::vector<std::string>> PeriodRequestIds(
      const std::string& period) const;

  // Convenience: one import of `records`, committed at once.
  absl::StatusOr<AppendResult> AppendRequestRecords(
      const std::vector<disclosure::v1::ProviderRequestRecord>& records);
  // Calls `fn(request_id, serialized record)` for every record in request_id
  // order, from one consistent view; stops at the first error it returns.
  absl::Status ScanRequestRecords(
      const std::function<absl::Status(absl::string_view, absl::string_view)>&
          fn) const;
  // Estimated count (RocksDB property; exact after compaction).
  int64_t EstimatedRequestRecords() const;
  // Every stored version of a request, oldest first: the original, then
  // each correction with its reason and time. Empty when not stored.
  absl::StatusOr<std::vector<disclosure::v1::node::StoredCorrection>>
  RequestVersions(const std::string& request_id) const;

  // --- published snapshots ---
  // Number of snapshots published (the agency log size).
  absl::StatusOr<uint64_t> SnapshotCount() const;
  // NotFound if `sequence` was never published.
  absl::StatusOr<disclosure::v1::node::SnapshotRecord> GetSnapshot(
      uint64_t sequence) const;
  // Serialized manifest `sequence`. NotFound if never published.
  absl::StatusOr<std::string> GetManifest(uint64_t sequence) const;
  // Every manifest in sequence order.
  absl::StatusOr<std::vector<std::string>> ListManifests() const;
  // True if an entry with this leaf hash is stored.
  absl::StatusOr<bool> HasEntry(const Hash& leaf_hash) const;
  // Published entry bytes by leaf hash. NotFound / DataLoss if missing or
  // not matching its hash.
  absl::StatusOr<std::string> GetEntry(const Hash& leaf_hash) const;
  // The same for many entries, in the order of `leaf_hashes`, in one
  // batched read.
  absl::StatusOr<std::vector<std::string>> GetEntries(
      const std::vector<Hash>& leaf_hashes) const;
  // Appends snapshot `sequence` (its manifest and record) with the entries
  // it introduces, in one batch. FailedPrecondition unless `sequence` is
  // exactly SnapshotCount().
  absl::Status CommitSnapshot(
      uint64_t sequence, const std::string& manifest,
      const disclosure::v1::node::SnapshotRecord& record,
      const std::vector<std::pair<Hash, std::string>>& entries);

  // --- metadata ---
  // The secret from which per-record salts are derived; created on first use.
  // It never leaves the node.
  absl::StatusOr<std::string> RecordSaltSecret();
  // The same, read once at Open.
  const std::string& record_salt_secret() const { return salt_secret_; }
  // The stored aggregate of statistics period `period`, if any.
  absl::StatusOr<std::optional<disclosure::v1::node::PeriodAggregate>>
  GetPeriodAggregate(const std::string& period) const;
  absl::StatusOr<std::optional<disclosure::v1::node::SigningState>>
  GetSigningState() const;
  absl::Status PutSigningState(const disclosure::v1::node::SigningState& state);
  // Appends manifests `first_sequence`, ... (the log's leaves, recovered
  // from the hub after the store lost them) and, for the last of them, its
  // snapshot record and entries, in one write. The snapshots between have
  // manifests but no record: their entries were lost. FailedPrecondition
  // unless the store holds exactly `first_sequence` snapshots.
  absl::Status CommitRecovered(
      uint64_t first_sequence, const std::vector<std::string>& manifests,
      const disclosure::v1::node::SnapshotRecord& last_record,
      const std::vector<std::pair<Hash, std::string>>& entries);
  // The latest checkpoint a quorum of witnesses cosigned (the signed note
  // with their cosignature lines): what the node serves. Empty if none.
  absl::StatusOr<std::string> GetWitnessedCheckpoint() const;
  absl::Status PutWitnessedCheckpoint(const std::string& note);

  // Empty while writes succeed; after a failed write, what is wrong and
  // what to do, until a write succeeds again.
  std::string problem() const;

  // Reads every file of the store and checks its checksums (start-up).
  // DataLoss naming the damaged file and family.
  absl::Status VerifyChecksums() const;

  // The underlying database, for tests that scan every family.
  // Backs the open store up into `backup_dir` (an absolute path outside
  // the store's folder) with RocksDB's backup engine; see BackupDb.
  absl::StatusOr<StoreBackup> Backup(const std::string& backup_dir,
                                     const std::string& metadata);
  // Bytes of SST files and memtables (for metrics).
  uint64_t SizeBytes() const;

  rocksdb::DB* db() { return db_.get(); }
  const std::vector<rocksdb::ColumnFamilyHandle*>& column_families() const {
    return handles_;
  }

 private:
  NodeStore() = default;
  // Reads the store's metadata once the database is open.
  static absl::StatusOr<std::unique_ptr<NodeStore>> Load(
      OpenedDb opened, PeriodKind kind, AggregationFactory aggregation);
  rocksdb::ColumnFamilyHandle* cf(int i) const { return handles_[i]; }
  // Every write: synced, and the one place write failures are explained.
  absl::Status Write(rocksdb::WriteBatch* batch, absl::string_view what);
  // Recomputes every aggregate and the period index from the raw records.
  absl::Status RebuildAggregates();
  // Replays every stored correction, in order, into `aggregator`, adding
  // their period index entries to `batch` (part of RebuildAggregates).
  absl::Status ReplayCorrections(RecordAggregation* aggregator,
                                 rocksdb::WriteBatch* batch);

  PeriodKind kind_ = disclosure::v1::node::STATISTICS_PERIOD_HALF_YEAR;
  AggregationFactory aggregation_;
  std::string salt_secret_;
  std::mutex import_mu_;
  std::string dir_;
  mutable std::mutex write_mu_;
  std::string problem_;  // guarded by write_mu_
  absl::StatusCode problem_code_ = absl::StatusCode::kOk;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_STORAGE_NODE_STORE_H_
