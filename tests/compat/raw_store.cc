#include "tests/compat/raw_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace disclosure::testing {

absl::StatusOr<std::unique_ptr<RawStore>> RawStore::Open(
    const std::string& dir, Mode mode,
    const std::vector<std::string>& families) {
  rocksdb::Options options;
  options.create_if_missing = mode == kCreate;
  options.create_missing_column_families = mode == kCreate;
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(options, dir, &names).ok()) {
    if (mode != kCreate)
      return absl::NotFoundError(absl::StrCat("no store in ", dir));
    names = {"default"};
  }
  for (const std::string& f : families) {
    if (std::find(names.begin(), names.end(), f) == names.end())
      names.push_back(f);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& n : names) descriptors.emplace_back(n, options);
  std::unique_ptr<RawStore> store(new RawStore());
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s =
      mode == kReadOnly ? rocksdb::DB::OpenForReadOnly(
                              options, dir, descriptors, &store->handles_, &raw)
                        : rocksdb::DB::Open(options, dir, descriptors,
                                            &store->handles_, &raw);
  if (!s.ok()) {
    return absl::InternalError(
        absl::StrCat("opening ", dir, ": ", s.ToString()));
  }
  store->db_.reset(raw);
  store->names_ = std::move(names);
  return store;
}

RawStore::~RawStore() {
  // Closing: a failure to release a handle leaves nothing to do.
  for (auto* h : handles_)
    db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
}

rocksdb::ColumnFamilyHandle* RawStore::family(const std::string& name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return handles_[i];
  }
  return nullptr;
}

absl::Status RawStore::AddFamily(const std::string& name) {
  rocksdb::ColumnFamilyHandle* h = nullptr;
  const rocksdb::Status s =
      db_->CreateColumnFamily(rocksdb::Options(), name, &h);
  if (!s.ok()) return absl::InternalError(s.ToString());
  handles_.push_back(h);
  names_.push_back(name);
  return absl::OkStatus();
}

}  // namespace disclosure::testing
