#include "storage/rocksdb_util.h"

#include <cstdarg>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "core/encoding.h"
#include "core/logging.h"
#include "core/merkle.h"

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
    options.wal_recovery_mode = rocksdb::WALRecoveryMode::kAbsoluteConsistency;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : families) {
    rocksdb::ColumnFamilyOptions cf;
    cf.paranoid_file_checks = o.strict;
    if (o.write_buffer_bytes > 0) cf.write_buffer_size = o.write_buffer_bytes;
    cf.force_consistency_checks = true;
    if (!o.compress) {
      cf.compression = rocksdb::kNoCompression;
      cf.bottommost_compression = rocksdb::kNoCompression;
    }
    descriptors.emplace_back(name, cf);
  }
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
    if (s.IsCorruption()) {
      return absl::DataLossError(absl::StrCat(
          "the store in ", dir, " is damaged and was not opened (",
          s.ToString(),
          "); nothing was changed. Restore the folder from a backup."));
    }
    return FromRocks(s, absl::StrCat("opening store ", dir));
  }
  out.db.reset(raw);
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

absl::StatusOr<std::string> GetContentAddressed(rocksdb::DB* db,
                                                rocksdb::ColumnFamilyHandle* cf,
                                                const std::string& key) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (!s.ok())
    return FromRocks(s, absl::StrCat("reading entry ", HexEncode(key)));
  if (ToString(HashLeaf(value)) != key) {
    return absl::DataLossError(absl::StrCat("stored entry ", HexEncode(key),
                                            " does not match its hash"));
  }
  return value;
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
