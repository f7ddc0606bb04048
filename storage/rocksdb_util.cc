#include "storage/rocksdb_util.h"

#include "core/encoding.h"
#include "core/merkle.h"

namespace disclosure {

absl::StatusOr<OpenedDb> OpenDb(const std::string& dir,
                                const std::vector<std::string>& families,
                                const DbOpenOptions& o) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : families) {
    rocksdb::ColumnFamilyOptions cf;
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
  if (!s.ok()) return FromRocks(s, absl::StrCat("opening store ", dir));
  out.db.reset(raw);
  return out;
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
