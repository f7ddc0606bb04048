#include "hub/storage/hub_store.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "format/status_macros.h"
#include "rocksdb/write_batch.h"
#include "storage/rocksdb_util.h"

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

enum Family {
  kDefault = 0,
  kAgencies,
  kManifests,
  kSnapshots,
  kEntries,
  kEvidence
};
const char* const kFamilyNames[] = {"default",   "agencies", "manifests",
                                    "snapshots", "entries",  "evidence"};

// Memtable size per column family. Entries arrive at about 0.6 KB per
// database, so a full harvest of 100,000 would fill RocksDB's default
// 64 MiB memtable and a second one while the first is flushed: memory the
// hub needs for its index instead. Smaller memtables flush more often;
// entries are written once and rarely read, so the extra flushes cost
// little.
constexpr size_t kWriteBufferBytes = 8 << 20;
// One block cache for every family (RocksDB gives each its own 8 MiB):
// after start-up the hub reads the store mostly to export, one agency at
// a time, and the search index answers searches.
constexpr size_t kBlockCacheBytes = 8 << 20;

std::string IndexFactsKey(const std::string& agency) {
  return absl::StrCat("index-facts/", agency);
}

std::string AgencyKey(const std::string& agency, uint64_t n) {
  return absl::StrCat(agency, std::string(1, '\0'), SequenceKey(n));
}

}  // namespace

absl::StatusOr<std::unique_ptr<HubStore>> HubStore::Open(const std::string& dir,
                                                         bool read_only,
                                                         bool compress) {
  DbOpenOptions options;
  options.read_only = read_only;
  options.compress = compress;
  options.write_buffer_bytes = kWriteBufferBytes;
  options.block_cache_bytes = kBlockCacheBytes;
  options.format = kHubStoreFormat;
  options.program = "disclosure-hub";
  auto opened =
      OpenDb(dir, {std::begin(kFamilyNames), std::end(kFamilyNames)}, options);
  DN_RETURN_IF_ERROR(opened.status());
  std::unique_ptr<HubStore> store(new HubStore());
  store->db_ = std::move(opened->db);
  store->handles_ = std::move(opened->handles);
  store->dir_ = dir;
  store->read_only_ = read_only;
  return store;
}

absl::StatusOr<StoreBackup> HubStore::Backup(const std::string& backup_dir,
                                             const std::string& metadata) {
  DN_RETURN_IF_ERROR(CheckBackupDir(backup_dir, dir_));
  return BackupDb(db_.get(), backup_dir, metadata);
}

uint64_t HubStore::SizeBytes() const { return StoreBytes(db_.get(), handles_); }

HubStore::~HubStore() {
  // A clean shutdown writes the memtables out, so that the next start does
  // not replay the write-ahead log (about an eighth of a start over 100,000
  // entries). Best effort: if it fails (a full disk), the log is replayed.
  if (db_ != nullptr && !read_only_) {
    (void)db_->Flush(rocksdb::FlushOptions(), handles_);
  }
  for (auto* h : handles_) {
    if (db_ != nullptr) db_->DestroyColumnFamilyHandle(h);
  }
  if (db_ != nullptr) db_->Close();
}

absl::StatusOr<std::optional<v1h::AgencyState>> HubStore::GetAgency(
    const std::string& agency_id) const {
  return GetProto<v1h::AgencyState>(db_.get(), cf(kAgencies), agency_id);
}

absl::StatusOr<std::vector<v1h::AgencyState>> HubStore::ListAgencies() const {
  std::vector<v1h::AgencyState> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kAgencies)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    v1h::AgencyState a;
    if (!a.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError("stored agency state is corrupt");
    }
    out.push_back(std::move(a));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing agencies");
  return out;
}

absl::Status HubStore::PutAgencyState(const v1h::AgencyState& state,
                                      bool sync) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(
      db_->Put(wo, cf(kAgencies), state.agency_id(), state.SerializeAsString()),
      "writing agency state");
}

absl::StatusOr<std::vector<std::string>> HubStore::GetManifests(
    const std::string& agency) const {
  std::vector<std::string> out;
  const std::string prefix = agency + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kManifests)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    if (it->key() != AgencyKey(agency, out.size())) {
      return absl::DataLossError(
          absl::StrCat("manifest ", out.size(), " of ", agency, " missing"));
    }
    out.push_back(it->value().ToString());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading manifests");
  return out;
}

absl::StatusOr<v1h::SnapshotRecord> HubStore::GetSnapshot(
    const std::string& agency, uint64_t sequence) const {
  DN_ASSIGN_OR_RETURN(
      auto r, GetProto<v1h::SnapshotRecord>(db_.get(), cf(kSnapshots),
                                            AgencyKey(agency, sequence)));
  if (!r.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no accepted snapshot ", sequence, " of ", agency));
  }
  return *std::move(r);
}

absl::StatusOr<std::vector<uint64_t>> HubStore::ListSnapshots(
    const std::string& agency) const {
  std::vector<uint64_t> out;
  const std::string prefix = agency + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kSnapshots)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    uint64_t seq = 0;
    for (size_t i = prefix.size(); i < it->key().size(); ++i) {
      seq = seq << 8 | static_cast<uint8_t>(it->key()[i]);
    }
    out.push_back(seq);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing snapshots");
  return out;
}

absl::StatusOr<std::string> HubStore::GetEntry(const Hash& leaf_hash) const {
  return GetContentAddressed(db_.get(), cf(kEntries), ToString(leaf_hash));
}

absl::StatusOr<std::vector<std::string>> HubStore::GetEntries(
    const std::vector<std::string>& leaf_hashes) const {
  for (const std::string& h : leaf_hashes) {
    if (h.size() != kHashSize) {
      return absl::DataLossError("stored leaf hash is corrupt");
    }
  }
  return GetContentAddressedBatch(db_.get(), cf(kEntries), leaf_hashes);
}

absl::Status HubStore::Accept(const Acceptance& a) {
  rocksdb::WriteBatch batch;
  const std::string& agency = a.state.agency_id();
  for (size_t i = 0; i < a.new_manifests.size(); ++i) {
    batch.Put(cf(kManifests), AgencyKey(agency, a.first_manifest + i),
              a.new_manifests[i]);
  }
  // In key (hash) order: the memtable looks for each key's place from
  // where the last one went, so random order meant a search from the top
  // for every entry (a sixth of a full harvest's CPU).
  std::vector<const std::pair<Hash, absl::string_view>*> entries;
  entries.reserve(a.entries.size());
  for (const auto& e : a.entries) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(),
            [](const auto* x, const auto* y) { return x->first < y->first; });
  for (const auto* e : entries) {
    const absl::string_view key = AsBytes(e->first);
    batch.Put(cf(kEntries), rocksdb::Slice(key.data(), key.size()),
              rocksdb::Slice(e->second.data(), e->second.size()));
  }
  batch.Put(cf(kSnapshots), AgencyKey(agency, a.sequence),
            a.snapshot.SerializeAsString());
  batch.Put(cf(kAgencies), agency, a.state.SerializeAsString());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Write(wo, &batch), "accepting snapshot");
}

absl::StatusOr<std::optional<v1h::IndexFacts>> HubStore::GetIndexFacts(
    const std::string& agency_id) const {
  return GetProto<v1h::IndexFacts>(db_.get(), cf(kDefault),
                                   IndexFactsKey(agency_id));
}

absl::Status HubStore::PutIndexFacts(const std::string& agency_id,
                                     const v1h::IndexFacts& facts) {
  return FromRocks(
      db_->Put(rocksdb::WriteOptions(), cf(kDefault), IndexFactsKey(agency_id),
               facts.SerializeAsString()),
      absl::StrCat("saving the index's facts of ", agency_id));
}

absl::Status HubStore::AddEvidence(const v1h::Evidence& e) {
  static std::atomic<uint64_t> counter{0};
  const std::string key = absl::StrCat(
      AgencyKey(e.agency_id(), static_cast<uint64_t>(e.observed_at())),
      std::string(1, '\0'), SequenceKey(counter++));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Put(wo, cf(kEvidence), key, e.SerializeAsString()),
                   "writing evidence");
}

absl::StatusOr<std::vector<v1h::Evidence>> HubStore::ListEvidence(
    const std::string& agency) const {
  std::vector<v1h::Evidence> out;
  const std::string prefix = agency + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kEvidence)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    v1h::Evidence e;
    if (!e.ParseFromArray(it->value().data(),
                          static_cast<int>(it->value().size()))) {
      return absl::DataLossError("stored evidence is corrupt");
    }
    out.push_back(std::move(e));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing evidence");
  return out;
}

}  // namespace disclosure::hub
