// The node against damaged and misplaced stores, shared ports, loose file
// permissions and foreign identities on the admin listener. The rule under
// test: a node never signs a second checkpoint of a log size it already
// signed; when its store cannot vouch for that, it refuses to start and
// says what to do.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "disclosure/v1/node/node_store.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/config/node_config.h"
#include "node/stats/aggregator.h"
#include "tests/testing/grpc_probes.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

namespace fs = std::filesystem;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

// Files of `dir` whose name ends with `suffix`, sorted.
std::vector<std::string> FilesEndingWith(const std::string& dir,
                                         const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Files of a store folder other than RocksDB's text logs (LOG, LOG.old.*).
size_t StoreFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("LOG", 0) != 0) ++n;
  }
  return n;
}

void FlipByte(const std::string& path, size_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5a);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

class NodeFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_THAT(node_.Start(&clock_), IsOk()); }

  // Publishes `n` snapshots (the first after writing a profile).
  void Publish(int n) {
    auto admin = node_.Admin();
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("moi");
    v1n::WriteResponse w;
    ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
    for (int i = 0; i < n; ++i) {
      clock_.Advance(absl::Minutes(1));
      v1n::PublishResponse r;
      grpc::Status s = admin->Publish(Ctx().get(), {}, &r);
      ASSERT_TRUE(s.ok()) << s.error_message();
      last_checkpoint_ = r.snapshot().checkpoint();
    }
  }
  // A batch of `n` records sent a month ago ("r-0", "r-1", ...).
  v1n::AppendRequestRecordsRequest Batch(int n) {
    v1n::AppendRequestRecordsRequest batch;
    for (int i = 0; i < n; ++i) {
      *batch.add_records() = SampleRequest(absl::StrCat("r-", i),
                                           clock_.Now() - absl::Hours(24 * 30));
    }
    return batch;
  }
  // Imports Batch(n) in one stream and expects it committed.
  void ImportRequests(int n) {
    grpc::ClientContext ctx;
    v1n::AppendRequestRecordsResponse resp;
    auto w = node_.Admin()->AppendRequestRecords(&ctx, &resp);
    ASSERT_TRUE(w->Write(Batch(n)));
    w->WritesDone();
    grpc::Status s = w->Finish();
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  uint64_t LogSize() {
    auto admin = node_.Admin();
    v1n::GetStatusResponse st;
    EXPECT_TRUE(admin->GetStatus(Ctx().get(), {}, &st).ok());
    return st.log_size();
  }
  const std::string& data_dir() { return node_.config().data_dir(); }
  const std::string& signed_file() {
    return node_.config().signed_checkpoint_file();
  }
  void Backup(const std::string& to) {
    fs::copy(data_dir(), to, fs::copy_options::recursive);
  }
  void Restore(const std::string& from) {
    fs::remove_all(data_dir());
    fs::copy(from, data_dir(), fs::copy_options::recursive);
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::UTCTimeZone())};
  NodeHarness node_{dir_.File("moi"), &pki_, "moi"};
  std::string last_checkpoint_;
};

TEST_F(NodeFaultsTest, DamagedWriteAheadLogStopsTheNodeInsteadOfForking) {
  Publish(3);
  node_.Stop();
  // Every write is in the write-ahead log (nothing flushed yet). Damage the
  // last record: a lenient recovery would silently drop snapshot 2.
  std::vector<std::string> logs = FilesEndingWith(data_dir(), ".log");
  ASSERT_FALSE(logs.empty());
  const std::string wal = logs.back();
  FlipByte(wal, fs::file_size(wal) - 40);
  absl::Status s = node_.Start(&clock_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("damaged"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("backup"));
}

TEST_F(NodeFaultsTest, DamagedCurrentOrManifestIsRefusedAndNothingIsCreated) {
  Publish(2);
  node_.Stop();
  Backup(dir_.File("good"));
  for (const std::string what : {"CURRENT-missing", "MANIFEST-flipped"}) {
    SCOPED_TRACE(what);
    Restore(dir_.File("good"));
    if (what == "CURRENT-missing") {
      fs::remove(fs::path(data_dir()) / "CURRENT");
    } else {
      for (const auto& e : fs::directory_iterator(data_dir())) {
        if (e.path().filename().string().rfind("MANIFEST-", 0) == 0)
          FlipByte(e.path().string(), 20);
      }
    }
    const size_t n_before = StoreFiles(data_dir());
    absl::Status s = node_.Start(&clock_);
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(std::string(s.message()),
                ::testing::AnyOf(HasSubstr("no store"), HasSubstr("damaged")))
        << s;
    // No new store was made over the old files.
    EXPECT_EQ(StoreFiles(data_dir()), n_before);
  }
  Restore(dir_.File("good"));
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  EXPECT_EQ(LogSize(), 2u);
}

TEST_F(NodeFaultsTest, MistypedDataDirNeedsInitAndInitRefusesAUsedFolder) {
  Publish(1);
  node_.Stop();
  v1n::NodeConfig config = node_.config();
  config.set_data_dir(dir_.File("moi/db-typo"));
  config.set_signed_checkpoint_file(
      node::DefaultSignedStatePath(config.data_dir()));
  node::NodeServer::Options options;
  options.run_schedule = false;
  auto started = node::NodeServer::Start(config, &clock_, options);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(std::string(started.status().message()),
              HasSubstr("start it once with --init"));
  EXPECT_FALSE(fs::exists(config.data_dir()));  // nothing created

  // --init on the real store's folder is refused: it holds a log.
  options.init = true;
  started = node::NodeServer::Start(node_.config(), &clock_, options);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(std::string(started.status().message()), HasSubstr("holds"));
  // --init on an empty folder whose signed-checkpoint file exists too.
  fs::remove_all(data_dir());
  fs::create_directories(data_dir());
  started = node::NodeServer::Start(node_.config(), &clock_, options);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(std::string(started.status().message()),
              HasSubstr("would fork it"));
}

TEST_F(NodeFaultsTest, StoreOneSnapshotBehindIsCompletedExactlyAsSigned) {
  Publish(1);
  node_.Stop();
  Backup(dir_.File("at-1"));
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  Publish(1);
  const std::string signed_at_2 = last_checkpoint_;
  node_.Stop();
  Restore(dir_.File("at-1"));  // the store lost snapshot 1
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  EXPECT_EQ(LogSize(), 2u);
  auto record = node_.node().store().GetSnapshot(1);
  ASSERT_THAT(record.status(), IsOk());
  EXPECT_EQ(record->checkpoint(), signed_at_2);  // not a new signature
}

TEST_F(NodeFaultsTest, StoreTwoSnapshotsBehindIsRefused) {
  Publish(1);
  node_.Stop();
  Backup(dir_.File("at-1"));
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  Publish(2);
  node_.Stop();
  Restore(dir_.File("at-1"));
  absl::Status s = node_.Start(&clock_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("already signed a checkpoint of log size 3"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("would fork"));
}

TEST_F(NodeFaultsTest, OlderSignedFileIsBroughtForwardWhenTheStoreExtendsIt) {
  Publish(1);
  node_.Stop();
  fs::copy(signed_file(), dir_.File("signed-at-1"));
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  Publish(2);
  node_.Stop();
  fs::copy(dir_.File("signed-at-1"), signed_file(),
           fs::copy_options::overwrite_existing);
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  EXPECT_EQ(LogSize(), 3u);
  node_.Stop();
  v1n::SignedState state;
  ASSERT_TRUE(state.ParseFromString(*ReadFile(signed_file(), 1 << 20)));
  EXPECT_EQ(state.log_size(), 3u);
}

TEST_F(NodeFaultsTest, SignedFileOfAnotherLogIsRefused) {
  Publish(2);
  node_.Stop();
  // A file from a different log of the same size (another node's, say).
  fs::create_directories(dir_.File("other-pki"));
  TestPki other_pki(dir_.File("other-pki"));
  NodeHarness other(dir_.File("other"), &other_pki, "moi");
  ASSERT_THAT(other.Start(&clock_), IsOk());
  {
    auto admin = other.Admin();
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("moi");
    v1n::WriteResponse w;
    ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
    for (int i = 0; i < 2; ++i) {
      v1n::PublishResponse r;
      ASSERT_TRUE(admin->Publish(Ctx().get(), {}, &r).ok());
    }
  }
  other.Stop();
  fs::copy(other.config().signed_checkpoint_file(), signed_file(),
           fs::copy_options::overwrite_existing);
  absl::Status s = node_.Start(&clock_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("not this node's log"));
}

TEST_F(NodeFaultsTest, MissingSignedFileNeedsAdoptStore) {
  Publish(2);
  node_.Stop();
  fs::remove(signed_file());
  absl::Status s = node_.Start(&clock_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("--adopt-store"));
  node::NodeServer::Options options;
  options.run_schedule = false;
  options.adopt_store = true;
  auto adopted = node::NodeServer::Start(node_.config(), &clock_, options);
  ASSERT_THAT(adopted.status(), IsOk());
  adopted->reset();
  EXPECT_TRUE(fs::exists(signed_file()));
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  EXPECT_EQ(LogSize(), 2u);
}

TEST_F(NodeFaultsTest, StoreAndSignedFileArePrivate) {
  Publish(1);
  ImportRequests(1);
  node_.Stop();
  struct stat st;
  ASSERT_EQ(stat(data_dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& e : fs::recursive_directory_iterator(data_dir())) {
    ASSERT_EQ(stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << e.path();
  }
  ASSERT_EQ(stat(signed_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // A store others can read is refused, naming the file and the fix.
  chmod(data_dir().c_str(), 0755);
  absl::Status s = node_.Start(&clock_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("chmod -R go-rwx"));
  chmod(data_dir().c_str(), 0700);
  const std::string sst = FilesEndingWith(data_dir(), "CURRENT").front();
  chmod(sst.c_str(), 0644);
  s = node_.Start(&clock_);
  EXPECT_THAT(std::string(s.message()), HasSubstr(sst));
  chmod(sst.c_str(), 0600);
  EXPECT_THAT(node_.Start(&clock_), IsOk());
}

TEST_F(NodeFaultsTest, FlippedByteInAnyFamilysFileIsDetectedAtStart) {
  Publish(2);
  ImportRequests(50);
  // Every family to its own SST file.
  rocksdb::DB* db = node_.node().store().db();
  for (auto* cf : node_.node().store().column_families()) {
    ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), cf).ok());
  }
  std::vector<rocksdb::LiveFileMetaData> files;
  db->GetLiveFilesMetaData(&files);
  node_.Stop();
  Backup(dir_.File("good"));
  std::set<std::string> families;
  for (const auto& f : files) {
    if (f.column_family_name == "default") continue;
    SCOPED_TRACE(f.column_family_name);
    families.insert(f.column_family_name);
    Restore(dir_.File("good"));
    const std::string path = data_dir() + f.name;
    FlipByte(path, fs::file_size(path) / 4);  // inside the first data blocks
    absl::Status s = node_.Start(&clock_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
    // Refused as damaged, with what to do (RocksDB names the file it was
    // reading, which is the SST or, for its properties, the MANIFEST).
    EXPECT_THAT(std::string(s.message()), HasSubstr("damaged")) << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr("backup")) << s;
  }
  EXPECT_TRUE(families.count("requests") && families.count("periods") &&
              families.count("manifests") && families.count("meta"));
  Restore(dir_.File("good"));
  EXPECT_THAT(node_.Start(&clock_), IsOk());
}

TEST_F(NodeFaultsTest, SecondNodeOnTheSamePortFailsToStart) {
  fs::create_directories(dir_.File("second-pki"));
  TestPki second_pki(dir_.File("second-pki"));
  NodeHarness second(dir_.File("second"), &second_pki, "moi");
  second.config().set_snapshot_listen(
      absl::StrCat("127.0.0.1:", node_.node().snapshot_port()));
  absl::Status s = second.Start(&clock_);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(s.message()), HasSubstr("port is in use"));
  // The first node still answers.
  EXPECT_EQ(LogSize(), 0u);
}

// The snapshot format: 1 by default, 2 when asked, nothing newer; a
// statistics withholding decision needs format 2 and a real ground.
TEST(NodeConfigFormatTest, FormatAndStatisticsWithholdingAreChecked) {
  const std::string base =
      "agency_id: \"moi\" trust_domain: \"d.example\" data_dir: \"db\" "
      "snapshot_tls { cert_file: \"c\" key_file: \"k\" ca_file: \"a\" } "
      "signing_key_file: \"s\" specific_purposes_file: \"p\" "
      "data_categories_file: \"c\" snapshot_listen: \"0.0.0.0:8443\" ";
  auto parse = [&](const std::string& extra) {
    return node::ParseNodeConfig(base + extra, "/srv");
  };
  auto c = parse("");
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_EQ(c->snapshot_format_version(), 1u);
  EXPECT_EQ(parse("snapshot_format_version: 2")->snapshot_format_version(), 2u);
  EXPECT_THAT(
      std::string(parse("snapshot_format_version: 3").status().message()),
      HasSubstr("snapshot_format_version"));
  const std::string rule =
      "statistics_withholding { statute: \"國家安全法\" withholding { "
      "gia_article18_item: 1 deciding_unit: \"資訊處\" review_date: "
      "\"2027-06-30\" } } ";
  EXPECT_THAT(std::string(parse(rule).status().message()),
              HasSubstr("needs snapshot_format_version: 2"));
  EXPECT_THAT(parse("snapshot_format_version: 2 " + rule).status(), IsOk());
  std::string bad = rule;
  bad.replace(bad.find("gia_article18_item: 1"), 21, "gia_article18_item: 10");
  EXPECT_THAT(
      std::string(
          parse("snapshot_format_version: 2 " + bad).status().message()),
      HasSubstr("statistics_withholding[0].withholding.gia_article18_item"));
}

TEST(NodeConfigPortsTest, PortsAreCheckedAndListenersDiffer) {
  const std::string base =
      "agency_id: \"moi\" trust_domain: \"d.example\" data_dir: \"db\" "
      "snapshot_tls { cert_file: \"c\" key_file: \"k\" ca_file: \"a\" } "
      "signing_key_file: \"s\" specific_purposes_file: \"p\" "
      "data_categories_file: \"c\" ";
  auto parse = [&](const std::string& extra) {
    return node::ParseNodeConfig(base + extra, "/srv");
  };
  EXPECT_THAT(parse("snapshot_listen: \"0.0.0.0:8443\"").status(), IsOk());
  for (const std::string bad :
       {"snapshot_listen: \"0.0.0.0:99999\"", "snapshot_listen: \"0.0.0.0:-1\"",
        "snapshot_listen: \"0.0.0.0:8x\"",
        "snapshot_listen: \"0.0.0.0:8443\" admin_listen: \"127.0.0.1:8443\""}) {
    auto c = parse(bad);
    EXPECT_FALSE(c.ok()) << bad;
  }
  EXPECT_THAT(
      std::string(
          parse("snapshot_listen: \"0.0.0.0:99999\"").status().message()),
      HasSubstr("0 to 65535"));
  EXPECT_THAT(std::string(parse("snapshot_listen: \"0.0.0.0:8443\" "
                                "admin_listen: \"127.0.0.1:8443\"")
                              .status()
                              .message()),
              HasSubstr("own port"));
  auto c = parse("snapshot_listen: \"0.0.0.0:8443\"");
  EXPECT_EQ(c->signed_checkpoint_file(), "/srv/db.signed-checkpoint");
}

TEST_F(NodeFaultsTest, HealthAndReflectionFollowTheListenersIdentityPolicy) {
  auto as_admin = node_.Dial(true, node_.AdminIdentity());
  EXPECT_THAT(testing::HealthCheck(as_admin).status(), IsOk());
  EXPECT_THAT(testing::ReflectionListServices(as_admin).status(), IsOk());
  // The hub's (valid, same-CA) certificate on the admin listener.
  auto as_hub = node_.Dial(true, node_.HubIdentityString());
  absl::Status health = testing::HealthCheck(as_hub).status();
  EXPECT_EQ(health.code(), absl::StatusCode::kPermissionDenied) << health;
  absl::Status reflection = testing::ReflectionListServices(as_hub).status();
  EXPECT_EQ(reflection.code(), absl::StatusCode::kPermissionDenied)
      << reflection;
  // Another agency's identity on the snapshot listener.
  auto other = node_.Dial(false, "spiffe://disclosure.test/agency/mof");
  EXPECT_EQ(testing::HealthCheck(other).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(testing::HealthCheck(node_.Dial(false, node_.HubIdentityString()))
                  .status(),
              IsOk());
}

// One import at a time, without waiting: a second is told at once; a
// stream that stops sending is cancelled by the node and frees the way.
TEST_F(NodeFaultsTest, ImportsDoNotWaitForEachOtherOrForAnIdleClient) {
  node_.Stop();
  node_.config().mutable_limits()->set_import_idle_seconds(1);
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  auto admin = node_.Admin();
  v1n::AppendRequestRecordsRequest batch = Batch(1);
  grpc::ClientContext first_ctx;
  v1n::AppendRequestRecordsResponse first_resp;
  auto first = admin->AppendRequestRecords(&first_ctx, &first_resp);
  ASSERT_TRUE(first->Write(batch));
  absl::SleepFor(absl::Milliseconds(200));  // the node holds the import

  grpc::ClientContext second_ctx;
  v1n::AppendRequestRecordsResponse second_resp;
  auto second = admin->AppendRequestRecords(&second_ctx, &second_resp);
  second->Write(batch);
  second->WritesDone();
  const absl::Time asked = absl::Now();
  grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("another import"));
  EXPECT_LT(absl::Now() - asked, absl::Milliseconds(500));  // not queued

  // The first client goes quiet: the node cancels it, and writes nothing.
  absl::SleepFor(absl::Milliseconds(1500));
  grpc::Status idle = first->Finish();
  EXPECT_FALSE(idle.ok());
  grpc::ClientContext third_ctx;
  v1n::AppendRequestRecordsResponse third_resp;
  auto third = admin->AppendRequestRecords(&third_ctx, &third_resp);
  batch.set_import_id("test:third");
  ASSERT_TRUE(third->Write(batch));
  third->WritesDone();
  grpc::Status ok = third->Finish();
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(third_resp.written(), 1);  // the idle import wrote nothing

  v1n::GetImportStatusRequest q;
  q.set_import_id("test:third");
  v1n::GetImportStatusResponse st;
  ASSERT_TRUE(admin->GetImportStatus(Ctx().get(), q, &st).ok());
  EXPECT_TRUE(st.committed());
  EXPECT_EQ(st.written(), 1);
  q.set_import_id("test:never");
  ASSERT_TRUE(admin->GetImportStatus(Ctx().get(), q, &st).ok());
  EXPECT_FALSE(st.committed());
  q.set_import_id("bad id!");
  EXPECT_EQ(admin->GetImportStatus(Ctx().get(), q, &st).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// A sender trickling a batch every 0.4 s stays within the 1 s idle limit,
// but not within the 3 s total limit: cancelled after about 3 s, nothing
// written, and the way is free. Meanwhile a dry run of another file is
// answered at once: it takes no lock.
TEST_F(NodeFaultsTest, ATricklingImportIsCutOffAfterItsTotalLimit3s) {
  node_.Stop();
  node_.config().mutable_limits()->set_import_idle_seconds(1);
  node_.config().mutable_limits()->set_import_max_seconds(3);
  ASSERT_THAT(node_.Start(&clock_), IsOk());
  auto admin = node_.Admin();
  grpc::ClientContext ctx;
  v1n::AppendRequestRecordsResponse resp;
  auto trickle = admin->AppendRequestRecords(&ctx, &resp);
  const absl::Time started = absl::Now();
  v1n::AppendRequestRecordsRequest one;
  *one.add_records() =
      SampleRequest("trickled-0", clock_.Now() - absl::Hours(24 * 30));
  ASSERT_TRUE(trickle->Write(one));
  absl::SleepFor(absl::Milliseconds(200));  // the node holds the import

  // A dry run beside it: answered, and nothing written.
  grpc::ClientContext dry_ctx;
  v1n::AppendRequestRecordsResponse dry_resp;
  auto dry = admin->AppendRequestRecords(&dry_ctx, &dry_resp);
  v1n::AppendRequestRecordsRequest check = Batch(2);
  check.set_dry_run(true);
  ASSERT_TRUE(dry->Write(check));
  dry->WritesDone();
  const absl::Time asked = absl::Now();
  grpc::Status dry_status = dry->Finish();
  ASSERT_TRUE(dry_status.ok()) << dry_status.error_message();
  EXPECT_EQ(dry_resp.written(), 2);  // what it would write
  EXPECT_LT(absl::Now() - asked, absl::Seconds(1));

  // Batches every 0.4 s: never idle, cut off by the total limit.
  for (int i = 1; i < 25; ++i) {
    absl::SleepFor(absl::Milliseconds(400));
    one.mutable_records(0)->set_request_id(absl::StrCat("trickled-", i));
    if (!trickle->Write(one)) break;
  }
  grpc::Status cut = trickle->Finish();
  const absl::Duration took = absl::Now() - started;
  // The call is cancelled (the node's log says why).
  EXPECT_EQ(cut.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_GE(took, absl::Seconds(3));
  EXPECT_LT(took, absl::Seconds(5));

  // Nothing of either was written; a real import goes through now.
  grpc::ClientContext next_ctx;
  v1n::AppendRequestRecordsResponse next_resp;
  auto next = admin->AppendRequestRecords(&next_ctx, &next_resp);
  ASSERT_TRUE(next->Write(Batch(2)));
  next->WritesDone();
  grpc::Status ok = next->Finish();
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(next_resp.written(), 2);
  EXPECT_EQ(next_resp.duplicates(), 0);
}

}  // namespace
}  // namespace disclosure
