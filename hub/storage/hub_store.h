// The hub's RocksDB store. Column families:
//
//   agencies   agency_id -> AgencyState
//   manifests  agency_id \0 8-byte sequence -> manifest bytes (the agency
//              log's leaves: the hub keeps a full replica of every log)
//   snapshots  agency_id \0 8-byte sequence -> SnapshotRecord (accepted)
//   entries    SHA-256 leaf hash -> published entry bytes (content-addressed)
//   evidence   agency_id \0 8-byte time \0 n -> Evidence
//   default    "index-facts/" agency_id -> IndexFacts (derived from the
//              agency's latest snapshot, to start up without parsing it)
//
// Accepting a harvested snapshot is one synced WriteBatch, so a crash
// leaves the previous or the new acceptance, never part of one. Errors:
// RocksDB failures become Unavailable / DataLoss (storage/rocksdb_util.h)
// naming the operation; a stored record that does not parse is DataLoss.
// Thread-safe (RocksDB is); the harvester serializes the read-modify-write
// of one agency's state.
#ifndef DISCLOSURE_HUB_STORAGE_HUB_STORE_H_
#define DISCLOSURE_HUB_STORAGE_HUB_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "format/sha256.h"
#include "rocksdb/db.h"
#include "storage/rocksdb_util.h"

namespace disclosure::hub {

// Everything one successful harvest writes.
struct Acceptance {
  disclosure::v1::hub::AgencyState state;
  // Manifests new to the hub, starting at log index `first_manifest`.
  uint64_t first_manifest = 0;
  std::vector<std::string> new_manifests;
  uint64_t sequence = 0;
  disclosure::v1::hub::SnapshotRecord snapshot;
  // The entries this harvest received, by leaf hash. The bytes are the
  // caller's (the harvest's received entries, 55 MB in a full harvest of
  // 100,000), not copied, and must outlive Accept().
  std::vector<std::pair<Hash, absl::string_view>> entries;
};

// The format of the hub store's records (docs/compatibility.md): raised,
// with a migration, by a release that changes them.
inline constexpr uint32_t kHubStoreFormat = 1;

class HubStore {
 public:
  // `read_only` opens without taking the lock (for exports while the hub
  // runs). `compress` = false writes new files uncompressed (tests that scan
  // the raw files).
  static absl::StatusOr<std::unique_ptr<HubStore>> Open(const std::string& dir,
                                                        bool read_only = false,
                                                        bool compress = true);
  ~HubStore();
  HubStore(const HubStore&) = delete;
  HubStore& operator=(const HubStore&) = delete;

  // The state of `agency_id`; nullopt if the hub never recorded it.
  absl::StatusOr<std::optional<disclosure::v1::hub::AgencyState>> GetAgency(
      const std::string& agency_id) const;
  // Every recorded agency state, by agency id.
  absl::StatusOr<std::vector<disclosure::v1::hub::AgencyState>> ListAgencies()
      const;
  // Replaces an agency's state alone: bookkeeping after a harvest that
  // accepted nothing (errors, backoff, unreachable or misbehaving since),
  // and operators' clearances. Never used to accept a snapshot (Accept).
  // Synced unless `sync` is false: for bookkeeping whose loss in a crash
  // only makes the next harvest come sooner (an unchanged round's times).
  absl::Status PutAgencyState(const disclosure::v1::hub::AgencyState& state,
                              bool sync = true);

  // The agency log's leaves the hub holds (all of them, from 0), in order.
  absl::StatusOr<std::vector<std::string>> GetManifests(
      const std::string& agency_id) const;
  // An accepted snapshot. NotFound if the hub did not accept `sequence`.
  absl::StatusOr<disclosure::v1::hub::SnapshotRecord> GetSnapshot(
      const std::string& agency_id, uint64_t sequence) const;
  // Sequences of accepted snapshots, ascending.
  absl::StatusOr<std::vector<uint64_t>> ListSnapshots(
      const std::string& agency_id) const;
  // Published entry bytes by leaf hash. NotFound if not held; DataLoss if
  // the bytes do not hash to `leaf_hash`.
  absl::StatusOr<std::string> GetEntry(const Hash& leaf_hash) const;
  // The same for many leaf hashes (32 bytes each), in their order, in one
  // batched read; fastest when they are sorted.
  absl::StatusOr<std::vector<std::string>> GetEntries(
      const std::vector<std::string>& leaf_hashes) const;

  // What the index derived from an agency's snapshot, as last saved;
  // nullopt if none was. DataLoss if the record does not parse (it is
  // derived: the caller derives the facts again).
  absl::StatusOr<std::optional<disclosure::v1::hub::IndexFacts>> GetIndexFacts(
      const std::string& agency_id) const;
  // Saves an agency's facts, replacing its last. Not synced: facts lost
  // in a crash are derived again at start-up.
  absl::Status PutIndexFacts(const std::string& agency_id,
                             const disclosure::v1::hub::IndexFacts& facts);

  // Writes everything one accepted harvest brings, in one synced batch.
  absl::Status Accept(const Acceptance& a);

  // Keeps evidence (two conflicting signed checkpoints), synced; never
  // deleted by the hub.
  absl::Status AddEvidence(const disclosure::v1::hub::Evidence& e);
  // Evidence of `agency_id`, oldest first.
  absl::StatusOr<std::vector<disclosure::v1::hub::Evidence>> ListEvidence(
      const std::string& agency_id) const;

  // For tests that scan every key and value of every family.
  // Backs the open store up into `backup_dir` (an absolute path outside
  // the store's folder) with RocksDB's backup engine; see BackupDb.
  absl::StatusOr<StoreBackup> Backup(const std::string& backup_dir,
                                     const std::string& metadata);
  // Restores the latest backup in `backup_dir` into the missing or empty
  // folder `dir` (RestoreDb); returns the backup's metadata.
  static absl::StatusOr<std::string> Restore(const std::string& backup_dir,
                                             const std::string& dir) {
    return RestoreDb(backup_dir, dir);
  }
  // Bytes of SST files and memtables (for metrics).
  uint64_t SizeBytes() const;

  rocksdb::DB* db() { return db_.get(); }
  const std::vector<rocksdb::ColumnFamilyHandle*>& column_families() const {
    return handles_;
  }

 private:
  HubStore() = default;
  rocksdb::ColumnFamilyHandle* cf(int i) const { return handles_[i]; }
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::string dir_;
  bool read_only_ = false;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_STORAGE_HUB_STORE_H_
