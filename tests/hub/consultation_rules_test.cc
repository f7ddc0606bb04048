// Consultation rounds, rule by rule: the receipt's round line, an answer's
// handling, the https URLs a round may link to, and what the round book
// takes, refuses and keeps across a restart.
#include <string>

#include "absl/time/time.h"
#include "core/host_port.h"
#include "format/participation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/participation/consultation_book.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Receipt RoundReceipt() {
  Receipt r;
  r.trust_domain = "disclosure.test";
  r.submission_id = "q4";
  r.agency_id = "moi";
  r.concerns = "db/household";
  r.kind = v1::PARTICIPATION_KIND_OPINION;
  r.text_sha256 = std::string(64, 'b');
  r.received = 1'800'000'000;
  r.consultation_id = "c2";
  return r;
}

TEST(RoundReceiptTest, NamesItsRoundOnALineOfItsOwn) {
  absl::StatusOr<std::string> text = ReceiptText(RoundReceipt());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, ::testing::EndsWith(
                         "received 2027-01-15T08:00:00Z\nconsultation c2\n"));
  absl::StatusOr<Receipt> back = ParseReceiptText(*text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->consultation_id, "c2");
  // Only an opinion is given in a round, and the id is a round's.
  Receipt r = RoundReceipt();
  r.kind = v1::PARTICIPATION_KIND_QUESTION;
  EXPECT_FALSE(ReceiptText(r).ok());
  r = RoundReceipt();
  r.consultation_id = "q2";
  EXPECT_FALSE(ReceiptText(r).ok());
  std::string other = *text;
  other.replace(other.find("consultation c2"), 15, "consulting c2 ");
  EXPECT_FALSE(ParseReceiptText(other).ok());
  EXPECT_FALSE(ParseReceiptText(*text + "extra\n").ok());
}

TEST(RoundReceiptTest, IdNumbers) {
  EXPECT_EQ(IdNumber("c12", 'c'), 12u);
  EXPECT_EQ(IdNumber("q999999999999", 'q'), 999'999'999'999u);
  for (const char* bad :
       {"c0", "c01", "c", "q1", "c1x", "c-1", "c1000000000000", ""}) {
    EXPECT_EQ(IdNumber(bad, 'c'), 0u) << bad;
  }
}

v1::ParticipationAnswer RoundAnswer() {
  v1::ParticipationAnswer a;
  a.set_submission_id("q4");
  a.set_concerns("db/household");
  a.set_kind(v1::PARTICIPATION_KIND_OPINION);
  a.set_text_sha256(std::string(64, 'b'));
  a.set_answer_text("部分採納：下一版將公開比對頻率。");
  a.set_answered_on("2027-02-01");
  a.set_consultation_id("c2");
  a.set_handling(v1::OPINION_HANDLING_PARTLY_ADOPTED);
  return a;
}

std::vector<std::string> Fields(const v1::ParticipationAnswer& a) {
  std::vector<std::string> out;
  for (const FieldProblem& p : AnswerProblems(a, 2)) out.push_back(p.field);
  return out;
}

TEST(RoundAnswerTest, HandlingRules) {
  EXPECT_TRUE(Fields(RoundAnswer()).empty());
  v1::ParticipationAnswer a = RoundAnswer();
  a.clear_handling();
  EXPECT_THAT(Fields(a), ElementsAre("handling"));
  a = RoundAnswer();
  a.set_consultation_id("round-2");
  EXPECT_THAT(Fields(a), ElementsAre("consultation_id"));
  a = RoundAnswer();
  a.set_kind(v1::PARTICIPATION_KIND_QUESTION);
  EXPECT_THAT(Fields(a), ElementsAre("kind", "handling"));
  a = RoundAnswer();
  a.set_handling(static_cast<v1::OpinionHandling>(9));
  EXPECT_THAT(Fields(a), ElementsAre("handling"));
  // An opinion outside any round may say how it was handled; a question
  // may not.
  a = RoundAnswer();
  a.clear_consultation_id();
  EXPECT_TRUE(Fields(a).empty());
  a.clear_handling();
  EXPECT_TRUE(Fields(a).empty());
  a.set_kind(v1::PARTICIPATION_KIND_QUESTION);
  a.set_handling(v1::OPINION_HANDLING_ADOPTED);
  EXPECT_THAT(Fields(a), ElementsAre("handling"));
}

TEST(HttpsUrlHostTest, TakesOnlyPlainHttpsLinks) {
  EXPECT_EQ(HttpsUrlHost("https://join.gov.tw/idea/detail/abc?x=1#y"),
            "join.gov.tw");
  EXPECT_EQ(HttpsUrlHost("https://Example.GOV.tw:8443"), "example.gov.tw");
  for (const char* bad :
       {"http://join.gov.tw/", "https://", "https:///path",
        "https://user@join.gov.tw/", "https://join.gov.tw/a b",
        "https://join.gov.tw/\"onmouseover=", "https://join.gov.tw:0/",
        "https://join..gov.tw/", "javascript:alert(1)",
        "https://join.gov.tw/<script>", "https://jo_in.gov.tw/"}) {
    EXPECT_FALSE(HttpsUrlHost(bad).has_value()) << bad;
  }
  EXPECT_FALSE(HttpsUrlHost("https://a.tw/" + std::string(2000, 'x')));
}

class BookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *HubStore::Open(dir_.path());
    book_ = *ConsultationBook::Open(store_.get(), {});
  }

  static v1h::ConsultationRound Draft() {
    v1h::ConsultationRound d;
    d.set_title_zh_tw("戶籍資料跨機關比對之意見徵詢");
    d.set_closes_on("2027-01-31");
    auto* e = d.add_entries();
    e->set_agency_id("moi");
    e->set_concerns("db/household");
    auto* doc = d.add_documents();
    doc->set_title("說明文件");
    doc->set_url("https://www.example.gov.tw/consultation.pdf");
    d.set_platform_url("https://join.gov.tw/policies/detail/1");
    return d;
  }

  absl::StatusOr<v1h::ConsultationRound> OpenDraft(
      const v1h::ConsultationRound& d) {
    auto held = [](const std::string& agency, const std::string& concerns) {
      return agency == "moi" &&
             (concerns == "db/household" || concerns == "stats/2026-H1");
    };
    return book_->OpenRound(d, "spiffe://disclosure.test/hub/admin", now_,
                            held);
  }

  // 2027-01-10 12:00 in Taipei.
  absl::Time now_ = absl::FromUnixSeconds(1'799'553'600);
  testing::TempDir dir_;
  std::unique_ptr<HubStore> store_;
  std::unique_ptr<ConsultationBook> book_;
};

TEST_F(BookTest, OpensUntilTheEndOfItsDayInTaipei) {
  absl::StatusOr<v1h::ConsultationRound> r = OpenDraft(Draft());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->id(), "c1");
  EXPECT_EQ(r->opened_by(), "spiffe://disclosure.test/hub/admin");
  // 2027-02-01 00:00 +08:00.
  EXPECT_EQ(r->closes_at(), 1'801'411'200);
  EXPECT_TRUE(RoundIsOpen(*r, absl::FromUnixSeconds(1'801'411'199)));
  EXPECT_FALSE(RoundIsOpen(*r, absl::FromUnixSeconds(1'801'411'200)));
  EXPECT_TRUE(RoundCovers(*r, "moi", "db/household"));
  EXPECT_FALSE(RoundCovers(*r, "moi", "db/vehicles"));
  EXPECT_EQ(book_->OpenCount(now_), 1u);
  // Closing early: once, and it stays closed.
  absl::StatusOr<v1h::ConsultationRound> closed =
      book_->CloseRound("c1", now_ + absl::Hours(1));
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_FALSE(RoundIsOpen(*closed, now_ + absl::Hours(2)));
  EXPECT_EQ(RoundClosedAt(*closed), absl::ToUnixSeconds(now_) + 3600);
  EXPECT_EQ(book_->CloseRound("c1", now_ + absl::Hours(2)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(book_->CloseRound("c9", now_).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BookTest, RoundsSurviveARestartAndIdsGoOn) {
  ASSERT_TRUE(OpenDraft(Draft()).ok());
  ASSERT_TRUE(book_->CloseRound("c1", now_).ok());
  book_.reset();
  book_ = *ConsultationBook::Open(store_.get(), {});
  ASSERT_EQ(book_->List().size(), 1u);
  EXPECT_NE(book_->List()[0].closed_early_at(), 0);
  absl::StatusOr<v1h::ConsultationRound> next = OpenDraft(Draft());
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->id(), "c2");
}

TEST_F(BookTest, RefusesWhatThePublicShouldNotSee) {
  struct Case {
    const char* field;
    std::function<void(v1h::ConsultationRound*)> change;
  };
  const Case cases[] = {
      {"title_zh_tw", [](auto* d) { d->clear_title_zh_tw(); }},
      {"title_zh_tw",
       [](auto* d) { d->set_title_zh_tw(std::string(201, 'x')); }},
      {"title_en", [](auto* d) { d->set_title_en("a\nb"); }},
      {"title_en", [](auto* d) { d->set_title_en("abc\u202Edef"); }},
      {"closes_on", [](auto* d) { d->set_closes_on("2027-01-09"); }},
      {"closes_on", [](auto* d) { d->set_closes_on("2028-01-31"); }},
      {"closes_on", [](auto* d) { d->set_closes_on("31/01/2027"); }},
      {"entries", [](auto* d) { d->clear_entries(); }},
      {"entries", [](auto* d) { d->mutable_entries(0)->set_agency_id("mof"); }},
      {"entries",
       [](auto* d) { d->mutable_entries(0)->set_concerns("answers/q1"); }},
      {"entries", [](auto* d) { *d->add_entries() = d->entries(0); }},
      {"documents.url",
       [](auto* d) { d->mutable_documents(0)->set_url("http://x.tw/a"); }},
      {"documents.title",
       [](auto* d) { d->mutable_documents(0)->clear_title(); }},
      {"platform_url",
       [](auto* d) { d->set_platform_url("https://join.gov.tw.evil.tw/x"); }},
      {"platform_url",
       [](auto* d) { d->set_platform_url("https://join.gov.tw/\"x"); }},
      {"round", [](auto* d) { d->set_id("c7"); }},
  };
  for (const Case& c : cases) {
    v1h::ConsultationRound d = Draft();
    c.change(&d);
    absl::Status s = OpenDraft(d).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.field));
  }
  v1h::ConsultationRound d = Draft();
  for (int i = 0; i < 21; ++i) *d.add_documents() = d.documents(0);
  EXPECT_THAT(std::string(OpenDraft(d).status().message()),
              HasSubstr("documents"));
  // The closing day may be today; a statistics entry may be named.
  d = Draft();
  d.set_closes_on("2027-01-10");
  d.mutable_entries(0)->set_concerns("stats/2026-H1");
  EXPECT_TRUE(OpenDraft(d).ok());
  EXPECT_EQ(book_->List().size(), 1u);
}

TEST_F(BookTest, OpenRoundsAreBounded) {
  book_ = *ConsultationBook::Open(store_.get(), {"join.gov.tw", 2});
  ASSERT_TRUE(OpenDraft(Draft()).ok());
  ASSERT_TRUE(OpenDraft(Draft()).ok());
  EXPECT_EQ(OpenDraft(Draft()).status().code(),
            absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(book_->CloseRound("c1", now_).ok());
  EXPECT_TRUE(OpenDraft(Draft()).ok());
}

}  // namespace
}  // namespace disclosure::hub
