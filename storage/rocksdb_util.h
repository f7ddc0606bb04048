// Small helpers shared by the node's and the hub's RocksDB stores: the one
// place where rocksdb::Status becomes absl::Status, and order-preserving
// integer keys.
#ifndef DISCLOSURE_STORAGE_ROCKSDB_UTIL_H_
#define DISCLOSURE_STORAGE_ROCKSDB_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/status.h"

namespace disclosure {

inline absl::Status FromRocks(const rocksdb::Status& s,
                              absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsIOError() && s.subcode() == rocksdb::Status::kNoSpace) {
    return absl::ResourceExhaustedError(msg);
  }
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(msg);
  return absl::UnavailableError(msg);
}

// Big-endian 8-byte key of a number (sorts numerically).
inline std::string SequenceKey(uint64_t n) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, n >>= 8) key[i] = static_cast<char>(n & 0xff);
  return key;
}

struct DbOpenOptions {
  bool read_only = false;  // no lock taken; for readers beside a writer
  bool compress = true;    // false: new files are written uncompressed
  // false: a folder without a database is NotFound instead of a new store.
  bool create_if_missing = true;
  // true: a write-ahead log damaged anywhere but at its tail fails the open
  // instead of silently recovering to the last good record, which would drop
  // acknowledged writes; SST files are re-read after they are written. A
  // record cut off at the very end (a crash or power cut in the middle of a
  // write) was never acknowledged and is dropped
  // (kTolerateCorruptedTailRecords); the node's signed-checkpoint file then
  // restores whatever was signed but lost (node/snapshot/signed_state.h).
  bool strict = false;
  // Memtable size per column family (0: RocksDB's 64 MiB). After a full
  // disk, RocksDB resumes writing once this much space is free again.
  size_t write_buffer_bytes = 0;
  // One block cache of this size shared by every column family (0: each
  // family has RocksDB's own 8 MiB cache).
  size_t block_cache_bytes = 0;
  // The format of the records this program writes: one number per kind of
  // store, raised by a release that changes them (docs/compatibility.md).
  // A new store is given it, as is a store without a number (written
  // before numbers were kept, all of the first format). A store of a
  // higher number, or with a column family not in `families`, was written
  // by a newer release and is refused (FailedPrecondition, naming
  // `program`): stores move forward, never back. 0: not checked.
  uint32_t format = 0;
  std::string program = "this program";
};

// Where OpenDb keeps the format number: this key of the default family.
inline constexpr char kStoreFormatKey[] = "store_format";

struct OpenedDb {
  std::unique_ptr<rocksdb::DB> db;
  // One handle per requested family, in the order given.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
};

// Opens (creating if needed and allowed) the database in `dir` with exactly
// `families` (the first must be "default"). Errors name the folder.
absl::StatusOr<OpenedDb> OpenDb(const std::string& dir,
                                const std::vector<std::string>& families,
                                const DbOpenOptions& options);

// Bytes the store takes: SST files plus memtables, over `families`.
uint64_t StoreBytes(rocksdb::DB* db,
                    const std::vector<rocksdb::ColumnFamilyHandle*>& families);

// One backup made by BackupDb.
struct StoreBackup {
  uint32_t id = 0;
  int64_t timestamp = 0;  // POSIX seconds
  uint64_t size_bytes = 0;
  uint32_t number_files = 0;
};

// Backs up the open `db` into `backup_dir` with RocksDB's backup engine,
// while the process keeps running: memtables are flushed first, so the
// backup holds every acknowledged write; files already in the folder from
// an earlier backup are shared, not copied again; the new backup's
// checksums are verified before it is reported. `metadata` is kept with
// it. Errors name the folder.
absl::StatusOr<StoreBackup> BackupDb(rocksdb::DB* db,
                                     const std::string& backup_dir,
                                     const std::string& metadata);

// The backup folder an operator asked for is usable: an absolute path
// outside the store's folder `data_dir`. InvalidArgument says what is wrong.
absl::Status CheckBackupDir(const std::string& backup_dir,
                            const std::string& data_dir);

// Restores the latest backup in `backup_dir` into `dir`, which must be
// missing or empty (a restore never overwrites a store). The folder is made
// 0700 and every file 0600, whatever the umask. Returns the backup's
// metadata.
absl::StatusOr<std::string> RestoreDb(const std::string& backup_dir,
                                      const std::string& dir);

// Reads every SST file of `db` and checks its block checksums. DataLoss
// naming the damaged file and its column family, with what to do.
absl::Status VerifyStoreChecksums(rocksdb::DB* db, const std::string& what);

// The value under `key`, which must hash to `key` as an RFC 6962 leaf
// (content-addressed entries). NotFound if absent; DataLoss if the stored
// bytes do not match their hash.
absl::StatusOr<std::string> GetContentAddressed(rocksdb::DB* db,
                                                rocksdb::ColumnFamilyHandle* cf,
                                                const std::string& key);

// The same for many keys at once, in their order: one batched read
// (RocksDB's MultiGet), cheaper than a Get each. The first failure, as
// GetContentAddressed's, if any.
absl::StatusOr<std::vector<std::string>> GetContentAddressedBatch(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
    const std::vector<std::string>& keys);

// True if `key` is present in `cf`.
absl::StatusOr<bool> HasKey(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                            const std::string& key);

// Reads and parses the proto stored under `key`: nullopt if absent,
// DataLoss if it does not parse.
template <typename Message>
absl::StatusOr<std::optional<Message>> GetProto(rocksdb::DB* db,
                                                rocksdb::ColumnFamilyHandle* cf,
                                                const std::string& key) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return std::optional<Message>();
  if (!s.ok()) return FromRocks(s, absl::StrCat("reading ", key));
  Message m;
  if (!m.ParseFromString(value)) {
    return absl::DataLossError(
        absl::StrCat("stored value of ", key, " is corrupt"));
  }
  return std::optional<Message>(std::move(m));
}

}  // namespace disclosure

#endif  // DISCLOSURE_STORAGE_ROCKSDB_UTIL_H_
