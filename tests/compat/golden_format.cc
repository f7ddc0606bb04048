#include "tests/compat/golden_format.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/file_util.h"
#include "core/periods.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/publisher.h"
#include "node/snapshot/signed_state.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "rocksdb/db.h"
#include "tests/compat/raw_store.h"
#include "tests/testing/sample_inventory.h"

namespace disclosure::testing {
namespace {

namespace v1 = disclosure::v1;

// The entries of snapshot 1 kept as golden files, by file name.
const std::vector<std::pair<std::string, std::string>> kEntryFiles = {
    {"entry-agency.bin", "agency"},
    {"entry-db-a.bin", "db/db-a"},
    {"entry-db-b.bin", "db/db-b"},
    {"entry-stats-2026-H1.bin", "stats/2026-H1"},
};

// A key from a fixed seed: the same bytes on every run.
std::shared_ptr<Ed25519PrivateKey> FixedKey(char fill) {
  return std::shared_ptr<Ed25519PrivateKey>(
      *Ed25519PrivateKey::FromSeed(std::string(kEd25519SeedSize, fill)));
}

absl::Status Write(const std::string& dir, const std::string& name,
                   const std::string& bytes) {
  return ReplaceFileDurably(dir + "/" + name, bytes, 0644);
}

// Every record of the store in `db_dir` but the record salt secret, one
// line each: family, key and value in hex. Read with RocksDB directly, so
// the dump shows what is on disk, not what this release makes of it.
absl::StatusOr<std::string> DumpStore(const std::string& db_dir) {
  DN_ASSIGN_OR_RETURN(
      std::unique_ptr<testing::RawStore> store,
      testing::RawStore::Open(db_dir, testing::RawStore::kReadOnly));
  std::string out;
  for (size_t i = 0; i < store->handles().size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(
        store->db()->NewIterator(rocksdb::ReadOptions(), store->handles()[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().ToString() == "record_salt_secret") continue;
      absl::StrAppend(&out, store->names()[i], "\t",
                      absl::BytesToHexString(it->key().ToString()), "\t",
                      absl::BytesToHexString(it->value().ToString()), "\n");
    }
  }
  return out;
}

// db-b as format 2 publishes it: its record sources and a linkage withheld.
v1::DatabaseEntry WithholdingDatabase() {
  v1::DatabaseEntry db = SampleDatabase("golden", "db-b");
  const v1::Withholding w = SampleWithholding(3, "2027-06-30");
  db.clear_record_sources();
  v1::WithheldField* f = db.add_withheld_fields();
  f->set_field("record_sources");
  *f->mutable_withholding() = w;
  *db.add_linkages()->mutable_withheld() = w;
  return db;
}

}  // namespace

std::vector<std::string> GoldenFileNames() {
  std::vector<std::string> names = {
      "agency.vkey",    "bundle-db-a.bin", "checkpoint.note", "cosigner.vkey",
      "manifest-0.bin", "manifest-1.bin",  "node-store.txt"};
  for (const auto& [file, key] : kEntryFiles) names.push_back(file);
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status WriteGoldenFiles(const std::string& dir, const std::string& work,
                              uint32_t format_version) {
  std::filesystem::create_directories(dir);
  const std::string db_dir = work + "/store";
  FakeClock clock(
      absl::FromCivil(absl::CivilSecond(2026, 8, 1, 9, 0, 0), TaipeiTime()));
  DN_ASSIGN_OR_RETURN(auto signer,
                      Ed25519NoteSigner::Create(kGoldenOrigin, FixedKey(1)));
  DN_ASSIGN_OR_RETURN(
      auto cosigner,
      CosignatureSigner::Create(kGoldenCosigner, FixedKey(2), [&clock] {
        return static_cast<uint64_t>(absl::ToUnixSeconds(clock.Now()));
      }));
  std::string checkpoint;
  {
    DN_ASSIGN_OR_RETURN(auto store, node::OpenNodeStore(db_dir));
    DN_ASSIGN_OR_RETURN(auto keeper, node::SignedStateKeeper::Open(
                                         db_dir + ".signed-checkpoint",
                                         store.get(), kGoldenOrigin, false));
    DN_ASSIGN_OR_RETURN(auto log, node::AgencyLog::Load(*store, kGoldenOrigin));
    node::PublisherOptions o;
    o.agency_id = "golden";
    o.statistics.agency_id = "golden";
    o.statistics.counting_rule = "one letter to one provider counts once";
    o.statistics.tracked_from = "2026-H1";
    o.format_version = format_version;
    o.statistics.format_version = format_version;
    node::Publisher publisher(store.get(), log.get(), keeper.get(),
                              signer.get(), &clock, o);
    auto profile = SampleProfile("golden");
    DN_RETURN_IF_ERROR(
        store->WriteInventory(&profile, {SampleDatabase("golden", "db-a")}));
    DN_RETURN_IF_ERROR(publisher.Publish().status());
    clock.Advance(absl::Hours(1));
    DN_RETURN_IF_ERROR(store->WriteInventory(
        nullptr, {format_version >= 2 ? WithholdingDatabase()
                                      : SampleDatabase("golden", "db-b")}));
    DN_ASSIGN_OR_RETURN(auto s1, publisher.Publish());
    DN_ASSIGN_OR_RETURN(checkpoint,
                        AddNoteSignatures(s1.checkpoint(), {cosigner.get()}));

    for (uint64_t seq : {0, 1}) {
      DN_ASSIGN_OR_RETURN(std::string m, store->GetManifest(seq));
      DN_RETURN_IF_ERROR(Write(dir, absl::StrCat("manifest-", seq, ".bin"), m));
    }
    node::SnapshotReader reader(store.get());
    for (const auto& [file, key] : kEntryFiles) {
      DN_ASSIGN_OR_RETURN(auto got, reader.GetEntry(1, key));
      DN_RETURN_IF_ERROR(Write(dir, file, got.present().entry()));
    }
    DN_ASSIGN_OR_RETURN(auto entry, reader.GetEntry(1, "db/db-a"));
    v1::ProofBundle bundle;
    bundle.set_format_version(1);
    *bundle.mutable_present() = entry.present();
    DN_ASSIGN_OR_RETURN(*bundle.mutable_manifest(), store->GetManifest(1));
    DN_ASSIGN_OR_RETURN(*bundle.mutable_manifest_proof(),
                        log->ManifestProof(1, 2));
    bundle.set_checkpoint(checkpoint);
    std::string bundle_bytes;
    bundle.SerializeToString(&bundle_bytes);
    DN_RETURN_IF_ERROR(Write(dir, "bundle-db-a.bin", bundle_bytes));
  }
  DN_RETURN_IF_ERROR(Write(dir, "checkpoint.note", checkpoint));
  DN_RETURN_IF_ERROR(Write(dir, "agency.vkey", signer->vkey() + "\n"));
  DN_RETURN_IF_ERROR(Write(dir, "cosigner.vkey", cosigner->vkey() + "\n"));
  DN_ASSIGN_OR_RETURN(std::string dump, DumpStore(db_dir));
  return Write(dir, "node-store.txt", dump);
}

}  // namespace disclosure::testing
