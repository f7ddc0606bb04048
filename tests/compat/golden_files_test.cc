// The golden files of formats 1 and 2 (tests/testdata/format-N, written by
// tests/compat/golden_writer): this release must read and verify every one
// of them, as a later release must; and it must still write exactly them,
// so that a change of a format cannot slip in unnoticed (raise the format
// number instead, add the new format's files beside these and keep reading
// these: docs/compatibility.md). Every test runs once per format.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/file_util.h"
#include "format/checkpoint.h"
#include "format/cosignature.h"
#include "format/manifest.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/proof_bundle.h"
#include "format/snapshot_tree.h"
#include "format/withholding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/stats/aggregator.h"
#include "node/storage/node_store.h"
#include "rocksdb/db.h"
#include "tests/compat/golden_format.h"
#include "tests/compat/raw_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure::testing {
namespace {

// The format whose files the running test reads (GoldenFilesTest sets it).
uint32_t g_format = 1;

std::string GoldenDir() {
  return absl::StrCat("tests/testdata/format-", g_format);
}

std::string Golden(const std::string& name) {
  absl::StatusOr<std::string> bytes =
      ReadFile(absl::StrCat(GoldenDir(), "/", name), 1 << 20);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.value_or("");
}

class GoldenFilesTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override { g_format = GetParam(); }
};

std::string Line(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST_P(GoldenFilesTest, ManifestsParse) {
  for (const char* name : {"manifest-0.bin", "manifest-1.bin"}) {
    absl::StatusOr<v1::SnapshotManifest> m = ParseManifest(Golden(name));
    ASSERT_TRUE(m.ok()) << name << ": " << m.status();
    EXPECT_EQ(m->format_version(), g_format);
    EXPECT_EQ(m->agency_id(), "golden");
  }
}

TEST_P(GoldenFilesTest, CheckpointVerifiesWithBothKeys) {
  DN_ASSERT_OK_AND_ASSIGN(auto agency,
                          NewNoteVerifier(Line(Golden("agency.vkey"))));
  DN_ASSERT_OK_AND_ASSIGN(auto cosigner,
                          NewNoteVerifier(Line(Golden("cosigner.vkey"))));
  DN_ASSERT_OK_AND_ASSIGN(
      OpenedNote note,
      OpenNote(Golden("checkpoint.note"), {agency.get(), cosigner.get()}));
  EXPECT_EQ(note.verified.size(), 2u);
  DN_ASSERT_OK_AND_ASSIGN(Checkpoint cp, ParseCheckpoint(note.text));
  EXPECT_EQ(cp.origin, kGoldenOrigin);
  EXPECT_EQ(cp.size, 2u);
}

TEST_P(GoldenFilesTest, EntriesParse) {
  for (const char* name : {"entry-agency.bin", "entry-db-a.bin",
                           "entry-db-b.bin", "entry-stats-2026-H1.bin"}) {
    absl::StatusOr<v1::DisclosureEntry> e = ParseEntry(Golden(name));
    ASSERT_TRUE(e.ok()) << name << ": " << e.status();
    DN_EXPECT_OK(CheckEntryFormat(*e, g_format)) << name;
  }
}

// Format 2 carries what format 1 cannot: withholding and the statistics'
// scope; a reader refuses them under format 1.
TEST_P(GoldenFilesTest, WithholdingIsFormat2Only) {
  DN_ASSERT_OK_AND_ASSIGN(v1::DisclosureEntry db,
                          ParseEntry(Golden("entry-db-b.bin")));
  DN_ASSERT_OK_AND_ASSIGN(v1::DisclosureEntry stats,
                          ParseEntry(Golden("entry-stats-2026-H1.bin")));
  if (g_format == 1) {
    EXPECT_TRUE(WithheldItems(db.database()).empty());
    EXPECT_EQ(stats.statistics().scope(), v1::STATISTICS_SCOPE_UNSPECIFIED);
    return;
  }
  EXPECT_EQ(WithheldItems(db.database()).size(), 2u);
  EXPECT_FALSE(db.database().has_record_sources());
  EXPECT_EQ(stats.statistics().scope(),
            v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  EXPECT_FALSE(CheckEntryFormat(db, 1).ok());
  EXPECT_FALSE(CheckEntryFormat(stats, 1).ok());
}

TEST_P(GoldenFilesTest, BundleVerifiesOffline) {
  DN_ASSERT_OK_AND_ASSIGN(auto agency,
                          NewNoteVerifier(Line(Golden("agency.vkey"))));
  DN_ASSERT_OK_AND_ASSIGN(auto cosigner,
                          NewNoteVerifier(Line(Golden("cosigner.vkey"))));
  BundleTrust trust;
  trust.origin = kGoldenOrigin;
  trust.log_keys = {agency.get()};
  trust.witnesses = {cosigner.get()};
  trust.min_cosignatures = 1;
  DN_ASSERT_OK_AND_ASSIGN(
      VerifiedBundle b,
      VerifyProofBundleBytes(Golden("bundle-db-a.bin"), trust));
  ASSERT_TRUE(b.entry.has_value());
  EXPECT_EQ(b.entry->key(), "db/db-a");
  EXPECT_EQ(b.entry->SerializeAsString(), Golden("entry-db-a.bin"));
}

// A manifest or bundle of a format newer than this release reads is
// refused with what to do, never read as if it were format 1.
TEST_P(GoldenFilesTest, ANewerFormatIsRefusedWithWhatToDo) {
  v1::SnapshotManifest m;
  ASSERT_TRUE(m.ParseFromString(Golden("manifest-1.bin")));
  m.set_format_version(kSnapshotFormatVersion + 1);
  EXPECT_THAT(
      ParseManifest(m.SerializeAsString()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               ::testing::AllOf(::testing::HasSubstr("version 3 is newer"),
                                ::testing::HasSubstr("upgrade it"))));
  v1::ProofBundle b;
  ASSERT_TRUE(b.ParseFromString(Golden("bundle-db-a.bin")));
  b.set_format_version(2);
  BundleTrust trust;
  EXPECT_THAT(VerifyProofBundle(b, trust),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("version 2 is newer")));
}

// A RocksDB folder holding exactly the records of node-store.txt, as a
// node of that format left them on disk.
void RebuildStore(const std::string& dir) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by;
  for (absl::string_view line :
       absl::StrSplit(Golden("node-store.txt"), '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 3u) << line;
    by[f[0]].emplace_back(absl::HexStringToBytes(f[1]),
                          absl::HexStringToBytes(f[2]));
  }
  std::vector<std::string> families;
  for (const auto& [name, records] : by) families.push_back(name);
  auto store =
      testing::RawStore::Open(dir, testing::RawStore::kCreate, families);
  ASSERT_TRUE(store.ok()) << store.status();
  for (const auto& [name, records] : by) {
    for (const auto& [k, v] : records) {
      ASSERT_TRUE(
          (*store)
              ->db()
              ->Put(rocksdb::WriteOptions(), (*store)->family(name), k, v)
              .ok());
    }
  }
}

// A store written by a node of that format opens in this release: its log
// has the golden checkpoint's root, and its entries are the golden ones.
TEST_P(GoldenFilesTest, AFormat1NodeStoreOpensAndServesItsLog) {
  TempDir dir;
  const std::string store_dir = dir.File("store");
  RebuildStore(store_dir);
  DN_ASSERT_OK_AND_ASSIGN(auto store, node::OpenNodeStore(store_dir));
  DN_ASSERT_OK_AND_ASSIGN(auto log,
                          node::AgencyLog::Load(*store, kGoldenOrigin));
  DN_ASSERT_OK_AND_ASSIGN(auto agency,
                          NewNoteVerifier(Line(Golden("agency.vkey"))));
  DN_ASSERT_OK_AND_ASSIGN(OpenedNote note,
                          OpenNote(Golden("checkpoint.note"), {agency.get()}));
  DN_ASSERT_OK_AND_ASSIGN(Checkpoint cp, ParseCheckpoint(note.text));
  EXPECT_EQ(log->size(), cp.size);
  EXPECT_TRUE(log->root() == cp.root);
  node::SnapshotReader reader(store.get());
  DN_ASSERT_OK_AND_ASSIGN(auto entry, reader.GetEntry(1, "db/db-a"));
  EXPECT_EQ(entry.present().entry(), Golden("entry-db-a.bin"));
}

// This release writes each format byte for byte: signed messages and store
// records alike.
TEST_P(GoldenFilesTest, ThisReleaseStillWritesFormat1) {
  TempDir out, work;
  DN_ASSERT_OK(WriteGoldenFiles(out.path(), work.path(), g_format));
  for (const std::string& name : GoldenFileNames()) {
    absl::StatusOr<std::string> now = ReadFile(out.File(name), 1 << 20);
    ASSERT_TRUE(now.ok()) << now.status();
    EXPECT_TRUE(*now == Golden(name))
        << name << " as written today differs from " << GoldenDir() << "/"
        << name << ". If the format changed on purpose, raise its number, "
        << "add the new format's golden files (golden_writer) beside the "
        << "others and keep reading them (docs/compatibility.md).";
  }
}

std::string FormatName(const ::testing::TestParamInfo<uint32_t>& p) {
  return absl::StrCat("Format", p.param);
}

INSTANTIATE_TEST_SUITE_P(Formats, GoldenFilesTest, ::testing::Values(1u, 2u),
                         FormatName);

}  // namespace
}  // namespace disclosure::testing
