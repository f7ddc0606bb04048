// The static export as the public and auditors get it: numbers that mean
// what they say (statistics sums equal signed totals, "not tracked" is no
// number), directions and names kept, freshness right after a node goes and
// comes back, and `verify export` (tools/verify) passing a good export and
// failing each tampering, including those a dishonest hub could make with
// its own export key (it re-signs the listing): an entry byte, a proof
// hash, a table row, a checkpoint, a history proof, evidence, stale
// bundles; and the listing's signature, wrong keys, partial exports.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "disclosure/v1/export.pb.h"
#include "format/checkpoint.h"
#include "format/encoding.h"
#include "format/note.h"
#include "format/sha256.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hub/export/site_text.h"
#include "hub/export/site_values.h"
#include "hub/index/disclosure_index.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tools/verify/export_verifier.h"

namespace disclosure {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::NodeVkey;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::SampleWithholding;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

absl::Time Taipei(int y, int m, int d) {
  return absl::FromCivil(absl::CivilDay(y, m, d),
                         absl::FixedTimeZone(8 * 3600));
}

void Seed(NodeHarness& n, const std::string& agency,
          const std::vector<v1::DatabaseEntry>& dbs,
          const std::vector<v1::ProviderRequestRecord>& records) {
  auto admin = n.Admin();
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = SampleProfile(agency);
  v1n::WriteResponse w;
  ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
  v1n::UpsertDatabaseEntriesRequest d;
  for (const auto& db : dbs) *d.add_entries() = db;
  ASSERT_TRUE(admin->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  if (!records.empty()) {
    v1n::AppendRequestRecordsResponse ar;
    auto ctx = Ctx();
    auto writer = admin->AppendRequestRecords(ctx.get(), &ar);
    v1n::AppendRequestRecordsRequest req;
    for (const auto& r : records) *req.add_records() = r;
    ASSERT_TRUE(writer->Write(req));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(Ctx().get(), {}, &r).ok());
}

std::vector<v1::ProviderRequestRecord> Requests(int mobile, int isp) {
  std::vector<v1::ProviderRequestRecord> out;
  for (int i = 0; i < mobile + isp; ++i) {
    auto r = SampleRequest(absl::StrCat("r-", i), Taipei(2026, 3, 1 + i % 20));
    if (i >= mobile) r.set_provider_type(v1::PROVIDER_TYPE_ISP);
    if (i % 3 == 0) r.add_data_types(v1::REQUESTED_DATA_TYPE_TRAFFIC);
    out.push_back(r);
  }
  return out;
}

std::string Read(const std::string& path) {
  auto text = ReadFile(path, 256 << 20);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

void Overwrite(const std::string& path, const std::string& content) {
  fs::remove(path);
  ASSERT_TRUE(WriteNewFile(path, content, 0644).ok());
}

// Rows of a CSV file of the export as maps from column name to cell.
std::vector<std::map<std::string, std::string>> CsvRows(
    const std::string& path) {
  auto table = ParseCsv(Read(path), CsvLimits());
  EXPECT_TRUE(table.ok()) << table.status();
  std::vector<std::map<std::string, std::string>> out;
  if (!table.ok() || table->rows.empty()) return out;
  std::vector<std::string> header = table->rows[0].fields;
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0)
    header[0] = header[0].substr(3);
  for (size_t i = 1; i < table->rows.size(); ++i) {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < header.size(); ++c)
      row[header[c]] =
          c < table->rows[i].fields.size() ? table->rows[i].fields[c] : "";
    out.push_back(row);
  }
  return out;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"mof", "moi", "mohw"}) {
      nodes_[id] = std::make_unique<NodeHarness>(dir_.File(id), &pki_, id);
    }
    nodes_["mohw"]->config().clear_statistics_tracked_from();  // not tracked
    for (auto& [id, n] : nodes_)
      ASSERT_THAT(n->Start(&clock_), ::disclosure::testing::IsOk());
    auto hwdc = SampleDatabase("mohw", "hwdc");
    auto* in = hwdc.add_linkages();
    in->set_linked_entry_id("mof/tax-data");
    in->set_direction(v1::Linkage::DIRECTION_INBOUND);
    in->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
    in->mutable_purpose()->set_zh_tw("所得資料串接");
    in->add_legal_basis()->set_statute("統計法");
    Seed(*nodes_["mof"], "mof", {SampleDatabase("mof", "tax-data")},
         Requests(20, 12));
    Seed(*nodes_["moi"], "moi", {SampleDatabase("moi", "id-photos")}, {});
    Seed(*nodes_["mohw"], "mohw", {hwdc}, {});
    for (auto& [id, n] : nodes_) hub_.Register(id, *n);
    site_ = dir_.File("site");
    hub_.config().set_export_dir(site_);
    ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
    hub_.hub().HarvestNow(true);  // exports: the state changed
    ASSERT_TRUE(fs::is_symlink(site_));
  }

  std::vector<std::string> TrustedVkeys() {
    std::vector<std::string> keys = {hub_.hub().cosigner_vkey(),
                                     hub_.hub().export_vkey()};
    for (auto& [id, n] : nodes_) keys.push_back(NodeVkey(*n));
    return keys;
  }

  verify::ExportReport Verify(const std::vector<std::string>& vkeys) {
    auto keys = verify::TrustedKeys::FromTexts(vkeys);
    EXPECT_TRUE(keys.ok()) << keys.status();
    auto report = verify::VerifyExport(site_, *keys, clock_.Now());
    EXPECT_TRUE(report.ok()) << report.status();
    return *report;
  }
  verify::ExportReport Verify() { return Verify(TrustedVkeys()); }

  // What a dishonest hub can do: change files, then list and sign them
  // again with its own export key (in one top listing: the agency listings
  // go).
  // `first_line`: the listing's format line, if not the one it has.
  void ResignListing(const std::string& first_line = "") {
    fs::remove_all(site_ + "/listings");
    const std::string txt = Read(site_ + "/export-manifest.txt");
    std::string header;
    for (absl::string_view line : absl::StrSplit(txt, '\n')) {
      if (line.empty() || absl::StartsWith(line, "file ")) continue;
      if (header.empty() && !first_line.empty()) line = first_line;
      absl::StrAppend(&header, line, "\n");
    }
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(site_)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), site_).string();
      if (absl::StartsWith(rel, "export-manifest.")) continue;
      files[rel] = HexEncode(AsBytes(Sha256::Of(Read(e.path().string()))));
    }
    for (const auto& [name, sha] : files)
      absl::StrAppend(&header, "file ", sha, " ", name, "\n");
    WriteSignedListing(header);
  }

  // Writes `txt` as the top listing and signs it with the export key.
  void WriteSignedListing(const std::string& txt) {
    Overwrite(site_ + "/export-manifest.txt", txt);
    std::vector<std::string> lines = absl::StrSplit(txt, '\n');
    const std::string note_text =
        absl::StrCat(lines[0], "\n", lines[1], "\nexport-manifest.txt ",
                     HexEncode(AsBytes(Sha256::Of(txt))), "\n");
    auto key = *ReadPrivateKeyFile(hub_.config().export_signing_key_file());
    auto signer = *NewNoteSigner(key);
    Overwrite(site_ + "/export-manifest.note",
              *SignNote(note_text, {signer.get()}));
  }

  // The top listing's lines for `paths` hashed again from disk and the
  // listing signed again: a dishonest hub that edits an agency listing.
  void ResignTopListing(const std::vector<std::string>& paths) {
    std::string txt = Read(site_ + "/export-manifest.txt");
    for (const std::string& path : paths) {
      const size_t at = txt.find(absl::StrCat(" ", path, "\n"));
      ASSERT_NE(at, std::string::npos) << path;
      txt.replace(at - 64, 64,
                  HexEncode(AsBytes(Sha256::Of(Read(site_ + "/" + path)))));
    }
    WriteSignedListing(txt);
  }

  // mof's 2026-H1 gains 3 requests to a third provider type: a row below
  // the threshold, banded (1-9); harvested and exported again.
  void AddBandedRow() {
    std::vector<v1::ProviderRequestRecord> more;
    for (int i = 0; i < 3; ++i) {
      auto r = SampleRequest(absl::StrCat("late-", i), Taipei(2026, 4, 2));
      r.set_provider_type(v1::PROVIDER_TYPE_SOCIAL_PLATFORM);
      more.push_back(r);
    }
    Seed(*nodes_["mof"], "mof", {SampleDatabase("mof", "tax-data")}, more);
    hub_.hub().HarvestNow(true);
    DN_ASSERT_OK(hub_.hub().Export(site_, true));
  }

  std::string FailuresOf(const verify::ExportReport& r) {
    std::string out;
    for (const auto& c : r.checks) {
      if (c.outcome == verify::Check::kFailed)
        absl::StrAppend(&out, c.step, ": ", c.detail, "\n");
    }
    return out;
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::FixedTimeZone(8 * 3600))};
  std::map<std::string, std::unique_ptr<NodeHarness>> nodes_;
  HubHarness hub_{dir_.File("hub"), &pki_};
  std::string site_;
};

TEST_F(ExportTest, StatisticsRowsSumToTheSignedTotals) {
  std::map<std::pair<std::string, std::string>, long> sums;
  for (const auto& row : CsvRows(site_ + "/statistics.csv")) {
    ASSERT_EQ(row.at("banded"), "false");
    sums[std::make_pair(row.at("agency_id"), row.at("period"))] +=
        std::stol(row.at("requests"));
  }
  int reported = 0;
  for (const auto& t : CsvRows(site_ + "/statistics-totals.csv")) {
    SCOPED_TRACE(t.at("agency_id") + " " + t.at("period"));
    EXPECT_EQ(t.at("synthetic"), "true");  // sample profiles are synthetic
    if (t.at("reporting_status") == "REPORTING_STATUS_REPORTED") {
      ++reported;
      const long sum = sums[std::make_pair(t.at("agency_id"), t.at("period"))];
      EXPECT_EQ(std::stol(t.at("requests")), sum);
    }
    if (t.at("reporting_status") == "REPORTING_STATUS_NOT_TRACKED") {
      EXPECT_EQ(t.at("agency_id"), "mohw");
      EXPECT_EQ(t.at("requests"), "");  // never a number
      EXPECT_EQ(t.at("reporting_status_zh"), "未統計");
    }
  }
  EXPECT_EQ(reported, 1);
  EXPECT_EQ(sums[std::make_pair(std::string("mof"), std::string("2026-H1"))],
            32);
  // The data-type cell overlaps by design and is not a count column.
  EXPECT_THAT(Read(site_ + "/statistics.csv"),
              HasSubstr("REQUESTED_DATA_TYPE_TRAFFIC="));
}

TEST_F(ExportTest, BandedRowsLeaveTheTotalEmpty) {
  // A third provider type with 3 requests: banded, so the period's total is
  // not known publicly and must not be printed as the visible rows' sum.
  AddBandedRow();
  for (const auto& t : CsvRows(site_ + "/statistics-totals.csv")) {
    if (t.at("agency_id") != "mof") continue;
    EXPECT_EQ(t.at("banded_rows"), "1");
    EXPECT_EQ(t.at("requests"), "");
    EXPECT_EQ(t.at("version"), "2");
  }
  int banded = 0;
  for (const auto& row : CsvRows(site_ + "/statistics.csv")) {
    if (row.at("banded") != "true") continue;
    ++banded;
    EXPECT_EQ(row.at("requests"), "");
    EXPECT_EQ(row.at("band"), "1-9");
  }
  EXPECT_EQ(banded, 1);
}

TEST_F(ExportTest, BandedTotalsAreRangesNeverALowerBoundOrZero) {
  // 32 published requests and a banded row of 1-9: 33 to 41, nowhere 32.
  AddBandedRow();
  for (const auto& t : CsvRows(site_ + "/statistics-totals.csv")) {
    SCOPED_TRACE(t.at("agency_id"));
    if (t.at("agency_id") == "mof") {
      EXPECT_EQ(t.at("requests_low"), "33");
      EXPECT_EQ(t.at("requests_high"), "41");
    } else if (t.at("reporting_status") == "REPORTING_STATUS_NOT_TRACKED") {
      EXPECT_EQ(t.at("requests_low"), "");
      EXPECT_EQ(t.at("requests_high"), "");
    }
  }
  const std::string json = Read(site_ + "/statistics.json");
  v1::ExportedStatisticsList list;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  absl::StrCat("{\"items\":", json, "}"), &list)
                  .ok());
  int seen = 0;
  for (const v1::ExportedStatistics& e : list.items()) {
    SCOPED_TRACE(e.agency_id());
    const auto& s = e.statistics();
    if (e.agency_id() == "mof") {
      ++seen;
      EXPECT_EQ(e.total_requests().low(), 33);
      EXPECT_EQ(e.total_requests().high(), 41);
      EXPECT_EQ(e.banded_rows(), 1);
      EXPECT_FALSE(s.has_totals()) << "the published rows' sum is no total";
      EXPECT_EQ(e.published_rows_totals().requests(), 32);
      for (const auto& row : s.rows())
        EXPECT_EQ(row.has_counts(), !row.suppressed());
    }
    if (s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED) {
      EXPECT_FALSE(s.has_totals());
      EXPECT_FALSE(e.has_total_requests());
    }
  }
  EXPECT_EQ(seen, 1);
  // Never signed, so never printed as a count.
  EXPECT_THAT(json, Not(HasSubstr("\"subjects_notified\":\"0\"")));
  EXPECT_THAT(json, Not(HasSubstr("\"record_count\":\"0\"")));
  const std::string page = Read(site_ + "/requests/mof.html");
  EXPECT_THAT(page, HasSubstr("33–41"));
  // The list of agencies gives mof's latest period the same range.
  const std::string overview = Read(site_ + "/requests.html");
  EXPECT_THAT(overview, HasSubstr("<td>33–41</td>"));
  EXPECT_THAT(overview, HasSubstr("href=\"requests/mof.html\""));
  EXPECT_THAT(overview, Not(HasSubstr("<td>32</td>")));
  EXPECT_THAT(page, HasSubstr("只公布區間 1–9 件"));
  EXPECT_THAT(page, HasSubstr("少於 10 件"));
  EXPECT_THAT(page, Not(HasSubstr("≥")));
}

TEST_F(ExportTest, LinkagesSayWhoDeclaredThem) {
  // mof confirms the flow hwdc declares (tax data into hwdc); hwdc also
  // claims a flow into mof's other database that mof never declares, with
  // no legal basis.
  auto tax = SampleDatabase("mof", "tax-data");
  auto* back = tax.add_linkages();
  back->set_linked_entry_id("mohw/hwdc");
  back->set_direction(v1::Linkage::DIRECTION_OUTBOUND);
  back->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
  back->mutable_purpose()->set_zh_tw("提供統計研究");
  back->add_legal_basis()->set_statute("統計法");
  tax.set_change_note("新增串連");
  Seed(*nodes_["mof"], "mof", {tax, SampleDatabase("mof", "other")}, {});
  auto hwdc = SampleDatabase("mohw", "hwdc");
  hwdc.set_change_note("新增串連");
  auto* in = hwdc.add_linkages();
  in->set_linked_entry_id("mof/tax-data");
  in->set_direction(v1::Linkage::DIRECTION_INBOUND);
  in->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
  in->mutable_purpose()->set_zh_tw("收受財稅資料");
  in->add_legal_basis()->set_statute("統計法");
  // A use's linked entry carries the use's law, here none.
  auto* use = hwdc.mutable_out_of_purpose_uses(0);
  use->mutable_purpose()->set_zh_tw("單方宣稱");
  use->add_linked_entries("mof/other");
  Seed(*nodes_["mohw"], "mohw", {hwdc}, {});
  clock_.Advance(absl::Minutes(1));
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  std::map<std::pair<std::string, std::string>, std::string> confirmed;
  for (const auto& row : CsvRows(site_ + "/linkages.csv"))
    confirmed[{row.at("from_entry_id"), row.at("to")}] = row.at("confirmed");
  EXPECT_EQ((confirmed[{"mof/tax-data", "mohw/hwdc"}]), "true");
  EXPECT_EQ((confirmed[{"mohw/hwdc", "mof/tax-data"}]), "true");
  EXPECT_EQ((confirmed[{"mohw/hwdc", "mof/other"}]), "false");
  const std::string page = Read(site_ + "/linkages.html");
  // The confirmed flow once, under the end the data leaves.
  EXPECT_THAT(page, HasSubstr("提供統計研究"));
  EXPECT_THAT(page, Not(HasSubstr("收受財稅資料")));
  EXPECT_THAT(page, HasSubstr("雙方機關皆申報"));
  const size_t claim_at = page.find("單方宣稱");
  ASSERT_NE(claim_at, std::string::npos);
  const std::string claim_row =
      page.substr(claim_at, page.find("</tr>", claim_at) - claim_at);
  EXPECT_THAT(claim_row, HasSubstr("僅一方申報"));
  EXPECT_THAT(claim_row, HasSubstr("未載明法律依據"));
}

TEST_F(ExportTest, DirectionsAndNamesSurvive) {
  const std::string json = Read(site_ + "/linkages.json");
  EXPECT_THAT(json, HasSubstr("\"direction\":\"DIRECTION_INBOUND\""));
  bool found = false;
  for (const auto& row : CsvRows(site_ + "/linkages.csv")) {
    if (row.at("from_entry_id") != "mohw/hwdc" ||
        row.at("to") != "mof/tax-data")
      continue;
    found = true;
    EXPECT_EQ(row.at("direction"), "DIRECTION_INBOUND");
    EXPECT_THAT(row.at("direction_zh"), HasSubstr("由對方提供"));
  }
  EXPECT_TRUE(found);
  v1::ExportLabels labels;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Read(site_ + "/labels.json"), &labels)
                  .ok());
  EXPECT_EQ(labels.enums().at("PROVIDER_TYPE_MOBILE_TELECOM").zh_tw(),
            "行動電信業者");
  // Codes in the databases table carry the proto spelling and their names.
  const auto rows = CsvRows(site_ + "/databases.csv");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].at("collection_ground"),
            "COLLECTION_GROUND_ART15_1_STATUTORY_DUTY");
  EXPECT_THAT(Read(site_ + "/databases.json"), HasSubstr("\"labels\":{\""));
}

// coverage.json's list of what each incomplete database lacks is written
// one database at a time into the JSON the response would print.
TEST_F(ExportTest, CoverageListsWhatEachIncompleteDatabaseLacks) {
  v1::DatabaseEntry partial = SampleDatabase("moi", "partial");
  partial.clear_oversight();
  partial.clear_source_url();
  const std::string lacks = hub::MissingFields(partial, nullptr);
  ASSERT_FALSE(lacks.empty());
  Seed(*nodes_["moi"], "moi",
       {SampleDatabase("moi", "id-photos"), partial,
        SampleDatabase("moi", "zz-complete")},
       {});
  clock_.Advance(absl::Minutes(1));
  hub_.hub().HarvestNow(true);
  v1h::GetCoverageResponse coverage;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Read(site_ + "/coverage.json"), &coverage)
                  .ok())
      << Read(site_ + "/coverage.json");
  EXPECT_EQ(coverage.databases_total(), 5);
  EXPECT_THAT(lacks, HasSubstr("oversight"));
  EXPECT_EQ(coverage.missing_fields().at("moi/partial"), lacks);
  // What the index answers a GetCoverage call with.
  const v1h::GetCoverageResponse answer = hub_.hub().index().Coverage(
      {"mof", "moi", "mohw"}, coverage.last_period());
  EXPECT_EQ(coverage.databases_complete(), answer.databases_complete());
  EXPECT_EQ(coverage.missing_fields_size(), answer.missing_fields_size());
  for (const auto& [id, what] : answer.missing_fields())
    EXPECT_EQ(coverage.missing_fields().at(id), what) << id;
  EXPECT_EQ(coverage.milestones_size(), 2);
}

TEST_F(ExportTest, FreshnessFollowsANodeThatGoesAndComesBack) {
  const auto freshness_of = [&](const std::string& id) {
    for (absl::string_view line :
         absl::StrSplit(Read(site_ + "/agencies.json"), '\n')) {
      if (absl::StrContains(line, absl::StrCat("\"agency_id\":\"", id, "\"")))
        return std::string(line);
    }
    return std::string();
  };
  EXPECT_THAT(freshness_of("moi"), HasSubstr("FRESHNESS_FRESH"));
  NodeHarness& moi = *nodes_["moi"];
  const int port = moi.node().snapshot_port();
  moi.Stop();
  hub_.hub().HarvestNow(true);  // nothing accepted; the state changed
  EXPECT_THAT(freshness_of("moi"), HasSubstr("FRESHNESS_UNREACHABLE"));
  moi.config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  ASSERT_THAT(moi.Start(&clock_), ::disclosure::testing::IsOk());
  // Unchanged snapshot, reachable again (once the channel reconnects).
  for (int i = 0; i < 50; ++i) {
    hub_.hub().HarvestNow(true);
    if (absl::StrContains(freshness_of("moi"), "FRESHNESS_FRESH")) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_THAT(freshness_of("moi"), HasSubstr("FRESHNESS_FRESH"));
  clock_.Advance(absl::Hours(24 * 4));  // past the snapshots' validity
  hub_.hub().HarvestNow(false);         // nothing due: still re-exported
  EXPECT_THAT(freshness_of("moi"), HasSubstr("FRESHNESS_OVERDUE"));
}

TEST_F(ExportTest, AGoodExportVerifies) {
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
  int complete = 0;
  for (const auto& c : r.checks)
    if (absl::StartsWith(c.step, "bundles ") &&
        absl::StartsWith(c.detail, "complete: all"))
      ++complete;
  EXPECT_EQ(complete, 3);  // every agency's snapshot, whole
  // Every entry has a bundle: profile, database, statistics.
  EXPECT_TRUE(fs::exists(site_ + "/bundles/mof/agency.bundle"));
  EXPECT_TRUE(fs::exists(site_ + "/bundles/mof/stats/2026-H1.bundle"));
  EXPECT_TRUE(fs::exists(site_ + "/proto/disclosure/v1/proof.proto"));
  EXPECT_THAT(Read(site_ + "/VERIFY.md"), HasSubstr("sumdb/note"));
}

TEST_F(ExportTest, HistoryHasConsistencyProofsAcrossPublications) {
  Seed(*nodes_["moi"], "moi", {SampleDatabase("moi", "id-photos-2")}, {});
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  v1::CheckpointHistory h;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Read(site_ + "/history/moi.json"), &h)
                  .ok());
  ASSERT_EQ(h.checkpoints_size(), 2);
  EXPECT_EQ(h.checkpoints(1).consistency_from_previous().size1(), 1u);
  EXPECT_EQ(h.checkpoints(1).consistency_from_previous().size2(), 2u);
  EXPECT_TRUE(Verify().verified());
  // A hub that alters a consistency proof is caught.
  std::string text = Read(site_ + "/history/moi.json");
  v1::CheckpointHistory bad = h;
  auto* hash = bad.mutable_checkpoints(1)
                   ->mutable_consistency_from_previous()
                   ->mutable_hashes();
  if (hash->empty()) {
    hash->Add(std::string(32, 'x'));
  } else {
    (*hash)[0][0] ^= 1;
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(bad, &json);
  Overwrite(site_ + "/history/moi.json", json);
  ResignListing();
  const verify::ExportReport r = Verify();
  EXPECT_FALSE(r.verified());
  EXPECT_THAT(FailuresOf(r), HasSubstr("history moi"));
}

TEST_F(ExportTest, ListingTamperingIsCaught) {
  {  // a file changed without re-signing
    std::string db = Read(site_ + "/databases.csv");
    db[db.size() / 2] ^= 1;
    Overwrite(site_ + "/databases.csv", db);
    const auto r = Verify();
    EXPECT_FALSE(r.verified());
    EXPECT_THAT(FailuresOf(r), HasSubstr("databases.csv: SHA-256 differs"));
  }
  ResignListing();
  ASSERT_TRUE(Verify().verified()) << FailuresOf(Verify());
  {  // a file added, one removed (a partial export)
    Overwrite(site_ + "/extra.html", "<p>unlisted</p>");
    fs::remove(site_ + "/bundles/moi/agency.bundle");
    const std::string f = FailuresOf(Verify());
    EXPECT_THAT(f, HasSubstr("extra.html: not in the signed listing"));
    EXPECT_THAT(f, HasSubstr("bundles/moi/agency.bundle: listed but missing"));
  }
}

TEST_F(ExportTest, SignatureAndKeysAreChecked) {
  std::string note = Read(site_ + "/export-manifest.note");
  const size_t sig = note.rfind(' ') + 5;
  note[sig] = note[sig] == 'A' ? 'B' : 'A';
  const std::string good = Read(site_ + "/export-manifest.note");
  Overwrite(site_ + "/export-manifest.note", note);
  EXPECT_THAT(FailuresOf(Verify()), HasSubstr("listing"));
  Overwrite(site_ + "/export-manifest.note", good);
  // Without the export key, or trusting another, nothing verifies.
  std::vector<std::string> keys = TrustedVkeys();
  keys.erase(keys.begin() + 1);
  EXPECT_THAT(FailuresOf(Verify(keys)), HasSubstr("no trusted export"));
  NamedSigningKey other{"disclosure.test/hub/export", SignatureType::kEd25519,
                        *Ed25519PrivateKey::Generate()};
  keys.push_back(other.vkey());
  EXPECT_THAT(FailuresOf(Verify(keys)), HasSubstr("listing"));
  // The cosigning key is not accepted as the listing's signer.
  EXPECT_NE(hub_.hub().export_vkey(), hub_.hub().cosigner_vkey());
  // Without an agency's key, that agency's checkpoint fails.
  keys = TrustedVkeys();
  keys.pop_back();
  EXPECT_THAT(FailuresOf(Verify(keys)), HasSubstr("no trusted key for"));
  // Without the cosigner, checkpoints fail.
  keys = TrustedVkeys();
  keys.erase(keys.begin());
  EXPECT_THAT(FailuresOf(Verify(keys)), HasSubstr("cosign"));
}

TEST_F(ExportTest, ContentTamperingIsCaughtEvenWhenResigned) {
  const std::string bundle_path = site_ + "/bundles/mof/db/tax-data.bundle";
  const std::string original = Read(bundle_path);
  v1::ProofBundle b;
  ASSERT_TRUE(b.ParseFromString(original));
  {  // an entry byte
    v1::ProofBundle t = b;
    std::string* e = t.mutable_present()->mutable_entry();
    (*e)[e->size() / 2] ^= 1;
    Overwrite(bundle_path, t.SerializeAsString());
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("bundles/mof/db/tax-data"));
  }
  {  // a proof hash
    v1::ProofBundle t = b;
    ASSERT_GT(t.present().proof().hashes_size(), 0);
    (*t.mutable_present()->mutable_proof()->mutable_hashes(0))[0] ^= 1;
    Overwrite(bundle_path, t.SerializeAsString());
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("bundles/mof/db/tax-data"));
  }
  {  // a manifest byte
    v1::ProofBundle t = b;
    std::string* m = t.mutable_manifest();
    (*m)[m->size() / 2] ^= 1;
    Overwrite(bundle_path, t.SerializeAsString());
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("bundles/mof/db/tax-data"));
  }
  Overwrite(bundle_path, original);
  {  // a table row the bundle does not prove
    std::string json = Read(site_ + "/databases.json");
    const size_t at = json.find("\"database_id\":\"tax-data\"");
    ASSERT_NE(at, std::string::npos);
    json.replace(json.find("\"zh_tw\":\"", at) + 9, 0, "竄改");
    Overwrite(site_ + "/databases.json", json);
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("databases.json mof/tax-data"));
  }
}

TEST_F(ExportTest, AnEntryLeftOutIsCaught) {
  // The hub hides a database: its bundle and its rows go, the listing is
  // signed again. The agency's signed snapshot still counts it.
  fs::remove(site_ + "/bundles/mof/db/tax-data.bundle");
  std::string json = Read(site_ + "/databases.json");
  const size_t at = json.find("{\"entry_id\":\"mof/tax-data\"");
  ASSERT_NE(at, std::string::npos);
  const size_t end = json.find("\n", at);
  json.erase(at, end - at + 1);
  if (json.find(",\n]") != std::string::npos)
    json.replace(json.find(",\n]"), 3, "\n]");
  Overwrite(site_ + "/databases.json", json);
  ResignListing();
  const std::string failures = FailuresOf(Verify());
  EXPECT_THAT(failures, HasSubstr("incomplete"));
  EXPECT_THAT(failures, HasSubstr("bundles mof"));
}

TEST_F(ExportTest, CheckpointTamperingAndStaleBundlesAreCaught) {
  const std::string old_bundle =
      Read(site_ + "/bundles/moi/db/id-photos.bundle");
  Seed(*nodes_["moi"], "moi", {SampleDatabase("moi", "id-photos-2")}, {});
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  ASSERT_TRUE(Verify().verified());
  {  // a bundle from the previous snapshot (stale)
    const std::string fresh = Read(site_ + "/bundles/moi/db/id-photos.bundle");
    Overwrite(site_ + "/bundles/moi/db/id-photos.bundle", old_bundle);
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("stale"));
    Overwrite(site_ + "/bundles/moi/db/id-photos.bundle", fresh);
  }
  {  // the checkpoint text changed (its size)
    std::string cp = Read(site_ + "/checkpoints/moi.note");
    const size_t nl = cp.find('\n');
    cp.replace(nl + 1, 1, "7");
    Overwrite(site_ + "/checkpoints/moi.note", cp);
    ResignListing();
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("checkpoint moi"));
  }
}

TEST_F(ExportTest, EvidenceOfAForkIsPublishedAndChecked) {
  // The agency signs a second checkpoint of the same size: the hub keeps
  // both notes (tests/hub/hub_integration_test covers the refusal).
  auto key = *ReadPrivateKeyFile(nodes_["mof"]->config().signing_key_file());
  auto signer = *NewNoteSigner(key);
  auto state = **hub_.hub().store().GetAgency("mof");
  Checkpoint forged{AgencyLogOrigin(testing::kTrustDomain, "mof"),
                    state.log_size(),
                    HashLeaf("another history"),
                    {}};
  v1h::Evidence e;
  e.set_agency_id("mof");
  e.set_kind(v1h::Evidence::KIND_EQUIVOCATION);
  e.set_held_checkpoint(state.checkpoint());
  e.set_offered_checkpoint(
      *SignNote(*FormatCheckpoint(forged), {signer.get()}));
  e.set_observed_at(absl::ToUnixSeconds(clock_.Now()));
  DN_ASSERT_OK(hub_.hub().store().AddEvidence(e));
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  EXPECT_TRUE(fs::exists(site_ + "/evidence/mof/1-held.note"));
  EXPECT_EQ(Read(site_ + "/evidence/mof/1-offered.note"),
            e.offered_checkpoint());
  verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
  bool proven = false;
  for (const auto& c : r.checks)
    proven |= c.step == "evidence mof" && absl::StrContains(c.detail, "proven");
  EXPECT_TRUE(proven);
  // Evidence that does not show what it claims is caught.
  std::string json = Read(site_ + "/evidence/mof.json");
  json.replace(json.find("EQUIVOCATION"), 12, "ROLLBACK");
  Overwrite(site_ + "/evidence/mof.json", json);
  ResignListing();
  EXPECT_THAT(FailuresOf(Verify()), HasSubstr("do not show a ROLLBACK"));
}

TEST_F(ExportTest, ExportKeyMustNotBeTheCosigningKey) {
  hub_.Stop();
  // The cosigning key itself, and the same private key as a note key.
  hub_.config().set_export_signing_key_file(hub_.config().cosigning_key_file());
  EXPECT_THAT(hub_.Start(&clock_).message(),
              HasSubstr("not a note-signing key"));
  auto cosigning = *ReadPrivateKeyFile(hub_.config().cosigning_key_file());
  NamedSigningKey same{"disclosure.test/hub/export", SignatureType::kEd25519,
                       std::move(cosigning.key)};
  ASSERT_TRUE(WritePrivateKeyFile(dir_.File("same.key"), same).ok());
  hub_.config().set_export_signing_key_file(dir_.File("same.key"));
  EXPECT_THAT(hub_.Start(&clock_).message(), HasSubstr("is the cosigning key"));
}

// Formats across versions (docs/compatibility.md): mof's node, harvested at
// format 1 in SetUp, moves to format 2 beside moi and mohw, which stay at
// format 1. The hub follows mof's log across the change, withholds in place
// what mof withholds (a field of a database, the counts of a statistics
// row), and shows every format-1 agency as before; the export verifies.
TEST_F(ExportTest, AFormat2NodeBesideFormat1NodesWithholdsInPlace) {
  NodeHarness& mof = *nodes_["mof"];
  const int port = mof.node().snapshot_port();
  mof.Stop();
  mof.config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  mof.config().set_snapshot_format_version(2);
  v1n::StatisticsWithholding* rule = mof.config().add_statistics_withholding();
  rule->set_statute("稅捐稽徵法");
  rule->set_provider_type(v1::PROVIDER_TYPE_ISP);
  *rule->mutable_withholding() = SampleWithholding(1);
  ASSERT_THAT(mof.Start(&clock_), ::disclosure::testing::IsOk());
  v1::DatabaseEntry tax = SampleDatabase("mof", "tax-data");
  const std::string sources = tax.record_sources().zh_tw();
  tax.clear_record_sources();
  v1::WithheldField* f = tax.add_withheld_fields();
  f->set_field("record_sources");
  *f->mutable_withholding() = SampleWithholding(3);
  tax.set_change_note("資料來源限制公開");
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = tax;
  v1n::WriteResponse w;
  ASSERT_TRUE(mof.Admin()->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  v1n::PublishResponse published;
  ASSERT_TRUE(mof.Admin()->Publish(Ctx().get(), {}, &published).ok());
  // mof's log continues across the change of format: accepted as
  // consistent with the format 1 snapshot the hub holds.
  hub::HarvestResult r;
  for (int i = 0; i < 50; ++i) {
    r = hub_.hub().harvester().HarvestAgency("mof");
    if (r.outcome != hub::HarvestResult::Outcome::kUnreachable) break;
    absl::SleepFor(absl::Milliseconds(100));  // the channel reconnects
  }
  ASSERT_EQ(r.outcome, hub::HarvestResult::Outcome::kAccepted) << r.detail;
  DN_ASSERT_OK(hub_.hub().Export(site_, true));

  // The signed entries, as the hub serves them.
  const auto entry = hub_.hub().index().GetDatabase("mof", "tax-data");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->withheld_fields_size(), 1);
  const auto stats = hub_.hub().index().Statistics("mof");
  ASSERT_FALSE(stats.empty());
  EXPECT_EQ(stats[0].scope(), v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  EXPECT_EQ(stats[0].version(), 2);
  EXPECT_THAT(stats[0].correction_note(), HasSubstr("records are unchanged"));
  EXPECT_EQ(hub_.hub().index().Statistics("moi")[0].scope(),
            v1::STATISTICS_SCOPE_UNSPECIFIED);

  // In place on the site, in both languages; never the withheld text.
  const std::string zh = Read(site_ + "/db/mof/tax-data.html");
  EXPECT_THAT(zh,
              HasSubstr("依政府資訊公開法第18條第1項第3款限制公開（資訊室決定）"
                        "，2099-06-30 前重新檢討"));
  EXPECT_THAT(Read(site_ + "/en/db/mof/tax-data.html"),
              HasSubstr("Withheld under Article 18(1), item 3"));
  EXPECT_THAT(Read(site_ + "/withholding.html"),
              HasSubstr("2 項限制公開，其中 0 項已逾檢討期限"));
  const std::string requests = Read(site_ + "/requests/mof.html");
  EXPECT_THAT(requests, HasSubstr("有 1 列依法限制公開"));
  EXPECT_THAT(requests, HasSubstr("第1款限制公開"));
  EXPECT_THAT(Read(site_ + "/requests.html"),
              HasSubstr("統計範圍：僅限行政管制目的之調取"));
  EXPECT_THAT(Read(site_ + "/requests/moi.html"),
              HasSubstr("本期統計未載明範圍"));  // moi, format 1
  EXPECT_THAT(Read(site_ + "/coverage.html"),
              HasSubstr("2 項限制公開，其中 0 項已逾檢討期限"));

  // The tables: a withheld count is an empty cell, never 0, and no total
  // can give it back.
  for (const auto& row : CsvRows(site_ + "/statistics.csv")) {
    if (row.at("agency_id") != "mof" || row.at("withheld").empty()) continue;
    EXPECT_EQ(row.at("requests"), "");
    EXPECT_EQ(row.at("band"), "");
    EXPECT_THAT(row.at("withheld"), HasSubstr("第18條第1項第1款|資訊室"));
  }
  for (const auto& row : CsvRows(site_ + "/statistics-totals.csv")) {
    if (row.at("agency_id") != "mof") continue;
    EXPECT_EQ(row.at("requests"), "");
    EXPECT_EQ(row.at("requests_low"), "20");
    EXPECT_EQ(row.at("requests_high"), "");
    EXPECT_EQ(row.at("withheld_rows"), "1");
  }
  const std::string json = Read(site_ + "/statistics.json");
  EXPECT_THAT(json, HasSubstr("\"withheld_rows\":1"));
  bool listed = false;
  for (const auto& row : CsvRows(site_ + "/databases.csv")) {
    if (row.at("entry_id") != "mof/tax-data") continue;
    listed = true;
    EXPECT_EQ(row.at("record_sources.zh_tw"), "");
    EXPECT_EQ(row.at("withheld"),
              "record_sources=政府資訊公開法第18條第1項第3款|資訊室|"
              "2099-06-30");
  }
  EXPECT_TRUE(listed);
  // The sample's other databases hold the same words: only tax-data's own
  // page and its own object of databases.json are looked at.
  for (const char* file : {"/db/mof/tax-data.html", "/en/db/mof/tax-data.html"})
    EXPECT_THAT(Read(site_ + file), Not(HasSubstr(sources))) << file;
  const std::string all = Read(site_ + "/databases.json");
  const size_t at = all.find("{\"entry_id\":\"mof/tax-data\"");
  ASSERT_NE(at, std::string::npos);
  const std::string own =
      all.substr(at, all.find("{\"entry_id\"", at + 1) - at);
  EXPECT_THAT(own, Not(HasSubstr(sources)));
  EXPECT_THAT(own, HasSubstr("\"withheld_fields\""));

  v1h::GetCoverageResponse coverage;
  ASSERT_TRUE(hub_.Index()->GetCoverage(Ctx().get(), {}, &coverage).ok());
  EXPECT_EQ(coverage.items_withheld(), 2);
  EXPECT_EQ(coverage.withholdings_overdue(), 0);
  EXPECT_TRUE(Verify().verified());
}

// A node still writing format 1 (for a hub that reads only format 1)
// refuses withholding at import, saying how to move to format 2, and
// stores nothing.
TEST_F(ExportTest, AFormat1NodeRefusesWithholding) {
  v1::DatabaseEntry photos = SampleDatabase("moi", "id-photos");
  photos.clear_retention();
  v1::WithheldField* f = photos.add_withheld_fields();
  f->set_field("retention");
  *f->mutable_withholding() = SampleWithholding(2);
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = photos;
  v1n::WriteResponse w;
  ASSERT_TRUE(
      nodes_["moi"]->Admin()->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  EXPECT_FALSE(w.applied());
  ASSERT_GT(w.problems_size(), 0);
  EXPECT_THAT(w.problems(0).reason(),
              HasSubstr("set snapshot_format_version: 2"));
}

// Every regular file under `dir`: path -> bytes.
std::map<std::string, std::string> FilesOf(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).string()] = Read(e.path().string());
  }
  return out;
}

// The paths where two folders differ: missing on one side or other bytes.
std::vector<std::string> Differences(const std::string& a,
                                     const std::string& b) {
  const auto fa = FilesOf(a), fb = FilesOf(b);
  std::vector<std::string> out;
  for (const auto& [path, bytes] : fa) {
    auto it = fb.find(path);
    if (it == fb.end()) {
      out.push_back(path + " (only in the first)");
    } else if (it->second != bytes) {
      out.push_back(path);
    }
  }
  for (const auto& [path, bytes] : fb)
    if (!fa.count(path)) out.push_back(path + " (only in the second)");
  return out;
}

struct stat StatOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st;
}

TEST_F(ExportTest, AnIncrementalExportIsTheFullExportByteForByte) {
  // Twenty changes, each harvested and exported from the export before it
  // (reusing the agencies that did not change). After each, an export of
  // the same state written in full has the same files, byte for byte.
  const std::vector<std::string> ids = {"mof", "moi", "mohw"};
  for (int i = 0; i < 20; ++i) {
    const std::string& id = ids[i % ids.size()];
    v1::DatabaseEntry db = SampleDatabase(id, absl::StrCat("extra-", i));
    if (i % 5 == 3) {
      // mohw's page names mof/tax-data: a new name reaches it.
      db = SampleDatabase("mof", "tax-data");
      db.mutable_file_name()->set_zh_tw(absl::StrCat("所得稅資料第", i, "版"));
      db.set_change_note("更名");
      Seed(*nodes_["mof"], "mof", {db}, {});
    } else {
      Seed(*nodes_[id], id, {db}, {});
    }
    clock_.Advance(absl::Minutes(10));
    hub_.hub().HarvestNow(true);
    hub::ExportReport report;
    DN_ASSERT_OK(hub_.hub().Export(site_, true, &report));
    // An agency that did not change has its table rows copied from the
    // export before (table_rows.h), except after a change that reaches
    // every agency (a new day on the pages).
    EXPECT_GT(report.agencies_reused, 0) << "after change " << i;
    EXPECT_EQ(report.agencies_rows_copied, report.agencies_reused)
        << "after change " << i;
    const std::string full = dir_.File(absl::StrCat("full-", i));
    DN_ASSERT_OK(hub_.hub().Export(full, false));
    EXPECT_THAT(Differences(site_, full), ::testing::IsEmpty())
        << "after change " << i;
  }
  EXPECT_THAT(Read(site_ + "/db/mohw/hwdc.html"),
              HasSubstr("所得稅資料第18版"));
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, AnUnchangedAgencyKeepsItsFilesAndTheirTimes) {
  const std::vector<std::string> kept = {
      "db/mof/tax-data.html", "en/db/mof/tax-data.html",
      "bundles/mof/db/tax-data.bundle", "listings/mof.txt", "history/mof.json",
      // moi changes, but this page of it does not: linked too.
      "db/moi/id-photos.html"};
  std::map<std::string, struct stat> before;
  for (const auto& path : kept) before[path] = StatOf(site_ + "/" + path);
  const struct stat moi_listing = StatOf(site_ + "/listings/moi.txt");
  clock_.Advance(absl::Minutes(10));
  Seed(*nodes_["moi"], "moi", {SampleDatabase("moi", "id-photos-2")}, {});
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  for (const auto& path : kept) {
    const struct stat after = StatOf(site_ + "/" + path);
    EXPECT_EQ(after.st_ino, before[path].st_ino) << path;
    EXPECT_EQ(after.st_mtim.tv_sec, before[path].st_mtim.tv_sec) << path;
    EXPECT_EQ(after.st_mtim.tv_nsec, before[path].st_mtim.tv_nsec) << path;
  }
  EXPECT_NE(StatOf(site_ + "/listings/moi.txt").st_ino, moi_listing.st_ino);
  EXPECT_TRUE(fs::exists(site_ + "/db/moi/id-photos-2.html"));
  // Each agency's files are in its own listing, with what they were made
  // from; mohw's pages name mof's database.
  const std::string mohw = Read(site_ + "/listings/mohw.txt");
  EXPECT_THAT(mohw, HasSubstr("\nagency mohw\ninputs "));
  EXPECT_THAT(mohw, HasSubstr("\nnames mof\n"));
  EXPECT_THAT(mohw, HasSubstr(" db/mohw/hwdc.html\n"));
  EXPECT_THAT(Read(site_ + "/export-manifest.txt"),
              AllOf(HasSubstr("disclosure-net/export/v3\n"),
                    HasSubstr(" listings/mohw.txt\n"),
                    Not(HasSubstr(" db/mohw/hwdc.html\n"))));
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, AnExportAfterAFormatTwoExportIsWholeAndLinksWhatItCan) {
  // The export before the upgrade: every file in one listing of format 2.
  ResignListing("disclosure-net/export/v2");
  ASSERT_THAT(Read(site_ + "/export-manifest.txt"),
              ::testing::StartsWith("disclosure-net/export/v2\n"));
  const verify::ExportReport old = Verify();
  ASSERT_TRUE(old.verified()) << FailuresOf(old);
  const ino_t bundle = StatOf(site_ + "/bundles/mof/db/tax-data.bundle").st_ino;
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  EXPECT_THAT(Read(site_ + "/export-manifest.txt"),
              ::testing::StartsWith("disclosure-net/export/v3\n"));
  EXPECT_TRUE(fs::exists(site_ + "/listings/mof.txt"));
  // No agency listing to reuse: written again, each unchanged file linked.
  EXPECT_EQ(StatOf(site_ + "/bundles/mof/db/tax-data.bundle").st_ino, bundle);
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, AFileGoneFromThePreviousExportIsWrittenAgain) {
  // Someone removed one of mof's files from the export being served: mof's
  // inputs did not change, but its files cannot all be linked, so mof is
  // written in full rather than left incomplete.
  fs::remove(site_ + "/db/mof/tax-data.html");
  Seed(*nodes_["moi"], "moi", {SampleDatabase("moi", "id-photos-2")}, {});
  clock_.Advance(absl::Minutes(10));
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  EXPECT_TRUE(fs::exists(site_ + "/db/mof/tax-data.html"));
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, ATableChangedInThePreviousExportIsRenderedAgain) {
  // The served databases.csv was edited on disk: no agency's rows are
  // copied from it, and the next export is what a full one would be.
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  Overwrite(site_ + "/databases.csv",
            Read(site_ + "/databases.csv") + "forged,row\r\n");
  hub::ExportReport report;
  DN_ASSERT_OK(hub_.hub().Export(site_, true, &report));
  EXPECT_GT(report.agencies_reused, 0);
  EXPECT_EQ(report.agencies_rows_copied, 0);
  EXPECT_THAT(Read(site_ + "/databases.csv"), Not(HasSubstr("forged")));
  const std::string full = dir_.File("full");
  DN_ASSERT_OK(hub_.hub().Export(full, false));
  EXPECT_THAT(Differences(site_, full), ::testing::IsEmpty());
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, AFileChangedInThePreviousExportIsNotCarriedOver) {
  // The served copy of a page was edited on disk: the next export writes
  // the page as it should be rather than linking the edited one.
  const std::string css = Read(site_ + "/site.css");
  Overwrite(site_ + "/site.css", css + "/* edited */");
  clock_.Advance(absl::Minutes(10));
  DN_ASSERT_OK(hub_.hub().Export(site_, true));
  EXPECT_EQ(Read(site_ + "/site.css"), css);
  const verify::ExportReport r = Verify();
  EXPECT_TRUE(r.verified()) << FailuresOf(r);
}

TEST_F(ExportTest, AgencyListingsAreCheckedLikeTheTopListing) {
  {  // one of an agency's files changed
    std::string page = Read(site_ + "/db/mof/tax-data.html");
    page[page.size() / 2] ^= 1;
    Overwrite(site_ + "/db/mof/tax-data.html", page);
    EXPECT_THAT(FailuresOf(Verify()),
                HasSubstr("db/mof/tax-data.html: SHA-256 differs"));
  }
  {  // the agency listing changed to match it, the top listing not
    std::string listing = Read(site_ + "/listings/mof.txt");
    const size_t at = listing.find(" db/mof/tax-data.html\n");
    ASSERT_NE(at, std::string::npos);
    listing.replace(
        at - 64, 64,
        HexEncode(AsBytes(Sha256::Of(Read(site_ + "/db/mof/tax-data.html")))));
    Overwrite(site_ + "/listings/mof.txt", listing);
    EXPECT_THAT(FailuresOf(Verify()),
                HasSubstr("listings/mof.txt: SHA-256 differs"));
    // With the top listing signed again, the export is consistent: what
    // the hub signs is what it answers for.
    ResignTopListing({"listings/mof.txt"});
    EXPECT_TRUE(Verify().verified()) << FailuresOf(Verify());
  }
  {  // an agency listing that claims another agency's file
    std::string listing = Read(site_ + "/listings/mof.txt");
    const std::string moi = Read(site_ + "/listings/moi.txt");
    const size_t at = moi.find("file ");
    listing += moi.substr(at, moi.find('\n', at) - at + 1);
    Overwrite(site_ + "/listings/mof.txt", listing);
    ResignTopListing({"listings/mof.txt"});
    EXPECT_THAT(FailuresOf(Verify()), HasSubstr("listed elsewhere too"));
  }
  {  // moi's listing passed off as mof's
    Overwrite(site_ + "/listings/mof.txt", Read(site_ + "/listings/moi.txt"));
    ResignTopListing({"listings/mof.txt"});
    EXPECT_THAT(FailuresOf(Verify()),
                HasSubstr("listings/mof.txt is the listing of agency moi"));
  }
}

TEST(SiteTextTest, EveryPhraseHasBothLanguages) {
  const auto& zh = hub::site::SiteText(hub::site::Lang::kZhTw);
  const auto& en = hub::site::SiteText(hub::site::Lang::kEn);
  ASSERT_EQ(zh.size(), en.size());
  for (const auto& [key, text] : zh) {
    EXPECT_FALSE(text.empty()) << key << " has no zh-TW text";
    EXPECT_FALSE(en.at(key).empty()) << key << " has no English text";
  }
}

TEST(SiteTextTest, EnglishPhrasesHoldNoChinese) {
  // Chinese on an English page must be marked lang="zh": phrases are not,
  // so none holds any (the language switch carries its own lang, and the
  // search box's placeholder is no text of the page).
  for (const auto& [key, text] : hub::site::SiteText(hub::site::Lang::kEn)) {
    if (key == "switch_language" || key == "search_placeholder") continue;
    EXPECT_FALSE(hub::site::HasCjk(text)) << key << ": " << text;
  }
}

}  // namespace
}  // namespace disclosure
