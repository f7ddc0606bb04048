// A RocksDB store opened as it lies on disk, every column family with it,
// without any program's own checks: for the tests that read or rewrite what
// a release left behind (store format numbers, golden files).
//
//   auto store = RawStore::Open(dir, RawStore::kReadOnly);
//   ASSERT_TRUE(store.ok()) << store.status();
//   (*store)->db()->Get(rocksdb::ReadOptions(), "store_format", &value);
#ifndef DISCLOSURE_TESTS_COMPAT_RAW_STORE_H_
#define DISCLOSURE_TESTS_COMPAT_RAW_STORE_H_

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace disclosure::testing {

class RawStore {
 public:
  enum Mode {
    kReadOnly,
    kWrite,
    // Creates the folder and the named families if missing.
    kCreate,
  };

  // Opens the store in `dir` with the families it has, and, with kCreate,
  // `families` besides ("default" is always there).
  static absl::StatusOr<std::unique_ptr<RawStore>> Open(
      const std::string& dir, Mode mode,
      const std::vector<std::string>& families = {});
  ~RawStore();

  rocksdb::DB* db() const { return db_.get(); }
  // The column families, by position, and their names.
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const {
    return handles_;
  }
  const std::vector<std::string>& names() const { return names_; }
  // The handle of family `name`; null if the store has none.
  rocksdb::ColumnFamilyHandle* family(const std::string& name) const;
  // Adds family `name` (as a newer release might have).
  absl::Status AddFamily(const std::string& name);

 private:
  RawStore() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<std::string> names_;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_COMPAT_RAW_STORE_H_
