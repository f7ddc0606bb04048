// Questions and opinions end to end, in the quick start's shape: a question
// posted over HTTP to the hub's intake, its receipt opened with Go's x/mod
// note under the key the export publishes, the agency reading its queue and
// answering with disclosurectl, the answer in the agency's next signed
// snapshot and on the site; an unanswered one shown overdue after the
// deadline. Then the hostile side: a flood from one address, bodies over
// the limit, HTML, ID and phone numbers, an answer that does not match its
// receipt, another agency's certificate on the queue.
#include <httplib.h>

#include <filesystem>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "core/periods.h"
#include "disclosure/v1/hub/participation_service.grpc.pb.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "transport/tls.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::CommandResult;
using ::disclosure::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kFlood = 10000;
constexpr char kGo[] = "/usr/bin/go";
constexpr char kGoPath[] = "/usr/share/gocode";
constexpr char kQuestion[] =
    "請問戶籍資料<script>alert(1)</script>會提供給誰？我的身分證 A123456789，"
    "電話 0912-345-678。";

struct Federation {
  testing::TempDir dir;
  testing::TestPki pki{dir.path()};
  FakeClock clock{absl::Now()};
  testing::NodeHarness node{dir.File("moi"), &pki, "moi"};
  testing::HubHarness hub{dir.File("hub"), &pki};
};

// Starts a format 2 node with two databases and a hub taking questions.
void Start(Federation& f, uint32_t max_open = 0) {
  f.node.config().set_snapshot_format_version(2);
  ASSERT_THAT(f.node.Start(&f.clock), testing::IsOk());
  ASSERT_THAT(f.node.SeedAndPublish(2), testing::IsOk());
  NamedSigningKey key{absl::StrCat(testing::kTrustDomain, "/hub/participation"),
                      SignatureType::kEd25519, *Ed25519PrivateKey::Generate()};
  ASSERT_TRUE(WritePrivateKeyFile(f.dir.File("participation.key"), key).ok());
  v1h::ParticipationSettings* p = f.hub.config().mutable_participation();
  p->set_intake_listen("127.0.0.1:0");
  p->set_queue_listen("127.0.0.1:0");
  p->set_receipt_signing_key_file(f.dir.File("participation.key"));
  p->set_max_open_submissions(max_open);
  f.hub.Register("moi", f.node);
  ASSERT_THAT(f.hub.Start(&f.clock), testing::IsOk());
  f.hub.hub().HarvestNow(true);
}

httplib::Result Post(Federation& f, const httplib::Params& form,
                     const std::string& real_ip = "") {
  httplib::Client c("127.0.0.1", f.hub.hub().intake_port());
  httplib::Headers h{{"Accept", "text/plain"}};
  if (!real_ip.empty()) h.emplace("X-Real-IP", real_ip);
  return c.Post("/participation/submit", h, form);
}

httplib::Params Form(const std::string& text, bool publish,
                     const std::string& concerns = "db/db-0") {
  return {{"agency", "moi"},
          {"concerns", concerns},
          {"kind", "question"},
          {"text", text},
          {"contact", "asker@example.org"},
          {"publish", publish ? "yes" : "no"}};
}

std::unique_ptr<v1h::ParticipationService::Stub> Queue(Federation& f,
                                                       const TlsFilePaths& t) {
  auto creds =
      MutualTlsChannelCredentials({t.cert_file, t.key_file, f.pki.ca_file()});
  return v1h::ParticipationService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", f.hub.hub().queue_port()), *creds));
}

CommandResult GoVerify(const std::string& tmp, const std::string& program,
                       const std::string& vkey, const std::string& note) {
  return RunCommand(
      {"/usr/bin/env", "GO111MODULE=off", absl::StrCat("GOPATH=", kGoPath),
       absl::StrCat("GOCACHE=", tmp, "/gocache"), absl::StrCat("HOME=", tmp),
       "GOFLAGS=", "GOPROXY=off", kGo, "run", program, vkey, note});
}

std::string Page(const std::string& site, const std::string& path) {
  return *ReadFile(absl::StrCat(site, "/", path), 1 << 24);
}

// An answer to q1 about db/db-0 with `hash` as its text-sha256.
v1n::UpsertAnswerRequest AnswerRequest(const std::string& hash,
                                       absl::Time now) {
  v1n::UpsertAnswerRequest req;
  v1::ParticipationAnswer* a = req.mutable_answer();
  a->set_submission_id("q1");
  a->set_concerns("db/db-0");
  a->set_kind(v1::PARTICIPATION_KIND_QUESTION);
  a->set_text_sha256(hash);
  a->set_answered_on(TaipeiDate(now));
  a->set_answer_text("答非所問");
  return req;
}

// `disclosurectl feedback answer q1 --text TEXT --publish` and `extra`,
// with the node's admin certificate.
CommandResult FeedbackAnswer(Federation& f, const std::string& text,
                             const std::vector<std::string>& extra = {}) {
  const TlsFilePaths admin = f.node.AdminClientFiles();
  std::vector<std::string> args = {
      DISCLOSURECTL_PATH,
      "feedback",
      "answer",
      "q1",
      "--text",
      text,
      "--publish",
      "--queue",
      absl::StrCat("127.0.0.1:", f.hub.hub().queue_port()),
      "--node",
      absl::StrCat("127.0.0.1:", f.node.node().admin_port()),
      "--cert",
      admin.cert_file,
      "--key",
      admin.key_file,
      "--ca",
      f.pki.ca_file()};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCommand(args);
}

TEST(ParticipationTest, QuestionReceiptAnswerAndSite) {
  Federation f;
  Start(f);
  httplib::Result r = Post(f, Form(kQuestion, /*publish=*/true));
  ASSERT_TRUE(r) << "intake unreachable";
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string receipt = r->body;
  EXPECT_THAT(receipt, HasSubstr("submission q1\nagency moi\n"));
  EXPECT_THAT(receipt, HasSubstr(absl::StrCat(
                           "text-sha256 ",
                           HexEncode(AsBytes(Sha256::Of(kQuestion))), "\n")));
  // The receipt holds neither the text nor the contact.
  EXPECT_THAT(receipt, Not(HasSubstr("A123456789")));
  EXPECT_THAT(receipt, Not(HasSubstr("asker@")));

  // The agency's queue: the text as received, and as the public sees it.
  auto queue = Queue(f, f.node.AdminClientFiles());
  grpc::ClientContext c1;
  v1h::GetSubmissionRequest get;
  get.set_id("q1");
  v1h::GetSubmissionResponse got;
  ASSERT_TRUE(queue->GetSubmission(&c1, get, &got).ok());
  EXPECT_EQ(got.submission().text(), kQuestion);
  EXPECT_EQ(got.submission().masked_count(), 2u);
  EXPECT_THAT(got.submission().public_text(), Not(HasSubstr("A123456789")));
  EXPECT_THAT(got.submission().public_text(), Not(HasSubstr("345-678")));

  // Answered with disclosurectl, published with the next snapshot.
  CommandResult answer =
      FeedbackAnswer(f, "戶籍資料只依戶籍法提供，不會給民間業者。");
  ASSERT_EQ(answer.exit_code, 0) << answer.out << answer.err;
  EXPECT_THAT(answer.out, HasSubstr("q1"));
  f.hub.hub().HarvestNow(true);

  // A second question, never answered, overdue once the deadline passes.
  ASSERT_EQ(Post(f, Form("這份資料保存多久？", false))->status, 200);
  f.clock.Advance(absl::Hours(24 * 31));
  const std::string site = f.dir.File("site");
  DN_ASSERT_OK(f.hub.hub().Export(site, false));
  const std::string page = Page(site, "db/moi/db-0.html");
  EXPECT_THAT(page, HasSubstr("戶籍資料只依戶籍法提供"));
  EXPECT_THAT(page, HasSubstr("〔已遮蔽 masked〕"));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(page, Not(HasSubstr("A123456789")));
  EXPECT_THAT(page, Not(HasSubstr("asker@example.org")));
  EXPECT_THAT(page,
              HasSubstr("共收到 2 則提問與意見：1 則於期限（30 天）內回覆"));
  EXPECT_THAT(page, HasSubstr("1 則已逾期未回覆"));
  EXPECT_THAT(page, HasSubstr("action=\"/participation/submit\""));
  EXPECT_THAT(Page(site, "en/db/moi/db-0.html"), HasSubstr("1 overdue"));
  EXPECT_THAT(Page(site, "agencies.html"),
              HasSubstr("共收到 2 則提問與意見：1 則於期限（30 天）內回覆"));
  EXPECT_THAT(Page(site, "participation.csv"),
              HasSubstr("moi,db/db-0,2,1,0,0,1\n"));
  // An agency's requests page offers the form, about its periods.
  EXPECT_TRUE(absl::StrContains(Page(site, "requests/moi.html"),
                                "name=\"concerns\" value=\"stats/"));

  // The receipt opens with Go's note package under the published key.
  ASSERT_TRUE(std::filesystem::exists(kGo)) << "needs Debian's golang-go";
  ASSERT_TRUE(WriteNewFile(f.dir.File("receipt.note"), receipt, 0644).ok());
  CommandResult go = GoVerify(f.dir.path(), site + "/examples/verify-note.go",
                              site + "/keys/hub-participation.vkey",
                              f.dir.File("receipt.note"));
  ASSERT_EQ(go.exit_code, 0) << go.err;
  EXPECT_THAT(go.out, HasSubstr("disclosure-net/participation-receipt/v1\n"));
  // Not under the export's key.
  CommandResult wrong =
      GoVerify(f.dir.path(), site + "/examples/verify-note.go",
               site + "/keys/export-signer.vkey", f.dir.File("receipt.note"));
  EXPECT_NE(wrong.exit_code, 0);

  // The queue says the same.
  grpc::ClientContext c2;
  v1h::ListSubmissionsResponse list;
  ASSERT_TRUE(queue->ListSubmissions(&c2, {}, &list).ok());
  ASSERT_EQ(list.submissions_size(), 2);
  EXPECT_NE(list.submissions(0).answer_seen_at(), 0);
  EXPECT_EQ(list.submissions(1).answer_seen_at(), 0);
}

TEST(ParticipationTest, HostileInputIsBoundedRefusedOrMasked) {
  Federation f;
  Start(f, /*max_open=*/40);
  // A flood from one address: the minute's budget (3) is taken, the rest
  // refused with Retry-After, and nothing accepted is lost.
  int accepted = 0, limited = 0;
  httplib::Client c("127.0.0.1", f.hub.hub().intake_port());
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  for (int i = 0; i < kFlood; ++i) {
    auto r = c.Post("/participation/submit", {{"Accept", "text/plain"}},
                    Form(absl::StrCat("flood ", i), false));
    ASSERT_TRUE(r);
    if (r->status == 200) ++accepted;
    if (r->status == 429) {
      ++limited;
      EXPECT_FALSE(r->get_header_value("Retry-After").empty());
    }
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(limited, kFlood - 3);
  EXPECT_EQ(f.hub.hub()
                .participation()
                ->submissions()
                .List("", "", 100, false)
                .size(),
            3u);

  // From many addresses (behind the trusted proxy): bounded by the open
  // submissions the hub holds.
  int busy = 0;
  for (int i = 0; i < 60; ++i) {
    auto r = Post(f, Form("many", false), absl::StrCat("10.0.", i, ".1"));
    ASSERT_TRUE(r);
    busy += r->status == 503;
  }
  EXPECT_EQ(busy, 60 - (40 - 3));

  // A body over the limit is refused before it is read.
  auto big = Post(f, Form(std::string(1 << 20, 'x'), false), "10.9.0.1");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  // Unknown entry, bad kind, control characters: named refusals.
  auto unknown = Post(f, Form("x", false, "db/nope"), "10.9.0.2");
  EXPECT_EQ(unknown->status, 404);
  httplib::Params bad_kind = Form("x", false);
  bad_kind.erase("kind");
  bad_kind.emplace("kind", "rant");
  EXPECT_EQ(Post(f, bad_kind, "10.9.0.3")->status, 400);
  EXPECT_EQ(
      Post(f, Form(std::string("a\x01") + "b", false), "10.9.0.4")->status,
      400);
  // The X-Real-IP of a peer that is not a trusted proxy is ignored: not
  // tested here (every peer is loopback); address_limiter_test covers it.
}

TEST(ParticipationTest, QueueAndAnswersAreTheAgencysOwn) {
  Federation f;
  Start(f);
  ASSERT_EQ(Post(f, Form("一個問題", true))->status, 200);
  // A certificate that is no agency's admin identity is refused.
  auto stranger = Queue(
      f, f.pki.Issue("stranger", "spiffe://disclosure.test/agency/x/admin"));
  grpc::ClientContext c1;
  v1h::ListSubmissionsResponse list;
  EXPECT_EQ(stranger->ListSubmissions(&c1, {}, &list).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // An answer whose hash is not the receipt's is not counted as answered.
  auto admin = f.node.Admin();
  const v1n::UpsertAnswerRequest req =
      AnswerRequest(std::string(64, 'a'), f.clock.Now());
  grpc::ClientContext c2;
  v1n::WriteResponse w;
  ASSERT_TRUE(admin->UpsertAnswer(&c2, req, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  grpc::ClientContext c3;
  v1n::PublishResponse pub;
  ASSERT_TRUE(admin->Publish(&c3, {}, &pub).ok());
  f.hub.hub().HarvestNow(true);
  auto queue = Queue(f, f.node.AdminClientFiles());
  grpc::ClientContext c4;
  ASSERT_TRUE(queue->ListSubmissions(&c4, {}, &list).ok());
  ASSERT_EQ(list.submissions_size(), 1);
  EXPECT_EQ(list.submissions(0).answer_seen_at(), 0);
  EXPECT_THAT(list.submissions(0).answer_mismatch(), HasSubstr("text-sha256"));
}

// A question the person allowed to be published but the agency withholds
// (政府資訊公開法 §18(1)) is said as withheld, never shown.
TEST(ParticipationTest, AWithheldQuestionIsSaidNotShown) {
  Federation f;
  Start(f);
  ASSERT_EQ(Post(f, Form("涉及個案偵查的提問內容", true))->status, 200);
  CommandResult answer =
      FeedbackAnswer(f, "已依法處理。",
                     {"--withhold-question", "1", "--deciding-unit", "資訊室",
                      "--review-date", "2099-06-30"});
  ASSERT_EQ(answer.exit_code, 0) << answer.out << answer.err;
  f.hub.hub().HarvestNow(true);
  const std::string site = f.dir.File("site");
  DN_ASSERT_OK(f.hub.hub().Export(site, false));
  const std::string page = Page(site, "db/moi/db-0.html");
  EXPECT_THAT(page, HasSubstr("已依法處理。"));
  EXPECT_THAT(page, HasSubstr("依政府資訊公開法第18條第1項第1款限制公開"));
  EXPECT_THAT(page, Not(HasSubstr("涉及個案偵查的提問內容")));
}

// A receipt means the hub holds the submission: after a restart it is
// still in the queue, with its text, and ids go on from where they were.
TEST(ParticipationTest, AcceptedSubmissionsSurviveARestart) {
  Federation f;
  Start(f);
  ASSERT_EQ(Post(f, Form("重啟前的提問", true))->status, 200);
  f.hub.Stop();
  ASSERT_THAT(f.hub.Start(&f.clock), testing::IsOk());
  f.hub.hub().HarvestNow(true);
  httplib::Result r = Post(f, Form("重啟後的提問", false), "10.1.0.1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("submission q2\n"));
  auto queue = Queue(f, f.node.AdminClientFiles());
  grpc::ClientContext c;
  v1h::GetSubmissionRequest get;
  get.set_id("q1");
  v1h::GetSubmissionResponse got;
  ASSERT_TRUE(queue->GetSubmission(&c, get, &got).ok());
  EXPECT_EQ(got.submission().text(), "重啟前的提問");
  EXPECT_TRUE(got.submission().publish_allowed());
}

TEST(ParticipationTest, AFormat1NodeRefusesAnswers) {
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::NodeHarness node(dir.File("moi"), &pki, "moi");
  ASSERT_THAT(node.Start(&clock), testing::IsOk());
  ASSERT_THAT(node.SeedAndPublish(1), testing::IsOk());
  const v1n::UpsertAnswerRequest req =
      AnswerRequest(std::string(64, 'a'), clock.Now());
  grpc::ClientContext c;
  v1n::WriteResponse w;
  ASSERT_TRUE(node.Admin()->UpsertAnswer(&c, req, &w).ok());
  EXPECT_FALSE(w.applied());
  ASSERT_GT(w.problems_size(), 0);
  EXPECT_THAT(w.problems(0).reason(), HasSubstr("format 2"));
}

// disclosurectl with `tls`'s certificate, against the hub's admin listener.
CommandResult Ctl(Federation& f, const TlsFilePaths& tls,
                  std::vector<std::string> args) {
  args.insert(args.begin(), DISCLOSURECTL_PATH);
  for (const std::string& a :
       {std::string("--hub"),
        absl::StrCat("127.0.0.1:", f.hub.hub().admin_port()),
        std::string("--cert"), tls.cert_file, std::string("--key"),
        tls.key_file, std::string("--ca"), f.pki.ca_file()})
    args.push_back(a);
  return RunCommand(args);
}

TEST(ParticipationTest, ConsultationRoundFromOpeningToHandling) {
  Federation f;
  Start(f);
  const TlsFilePaths office = f.pki.Issue(
      "office", absl::StrCat("spiffe://", testing::kTrustDomain, "/hub/admin"));
  const std::string closes = TaipeiDate(f.clock.Now() + absl::Hours(24 * 10));
  // The office opens a round on one database; a missing entry is refused.
  CommandResult bad = Ctl(f, office,
                          {"hub", "consultation", "open", "--title-zh", "徵詢",
                           "--entry", "moi/db/nope", "--closes", closes});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("moi/db/nope"));
  CommandResult open = Ctl(
      f, office,
      {"hub", "consultation", "open", "--title-zh", "戶籍資料利用之意見徵詢",
       "--title-en", "Consultation on household data", "--entry", "moi/db/db-0",
       "--closes", closes, "--document",
       "說明文件=https://www.example.gov.tw/c1.pdf", "--platform-url",
       "https://join.gov.tw/policies/detail/1"});
  ASSERT_EQ(open.exit_code, 0) << open.out << open.err;
  EXPECT_THAT(open.out, HasSubstr("c1"));
  // Only the hub's admin identity may.
  CommandResult agency =
      Ctl(f, f.node.AdminClientFiles(), {"hub", "consultation", "list"});
  EXPECT_NE(agency.exit_code, 0);

  // The site shows the round open, on its page and the entry's.
  std::string site = f.dir.File("site");
  DN_ASSERT_OK(f.hub.hub().Export(site, false));
  std::string rounds = Page(site, "consultations.html");
  EXPECT_THAT(rounds, HasSubstr("戶籍資料利用之意見徵詢"));
  EXPECT_THAT(rounds, HasSubstr(absl::StrCat("徵詢中，至 ", closes, " 止")));
  EXPECT_THAT(rounds, HasSubstr("href=\"https://www.example.gov.tw/c1.pdf\""));
  EXPECT_THAT(rounds,
              HasSubstr("href=\"https://join.gov.tw/policies/detail/1\""));
  EXPECT_THAT(Page(site, "en/consultations.html"),
              HasSubstr("Consultation on household data"));
  std::string page = Page(site, "db/moi/db-0.html");
  EXPECT_THAT(page, HasSubstr("本項目正在進行意見徵詢"));
  EXPECT_THAT(page, HasSubstr("name=\"kind\" value=\"c1\""));
  EXPECT_THAT(Page(site, "db/moi/db-1.html"), Not(HasSubstr("value=\"c1\"")));

  // An opinion in the round: its receipt names the round. Not on another
  // entry, not in a round that does not exist.
  httplib::Params form = Form("建議公開比對頻率。", true);
  form.erase("kind");
  form.emplace("kind", "c1");
  httplib::Result r = Post(f, form);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("kind opinion\n"));
  EXPECT_THAT(r->body, HasSubstr("\nconsultation c1\n"));
  httplib::Params other = form;
  other.erase("concerns");
  other.emplace("concerns", "db/db-1");
  EXPECT_EQ(Post(f, other, "10.1.0.1")->status, 404);
  httplib::Params unknown = form;
  unknown.erase("kind");
  unknown.emplace("kind", "c9");
  EXPECT_EQ(Post(f, unknown, "10.1.0.2")->status, 404);

  // Its deadline counts from the round's close.
  auto queue = Queue(f, f.node.AdminClientFiles());
  grpc::ClientContext c1;
  v1h::ListSubmissionsResponse list;
  ASSERT_TRUE(queue->ListSubmissions(&c1, {}, &list).ok());
  ASSERT_EQ(list.submissions_size(), 1);
  EXPECT_EQ(list.submissions(0).consultation_id(), "c1");
  EXPECT_GT(list.submissions(0).due_at(),
            absl::ToUnixSeconds(f.clock.Now() + absl::Hours(24 * 40)));

  // The office closes it early: no more opinions, closing twice is refused.
  ASSERT_EQ(Ctl(f, office, {"hub", "consultation", "close", "c1"}).exit_code,
            0);
  EXPECT_NE(Ctl(f, office, {"hub", "consultation", "close", "c1"}).exit_code,
            0);
  EXPECT_EQ(Post(f, form, "10.1.0.3")->status, 410);

  // An answer naming another round than the receipt's is not counted.
  v1n::UpsertAnswerRequest wrong = AnswerRequest(
      HexEncode(AsBytes(Sha256::Of("建議公開比對頻率。"))), f.clock.Now());
  wrong.mutable_answer()->set_kind(v1::PARTICIPATION_KIND_OPINION);
  wrong.mutable_answer()->set_consultation_id("c2");
  wrong.mutable_answer()->set_handling(v1::OPINION_HANDLING_ADOPTED);
  auto node_admin = f.node.Admin();
  grpc::ClientContext c2, c3;
  v1n::WriteResponse written;
  ASSERT_TRUE(node_admin->UpsertAnswer(&c2, wrong, &written).ok());
  ASSERT_TRUE(written.applied()) << written.DebugString();
  v1n::PublishResponse published;
  ASSERT_TRUE(node_admin->Publish(&c3, {}, &published).ok());
  f.hub.hub().HarvestNow(true);
  grpc::ClientContext c4;
  ASSERT_TRUE(queue->ListSubmissions(&c4, {}, &list).ok());
  EXPECT_EQ(list.submissions(0).answer_seen_at(), 0);
  EXPECT_THAT(list.submissions(0).answer_mismatch(),
              HasSubstr("consultation round"));

  // The agency says how it handled the opinion; --handling is required.
  const std::string reason = "部分採納：比對頻率將於下一版公開。";
  CommandResult missing = FeedbackAnswer(f, reason);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("--handling"));
  CommandResult handled = FeedbackAnswer(f, reason, {"--handling", "partly"});
  ASSERT_EQ(handled.exit_code, 0) << handled.out << handled.err;
  f.hub.hub().HarvestNow(true);

  site = f.dir.File("site-after");
  DN_ASSERT_OK(f.hub.hub().Export(site, false));
  rounds = Page(site, "consultations.html");
  EXPECT_THAT(rounds, HasSubstr("已結束"));
  EXPECT_THAT(rounds, HasSubstr("共收到 1 則意見：採納 0 則、部分採納 1 則"));
  EXPECT_THAT(rounds, HasSubstr("比對頻率將於下一版公開"));
  EXPECT_THAT(rounds, HasSubstr("部分採納"));
  EXPECT_THAT(Page(site, "en/consultations.html"),
              HasSubstr("1 opinions received: 0 adopted, 1 partly adopted"));
  EXPECT_THAT(
      Page(site, "consultations.csv"),
      HasSubstr(",https://join.gov.tw/policies/detail/1,1,0,1,0,0,0\n"));
  page = Page(site, "db/moi/db-0.html");
  EXPECT_THAT(page, Not(HasSubstr("本項目正在進行意見徵詢")));
  EXPECT_THAT(page, HasSubstr("處理結果"));
  CommandResult listed = Ctl(f, office, {"hub", "consultation", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("1 opinion(s): 0 adopted, 1 partly"));
}

}  // namespace
}  // namespace disclosure
