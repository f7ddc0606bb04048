// Search replicas end to end, with the real programs: the hub keeps
// changesets of its search index (search_changesets), Xapian's own
// xapian-replicate-server serves them, two xapian-replicate loops keep two
// copies on this machine, and two `disclosure-hub search-replica`
// processes answer the public search from those copies. After a node
// renames a database and the hub harvests it, both replicas answer with
// the new name, with the hub's synonyms, and with the same page as the
// hub itself.
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace disclosure {
namespace {

namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::Process;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;

constexpr char kHub[] = DISCLOSURE_HUB_PATH;
constexpr char kReplicateServer[] = "/usr/bin/xapian-replicate-server";
constexpr char kReplicate[] = "/usr/bin/xapian-replicate";

// Runs the hub once (harvest, export, index) with the config in `path`.
void HarvestOnce(const std::string& path, const std::string& log) {
  Process p({kHub, "--config", path, "--once"}, log);
  ASSERT_EQ(p.Wait(), 0) << p.Log();
}

std::unique_ptr<v1h::IndexService::Stub> Dial(int port, TestPki& pki) {
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = *ReadFile(pki.ca_file(), 1 << 20);
  return v1h::IndexService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(opts)));
}

grpc::Status Search(v1h::IndexService::Stub& stub, const std::string& text,
                    v1h::SearchDatabasesResponse* out) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1h::SearchDatabasesRequest req;
  req.set_text(text);
  return stub.SearchDatabases(&ctx, req, out);
}

// The entry ids `text` finds, or the error's message.
std::string Found(v1h::IndexService::Stub& stub, const std::string& text) {
  v1h::SearchDatabasesResponse r;
  grpc::Status s = Search(stub, text, &r);
  if (!s.ok()) return absl::StrCat("error: ", s.error_message());
  std::string ids;
  for (const auto& h : r.hits()) absl::StrAppend(&ids, h.entry_id(), " ");
  return ids;
}

// Polls until `text` finds exactly `ids` on `stub` (at most 60 s: the
// replicas poll their master every second).
bool Eventually(v1h::IndexService::Stub& stub, const std::string& text,
                const std::string& ids, std::string* last) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    *last = Found(stub, text);
    if (*last == ids) return true;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return false;
}

absl::Status Rename(NodeHarness& node, const std::string& id,
                    const std::string& name) {
  auto admin = node.Admin();
  v1n::UpsertDatabaseEntriesRequest d;
  disclosure::v1::DatabaseEntry e = testing::SampleDatabase("mof", id);
  e.mutable_file_name()->set_zh_tw(name);
  e.set_change_note("更名");
  *d.add_entries() = e;
  v1n::WriteResponse w;
  grpc::ClientContext c1;
  if (grpc::Status s = admin->UpsertDatabaseEntries(&c1, d, &w); !s.ok())
    return absl::InternalError(s.error_message());
  if (!w.applied() || w.written() != 1) {
    return absl::InternalError(
        absl::StrCat("rename not applied: ", w.ShortDebugString()));
  }
  grpc::ClientContext c2;
  v1n::PublishResponse r;
  if (grpc::Status s = admin->Publish(&c2, {}, &r); !s.ok())
    return absl::InternalError(s.error_message());
  return absl::OkStatus();
}

TEST(SearchReplicaTest, TwoReplicasAnswerAfterAChange) {
  ASSERT_TRUE(std::filesystem::exists(kReplicate))
      << "install xapian-tools (deploy/install-deps.sh)";
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness node(dir.File("mof"), &pki, "mof");
  ASSERT_THAT(node.Start(&clock), IsOk());
  ASSERT_THAT(node.SeedAndPublish(30), IsOk());
  HubHarness hub(dir.File("hub"), &pki);
  hub.Register("mof", node);
  hub.config().set_search_changesets(50);
  ASSERT_TRUE(
      WriteNewFile(dir.File("synonyms.csv"), "terms\n研究機構;學研單位\n", 0644)
          .ok());
  hub.config().set_synonyms_file(dir.File("synonyms.csv"));
  std::string text;
  google::protobuf::TextFormat::PrintToString(hub.config(), &text);
  const std::string config = dir.File("hub.textproto");
  ASSERT_TRUE(WriteNewFile(config, text, 0644).ok());
  HarvestOnce(config, dir.File("hub-1.log"));

  // The master: the folder holding the hub's search index.
  const std::filesystem::path index = hub.config().data_dir() + ".search";
  const int master_port = testing::FreeLoopbackPort();
  ASSERT_GT(master_port, 0);
  Process master({kReplicateServer, "-I", "127.0.0.1", "-p",
                  absl::StrCat(master_port), index.parent_path().string()},
                 dir.File("master.log"));
  std::vector<std::unique_ptr<Process>> copiers;
  std::vector<std::unique_ptr<Process>> replicas;
  std::vector<std::unique_ptr<v1h::IndexService::Stub>> stubs;
  const TlsFilePaths tls = pki.Issue("replica", "");
  for (int i = 0; i < 2; ++i) {
    const std::string copy = dir.File(absl::StrCat("replica-", i));
    copiers.push_back(std::make_unique<Process>(
        std::vector<std::string>{
            kReplicate, "-h", "127.0.0.1", "-p", absl::StrCat(master_port),
            "-m", index.filename().string(), "-i", "1", "-r", "1", copy},
        dir.File(absl::StrCat("copier-", i, ".log"))));
    const std::string log = dir.File(absl::StrCat("replica-", i, ".log"));
    replicas.push_back(std::make_unique<Process>(
        std::vector<std::string>{kHub, "search-replica", "--index", copy,
                                 "--listen", "127.0.0.1:0", "--tls_cert",
                                 tls.cert_file, "--tls_key", tls.key_file},
        log));
    ASSERT_TRUE(replicas.back()->WaitForLog("serving search on port", 10000))
        << replicas.back()->Log();
    stubs.push_back(Dial(
        testing::PortFromLog(replicas.back()->Log(), "serving search"), pki));
  }

  // The hub keeps changesets beside its index for the replicas.
  const auto changesets = [&] {
    int n = 0;
    for (const auto& f : std::filesystem::directory_iterator(index)) {
      n += f.path().filename().string().rfind("changes", 0) == 0;
    }
    return n;
  };
  // The stub naming the copy a replica reads: a full copy goes to a new
  // folder and the stub then names it.
  const auto stub_of = [&](int i) {
    return ReadFile(dir.File(absl::StrCat("replica-", i, "/XAPIANDB")), 4096)
        .value_or("none");
  };

  // Both copies arrive and answer; a word of the hub's synonym table finds
  // what its partner names (every sample database names 學術研究機構;
  // nothing names 學研單位).
  std::string last;
  for (auto& stub : stubs) {
    EXPECT_TRUE(Eventually(*stub, "db-7", "mof/db-7 ", &last)) << last;
    const std::string partner = Found(*stub, "研究機構");
    EXPECT_THAT(partner, ::testing::HasSubstr("mof/db-29 "));
    EXPECT_EQ(Found(*stub, "學研單位"), partner);
  }

  // A change: mof renames db-7; the hub harvests and indexes it, and each
  // replica copies only the changesets.
  const std::vector<std::string> stubs_before = {stub_of(0), stub_of(1)};
  EXPECT_NE(stubs_before[0], "none");
  const int changesets_before = changesets();
  ASSERT_THAT(Rename(node, "db-7", "星象觀測紀錄"), IsOk());
  HarvestOnce(config, dir.File("hub-2.log"));
  EXPECT_GT(changesets(), changesets_before);
  for (size_t i = 0; i < stubs.size(); ++i) {
    EXPECT_TRUE(Eventually(*stubs[i], "星象觀測", "mof/db-7 ", &last))
        << last << "\n"
        << copiers[i]->Log() << master.Log();
    EXPECT_EQ(stub_of(i), stubs_before[i]) << "a full copy was made";
  }

  // The replicas answer as the hub does, page for page.
  ASSERT_THAT(hub.Start(&clock), IsOk());
  hub.hub().index().WaitForSearchIndex(absl::Seconds(30));
  auto own = hub.Index();
  for (const char* q : {"星象觀測", "測試資料庫", "學研單位", ""}) {
    v1h::SearchDatabasesResponse want;
    ASSERT_TRUE(Search(*own, q, &want).ok()) << q;
    for (auto& stub : stubs) {
      v1h::SearchDatabasesResponse got;
      ASSERT_TRUE(Search(*stub, q, &got).ok()) << q;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, want))
          << q << "\nreplica: " << got.ShortDebugString()
          << "\nhub: " << want.ShortDebugString();
    }
  }
  hub.Stop();

  // What a replica cannot answer says where to ask.
  grpc::ClientContext ctx;
  v1h::GetDatabaseEntryRequest req;
  req.set_agency_id("mof");
  req.set_database_id("db-7");
  v1h::GetDatabaseEntryResponse resp;
  grpc::Status s = stubs[0]->GetDatabaseEntry(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("ask the hub"));
  for (auto& r : replicas) {
    r->Signal(SIGTERM);
    EXPECT_EQ(r->Wait(), 0) << r->Log();
  }
}

// A replica started before its copy exists answers UNAVAILABLE, naming the
// folder and what to check, and serves once the copy arrives.
TEST(SearchReplicaTest, AReplicaWithoutItsCopySaysWhatToCheck) {
  TempDir dir;
  TestPki pki(dir.path());
  const TlsFilePaths tls = pki.Issue("replica", "");
  const std::string copy = dir.File("not-yet");
  Process replica(
      {kHub, "search-replica", "--index", copy, "--listen", "127.0.0.1:0",
       "--tls_cert", tls.cert_file, "--tls_key", tls.key_file},
      dir.File("replica.log"));
  ASSERT_TRUE(replica.WaitForLog("serving search on port", 10000))
      << replica.Log();
  auto stub = Dial(testing::PortFromLog(replica.Log(), "serving search"), pki);
  v1h::SearchDatabasesResponse r;
  grpc::Status s = Search(*stub, "稅", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr(copy));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("xapian-replicate"));
  // Bad input is refused as by the hub.
  s = Search(*stub, std::string(300, 'a'), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  replica.Signal(SIGTERM);
  EXPECT_EQ(replica.Wait(), 0) << replica.Log();
}

// Missing flags are named; a listener that cannot start exits 1.
TEST(SearchReplicaTest, BadCommandLinesAreNamed) {
  TempDir dir;
  auto r = testing::RunCommand({kHub, "search-replica", "--index", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err + r.out, ::testing::HasSubstr("--tls_cert"));
  r = testing::RunCommand({kHub, "search-replica", "--index", dir.path(),
                           "--listen", "127.0.0.1:0", "--tls_cert",
                           dir.File("missing.pem"), "--tls_key",
                           dir.File("missing.key")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err + r.out, ::testing::HasSubstr("missing.pem"));
}

}  // namespace
}  // namespace disclosure
