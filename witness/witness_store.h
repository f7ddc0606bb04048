// What a witness remembers: for each log origin, the latest checkpoint it
// cosigned (the whole signed note, as submitted), and the checkpoints it
// refused although they carried a valid log signature, kept as possible
// evidence of a fork (tlog-witness allows it; an operator reads them with
// ldb or a later tool).
//
// Thread-safety: implementations are safe for concurrent use; the witness
// serializes the check-and-update of one origin itself.
#ifndef DISCLOSURE_WITNESS_WITNESS_STORE_H_
#define DISCLOSURE_WITNESS_WITNESS_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"

namespace disclosure::witness {

// The format of the witness store's records (docs/compatibility.md):
// raised, with a migration, by a release that changes them.
inline constexpr uint32_t kWitnessStoreFormat = 1;

class WitnessStore {
 public:
  virtual ~WitnessStore() = default;
  // The latest cosigned note for `origin`; nullopt if none.
  virtual absl::StatusOr<std::optional<std::string>> Latest(
      absl::string_view origin) const = 0;
  // Records `note` as the latest for `origin`, durably (synced) before it
  // returns: the witness replies only after this.
  virtual absl::Status PutLatest(absl::string_view origin,
                                 absl::string_view note) = 0;
  // Keeps a refused but validly signed note with the reason.
  virtual absl::Status RecordRefused(absl::string_view origin,
                                     absl::string_view note,
                                     absl::string_view reason) = 0;
};

// A WitnessStore in RocksDB.
class RocksWitnessStore final : public WitnessStore {
 public:
  // Opens (creating when `create` is true) the store in `dir`. NotFound when
  // the folder holds no store and `create` is false; FailedPrecondition if
  // other users can write to the folder (a new one is made 0700).
  static absl::StatusOr<std::unique_ptr<RocksWitnessStore>> Open(
      const std::string& dir, bool create);
  ~RocksWitnessStore() override;

  absl::StatusOr<std::optional<std::string>> Latest(
      absl::string_view origin) const override;
  absl::Status PutLatest(absl::string_view origin,
                         absl::string_view note) override;
  absl::Status RecordRefused(absl::string_view origin, absl::string_view note,
                             absl::string_view reason) override;

 private:
  RocksWitnessStore() = default;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* latest_ = nullptr;
  rocksdb::ColumnFamilyHandle* refused_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace disclosure::witness

#endif  // DISCLOSURE_WITNESS_WITNESS_STORE_H_
