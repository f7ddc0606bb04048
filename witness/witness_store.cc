#include "witness/witness_store.h"

#include <sys/stat.h>

#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "format/status_macros.h"
#include "storage/rocksdb_util.h"

namespace disclosure::witness {

absl::StatusOr<std::unique_ptr<RocksWitnessStore>> RocksWitnessStore::Open(
    const std::string& dir, bool create) {
  // What a witness remembers is public (signed checkpoints), but only its
  // own user may change it: the folder is 0700. The process umask is left
  // alone (the hub, which holds a witness, writes a public export).
  std::error_code ec;
  if (create && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return ErrnoStatus(ec.value(), "creating", dir);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  const auto perms = std::filesystem::status(dir, ec).permissions();
  if (!ec && (perms & (std::filesystem::perms::group_write |
                       std::filesystem::perms::others_write)) !=
                 std::filesystem::perms::none) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, " can be written by other users; run chmod go-w ", dir));
  }
  DbOpenOptions options;
  options.create_if_missing = create;
  options.strict = true;
  options.write_buffer_bytes = 4 << 20;
  options.format = kWitnessStoreFormat;
  options.program = "disclosure-witness";
  absl::StatusOr<OpenedDb> opened =
      OpenDb(dir, {"default", "refused"}, options);
  DN_RETURN_IF_ERROR(opened.status());
  std::unique_ptr<RocksWitnessStore> store(new RocksWitnessStore());
  store->db_ = std::move(opened->db);
  store->handles_ = opened->handles;
  store->latest_ = opened->handles[0];
  store->refused_ = opened->handles[1];
  return store;
}

RocksWitnessStore::~RocksWitnessStore() {
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
}

absl::StatusOr<std::optional<std::string>> RocksWitnessStore::Latest(
    absl::string_view origin) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), latest_,
               rocksdb::Slice(origin.data(), origin.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading the witness store");
  return std::optional<std::string>(std::move(value));
}

absl::Status RocksWitnessStore::PutLatest(absl::string_view origin,
                                          absl::string_view note) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(
      db_->Put(wo, latest_, rocksdb::Slice(origin.data(), origin.size()),
               rocksdb::Slice(note.data(), note.size())),
      "writing the witness store");
}

absl::Status RocksWitnessStore::RecordRefused(absl::string_view origin,
                                              absl::string_view note,
                                              absl::string_view reason) {
  // origin, NUL, the time in ns and a counter: unique, grouped by log.
  static std::atomic<uint64_t> counter{0};
  const std::string key = absl::StrCat(
      origin, std::string(1, '\0'), SequenceKey(absl::ToUnixNanos(absl::Now())),
      SequenceKey(counter.fetch_add(1)));
  const std::string value = absl::StrCat(reason, "\n\n", note);
  return FromRocks(db_->Put(rocksdb::WriteOptions(), refused_, key, value),
                   "writing the witness store");
}

}  // namespace disclosure::witness
