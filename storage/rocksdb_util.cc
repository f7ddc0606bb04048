#include "storage/rocksdb_util.h"

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

}  // namespace disclosure
