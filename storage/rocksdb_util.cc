#include "storage/rocksdb_util.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/backup_target.h"
#include "core/logging.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "format/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/backup_engine.h"

namespace disclosure {
namespace {

// RocksDB's warnings and errors go to the process's log. Its own LOG file
// sits in the store folder, so a full disk broke it first: Debian's build
// aborts on the next line logged after a failed write to it.
class ProcessLogger final : public rocksdb::Logger {
 public:
  ProcessLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char buf[1024];
    vsnprintf(buf, sizeof(buf), format, ap);
    absl::string_view line(buf);
    // Creating a store logs that its folder did not exist yet: expected.
    if (absl::StrContains(line, "Error when reading") &&
        absl::StrContains(line, "dir NotFound")) {
      return;
    }
    LogLine("rocksdb", absl::StripTrailingAsciiWhitespace(line));
  }
};

// FailedPrecondition for a store a newer release wrote.
absl::Status WrittenByANewerRelease(const std::string& dir,
                                    const DbOpenOptions& o,
                                    const std::string& what) {
  return absl::FailedPreconditionError(absl::StrCat(
      "the store in ", dir, " ", what,
      ": it was written by a newer release "
      "than this ",
      o.program, ", which reads store format ", o.format,
      ". Run that release or a later one (stores are never moved back to an "
      "older format), or restore a backup taken before the upgrade."));
}

// Refuses a store with column families this program does not know (added
// by a newer release); opening it would otherwise fail obscurely.
absl::Status CheckFamilies(const rocksdb::DBOptions& options,
                           const std::string& dir,
                           const std::vector<std::string>& families,
                           const DbOpenOptions& o) {
  std::vector<std::string> existing;
  // An error here means there is no store yet, or one Open will report.
  if (!rocksdb::DB::ListColumnFamilies(options, dir, &existing).ok()) {
    return absl::OkStatus();
  }
  for (const std::string& name : existing) {
    if (std::find(families.begin(), families.end(), name) == families.end()) {
      return WrittenByANewerRelease(
          dir, o,
          absl::StrCat("has a column family \"", name,
                       "\" that this release does not know"));
    }
  }
  return absl::OkStatus();
}

// Reads the store's format number; gives a store without one this
// program's (see DbOpenOptions::format).
absl::Status CheckFormat(rocksdb::DB* db, const std::string& dir,
                         const DbOpenOptions& o) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), db->DefaultColumnFamily(),
                              kStoreFormatKey, &value);
  if (s.IsNotFound()) {
    if (o.read_only) return absl::OkStatus();
    rocksdb::WriteOptions sync;
    sync.sync = true;
    return FromRocks(db->Put(sync, db->DefaultColumnFamily(), kStoreFormatKey,
                             absl::StrCat(o.format)),
                     "recording the store format");
  }
  if (!s.ok()) return FromRocks(s, "reading the store format");
  uint32_t stored = 0;
  if (!absl::SimpleAtoi(value, &stored) || stored == 0) {
    return absl::DataLossError(absl::StrCat(
        "the store in ", dir, " has an unreadable format number \"",
        absl::CEscape(value), "\"; restore the folder from a backup"));
  }
  if (stored > o.format) {
    return WrittenByANewerRelease(dir, o, absl::StrCat("has format ", stored));
  }
  // Every kind of store has had one format so far. A release that raises
  // one migrates older stores here, forward only, after a backup.
  if (stored < o.format) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the store in ", dir, " has format ", stored, ", and this ", o.program,
        " has no migration from it to format ", o.format));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OpenedDb> OpenDb(const std::string& dir,
                                const std::vector<std::string>& families,
                                const DbOpenOptions& o) {
  rocksdb::DBOptions options;
  options.create_if_missing = o.create_if_missing;
  options.create_missing_column_families = true;
  options.paranoid_checks = true;
  options.info_log = std::make_shared<ProcessLogger>();
  if (o.strict) {
    options.wal_recovery_mode =
        rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::shared_ptr<rocksdb::TableFactory> table_factory;
  if (o.block_cache_bytes > 0) {
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = rocksdb::NewLRUCache(o.block_cache_bytes);
    table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  }
  for (const std::string& name : families) {
    rocksdb::ColumnFamilyOptions cf;
    if (table_factory) cf.table_factory = table_factory;
    cf.paranoid_file_checks = o.strict;
    if (o.write_buffer_bytes > 0) cf.write_buffer_size = o.write_buffer_bytes;
    cf.force_consistency_checks = true;
    if (!o.compress) {
      cf.compression = rocksdb::kNoCompression;
      cf.bottommost_compression = rocksdb::kNoCompression;
    }
    descriptors.emplace_back(name, cf);
  }
  if (o.format > 0)
    DN_RETURN_IF_ERROR(CheckFamilies(options, dir, families, o));
  OpenedDb out;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      o.read_only
          ? rocksdb::DB::OpenForReadOnly(options, dir, descriptors,
                                         &out.handles, &raw)
          : rocksdb::DB::Open(options, dir, descriptors, &out.handles, &raw);
  if (!s.ok()) {
    if (!o.create_if_missing && s.IsInvalidArgument() &&
        s.ToString().find("does not exist") != std::string::npos) {
      return absl::NotFoundError(absl::StrCat("no store in ", dir));
    }
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the store in ", dir,
          " is in use by another process (a running node or hub?): ",
          s.ToString()));
    }
    if (s.IsCorruption()) {
      return absl::DataLossError(absl::StrCat(
          "the store in ", dir, " is damaged and was not opened (",
          s.ToString(),
          "); nothing was changed. Restore the folder from a backup."));
    }
    return FromRocks(s, absl::StrCat("opening store ", dir));
  }
  out.db.reset(raw);
  if (o.format > 0) {
    if (absl::Status f = CheckFormat(out.db.get(), dir, o); !f.ok()) {
      for (rocksdb::ColumnFamilyHandle* h : out.handles) {
        out.db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      }
      return f;
    }
  }
  return out;
}

absl::Status VerifyStoreChecksums(rocksdb::DB* db, const std::string& what) {
  rocksdb::Status s = db->VerifyChecksum();
  if (s.ok()) return absl::OkStatus();
  // Name the column family of the damaged file when RocksDB names the file.
  std::string family;
  std::vector<rocksdb::LiveFileMetaData> files;
  db->GetLiveFilesMetaData(&files);
  for (const auto& f : files) {
    if (s.ToString().find(f.name.substr(f.name.rfind('/') + 1)) !=
        std::string::npos) {
      family = absl::StrCat(" (column family \"", f.column_family_name, "\")");
    }
  }
  return absl::DataLossError(absl::StrCat(
      what, " is damaged: a file failed its checksum check", family, ": ",
      s.ToString(),
      ". Nothing was served or changed; restore the folder from a backup."));
}

namespace {

// A content-addressed read's outcome: the read's error, or DataLoss if
// `value` does not hash to `key`.
absl::Status CheckContentAddressed(const rocksdb::Status& read,
                                   const std::string& key,
                                   absl::string_view value) {
  if (!read.ok())
    return FromRocks(read, absl::StrCat("reading entry ", HexEncode(key)));
  if (ToString(HashLeaf(value)) != key) {
    return absl::DataLossError(absl::StrCat("stored entry ", HexEncode(key),
                                            " does not match its hash"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> GetContentAddressed(rocksdb::DB* db,
                                                rocksdb::ColumnFamilyHandle* cf,
                                                const std::string& key) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, key, &value);
  DN_RETURN_IF_ERROR(CheckContentAddressed(s, key, value));
  return value;
}

absl::StatusOr<std::vector<std::string>> GetContentAddressedBatch(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
    const std::vector<std::string>& keys) {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db->MultiGet(rocksdb::ReadOptions(), cf, keys.size(), slices.data(),
               values.data(), statuses.data());
  std::vector<std::string> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const absl::string_view value(values[i].data(), values[i].size());
    DN_RETURN_IF_ERROR(CheckContentAddressed(statuses[i], keys[i], value));
    out[i].assign(value.data(), value.size());
  }
  return out;
}

absl::StatusOr<bool> HasKey(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                            const std::string& key) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) return FromRocks(s, "reading entry");
  return true;
}

}  // namespace disclosure

namespace disclosure {

uint64_t StoreBytes(rocksdb::DB* db,
                    const std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* cf : families) {
    uint64_t v = 0;
    if (db->GetIntProperty(cf, "rocksdb.total-sst-files-size", &v)) total += v;
    if (db->GetIntProperty(cf, "rocksdb.cur-size-all-mem-tables", &v)) {
      total += v;
    }
  }
  return total;
}

namespace {

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenBackupEngine(
    const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.sync = true;
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::IOStatus s =
      rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw);
  if (!s.ok()) {
    return FromRocks(s, absl::StrCat("opening backup folder ", backup_dir));
  }
  return std::unique_ptr<rocksdb::BackupEngine>(raw);
}

bool IsMissingOrEmpty(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return true;
  return std::filesystem::is_directory(dir, ec) &&
         std::filesystem::is_empty(dir, ec);
}

}  // namespace

absl::Status CheckBackupDir(const std::string& backup_dir,
                            const std::string& data_dir) {
  if (backup_dir.empty() || backup_dir.size() > 4096 ||
      backup_dir.front() != '/') {
    return absl::InvalidArgumentError(
        "the backup folder must be an absolute path on the server's machine");
  }
  return CheckBackupTarget(backup_dir, {{"the store", data_dir}});
}

absl::StatusOr<StoreBackup> BackupDb(rocksdb::DB* db,
                                     const std::string& backup_dir,
                                     const std::string& metadata) {
  DN_ASSIGN_OR_RETURN(auto engine, OpenBackupEngine(backup_dir));
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  rocksdb::IOStatus s =
      (engine)->CreateNewBackupWithMetadata(options, db, metadata, &id);
  if (!s.ok()) return FromRocks(s, absl::StrCat("backup into ", backup_dir));
  s = (engine)->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return FromRocks(
        s, absl::StrCat("checking the new backup ", id, " in ", backup_dir));
  }
  rocksdb::BackupInfo info;
  rocksdb::Status got = (engine)->GetBackupInfo(id, &info);
  if (!got.ok()) return FromRocks(got, "reading the new backup's details");
  return StoreBackup{info.backup_id, info.timestamp, info.size,
                     info.number_files};
}

absl::StatusOr<std::string> RestoreDb(const std::string& backup_dir,
                                      const std::string& dir) {
  if (!IsMissingOrEmpty(dir)) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir,
        " is not empty: a restore never overwrites a store. Move it "
        "aside (keep it until the restored store works) and try again"));
  }
  DN_ASSIGN_OR_RETURN(auto engine, OpenBackupEngine(backup_dir));
  rocksdb::BackupInfo info;
  rocksdb::Status got = (engine)->GetLatestBackupInfo(&info);
  if (!got.ok()) {
    return absl::NotFoundError(
        absl::StrCat("no backup in ", backup_dir, ": ", got.ToString()));
  }
  rocksdb::IOStatus s =
      (engine)->VerifyBackup(info.backup_id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return FromRocks(s, absl::StrCat("backup ", info.backup_id, " in ",
                                     backup_dir, " is damaged"));
  }
  // The restored store is as private as one made with --init: the folder
  // 0700 and every file 0600, whatever the umask was.
  const mode_t old_mask = umask(077);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  s = (engine)->RestoreDBFromLatestBackup(dir, dir);
  umask(old_mask);
  if (!s.ok()) return FromRocks(s, absl::StrCat("restoring into ", dir));
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir, ec)) {
    std::filesystem::permissions(f.path(),
                                 f.is_directory()
                                     ? std::filesystem::perms::owner_all
                                     : std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ec);
  }
  return info.app_metadata;
}

}  // namespace disclosure
