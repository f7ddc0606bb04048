// The participation desk's rules, one at a time: masking of ID and phone
// numbers and e-mail addresses, per-address budgets, which address counts,
// the receipt's text, and the answer entry's checks.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "format/entry_key.h"
#include "format/participation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/participation/address_limiter.h"
#include "hub/participation/masking.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Masked(const std::string& text) {
  return MaskPersonalNumbers(text).text;
}
int MaskCount(const std::string& text) {
  return MaskPersonalNumbers(text).count;
}

TEST(MaskingTest, NationalIdAndResidentNumbers) {
  EXPECT_EQ(Masked("身分證A123456789謝謝"), "身分證〔已遮蔽 masked〕謝謝");
  EXPECT_EQ(MaskCount("a223456789 and F812345678 and AB12345678"), 3);
  // Full-width forms are folded before matching.
  EXPECT_EQ(MaskCount("Ａ１２３４５６７８９"), 1);
  // Not inside a longer run of letters and digits, and not a wrong letter.
  EXPECT_EQ(MaskCount("XA123456789"), 0);
  EXPECT_EQ(MaskCount("A1234567890"), 0);
  EXPECT_EQ(MaskCount("A323456789"), 0);
}

TEST(MaskingTest, PhoneNumbers) {
  for (const char* phone :
       {"0912345678", "0912-345-678", "0912 345 678", "(02) 2345-6789",
        "02-2345-6789", "+886 912 345 678", "+886-2-2345-6789",
        "０９１２－３４５－６７８"}) {
    EXPECT_EQ(Masked(absl::StrCat("請打 ", phone, " 找我")),
              "請打 〔已遮蔽 masked〕 找我")
        << phone;
  }
  // Dates, years, counts and short numbers stay.
  for (const char* kept :
       {"20261207", "2026-12-07", "共 12345 筆", "第 18 條", "0800"}) {
    EXPECT_EQ(MaskCount(kept), 0) << kept;
  }
}

TEST(MaskingTest, EmailAddresses) {
  EXPECT_EQ(Masked("寄到 a.b+c@example.gov.tw。"), "寄到 〔已遮蔽 masked〕。");
  EXPECT_EQ(MaskCount("not@mail"), 0);
  // A phone number inside an address is masked once, as the address.
  EXPECT_EQ(MaskCount("0912345678@example.org"), 1);
}

// Found by tests/fuzz/masking_fuzzer: masking again found more, so the
// first pass had shown a number. What is masked reads as a boundary, and a
// long run of a phone number's shape is masked whole.
TEST(MaskingTest, NothingLeftForASecondPass) {
  for (const std::string& text :
       {std::string("000000000000.000000000.0"),
        std::string("1234231234234657%pax@el.ce.g7ce.g74657%pa@ecl.xe.g788"),
        std::string("(02) 2345(77 2) 7734) 234c@mpe.log3%3"),
        std::string("e") + '\0' + "+8862341(0+886238862342(0?862x4"}) {
    const MaskedText once = MaskPersonalNumbers(text);
    EXPECT_GT(once.count, 0) << text;
    EXPECT_EQ(MaskCount(once.text), 0) << once.text;
  }
}

TEST(MaskingTest, KeepsEverythingElseByteForByte) {
  const std::string text = "<script>alert(1)</script> 戶籍\n第二行";
  EXPECT_EQ(Masked(text), text);
}

TEST(AddressLimiterTest, MinuteAndDayBudgets) {
  AddressLimiter limiter({/*per_minute=*/2, /*per_day=*/3, 10});
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000 / 86400 * 86400);
  using V = AddressLimiter::Verdict;
  EXPECT_EQ(limiter.Take("1.2.3.4", t), V::kAllowed);
  EXPECT_EQ(limiter.Take("1.2.3.4", t), V::kAllowed);
  EXPECT_EQ(limiter.Take("1.2.3.4", t), V::kMinuteSpent);
  EXPECT_EQ(AddressLimiter::RetryAfterSeconds(V::kMinuteSpent, t), 60);
  EXPECT_EQ(limiter.Take("5.6.7.8", t), V::kAllowed);  // another address
  EXPECT_EQ(limiter.Take("1.2.3.4", t + absl::Minutes(1)), V::kAllowed);
  EXPECT_EQ(limiter.Take("1.2.3.4", t + absl::Minutes(2)), V::kDaySpent);
  // A refused submission's count is given back.
  limiter.Refund("1.2.3.4");
  EXPECT_EQ(limiter.Take("1.2.3.4", t + absl::Minutes(3)), V::kAllowed);
  EXPECT_EQ(limiter.Take("1.2.3.4", t + absl::Hours(24)), V::kAllowed);
}

TEST(AddressLimiterTest, BoundedAddresses) {
  AddressLimiter limiter({3, 20, /*max_addresses=*/2});
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000);
  using V = AddressLimiter::Verdict;
  EXPECT_EQ(limiter.Take("10.0.0.1", t), V::kAllowed);
  EXPECT_EQ(limiter.Take("10.0.0.2", t), V::kAllowed);
  EXPECT_EQ(limiter.Take("10.0.0.3", t), V::kBusy);
  // The next day the old addresses are forgotten.
  EXPECT_EQ(limiter.Take("10.0.0.3", t + absl::Hours(24)), V::kAllowed);
}

TEST(AddressLimiterTest, WhichAddressCounts) {
  const std::vector<std::string> proxies = {"127.0.0.1", "::1"};
  EXPECT_EQ(ClientAddressKey("127.0.0.1", "203.0.113.9", proxies),
            "203.0.113.9");
  // From a peer that is not a trusted proxy, the header is ignored.
  EXPECT_EQ(ClientAddressKey("198.51.100.7", "203.0.113.9", proxies),
            "198.51.100.7");
  // IPv6: one /64 is one address.
  EXPECT_EQ(ClientAddressKey("127.0.0.1", "2001:db8:1:2:aaaa::1", proxies),
            ClientAddressKey("127.0.0.1", "2001:db8:1:2:bbbb::9", proxies));
  EXPECT_EQ(ClientAddressKey("127.0.0.1", "not an address", proxies),
            "127.0.0.1");
  EXPECT_EQ(ClientAddressKey("nonsense", "", proxies), "");
}

Receipt SampleReceipt() {
  return {"disclosure.test",
          "q17",
          "moi",
          "db/household",
          v1::PARTICIPATION_KIND_QUESTION,
          true,
          std::string(64, 'a'),
          1'800'000'000,
          ""};
}

TEST(ReceiptTest, TextRoundTrips) {
  absl::StatusOr<std::string> text = ReceiptText(SampleReceipt());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "disclosure-net/participation-receipt/v1\nhub disclosure.test\n"
            "submission q17\nagency moi\nconcerns db/household\nkind "
            "question\npublish yes\ntext-sha256 " +
                std::string(64, 'a') + "\nreceived 2027-01-15T08:00:00Z\n");
  absl::StatusOr<Receipt> back = ParseReceiptText(*text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->submission_id, "q17");
  EXPECT_EQ(back->concerns, "db/household");
  EXPECT_EQ(back->received, 1'800'000'000);
  EXPECT_TRUE(back->publish);
}

TEST(ReceiptTest, RefusesWhatWouldNotParseBack) {
  Receipt r = SampleReceipt();
  r.submission_id = "q01";
  EXPECT_FALSE(ReceiptText(r).ok());
  r = SampleReceipt();
  r.concerns = "answers/q1";
  EXPECT_FALSE(ReceiptText(r).ok());
  r = SampleReceipt();
  r.text_sha256 = std::string(64, 'A');
  EXPECT_FALSE(ReceiptText(r).ok());
  std::string text = *ReceiptText(SampleReceipt());
  EXPECT_FALSE(ParseReceiptText(text.substr(0, text.size() - 1)).ok());
  std::string swapped = text;
  swapped.replace(swapped.find("publish yes"), 11, "publish may");
  EXPECT_FALSE(ParseReceiptText(swapped).ok());
  EXPECT_FALSE(ParseReceiptText("hello\n").ok());
}

v1::ParticipationAnswer SampleAnswer() {
  v1::ParticipationAnswer a;
  a.set_submission_id("q3");
  a.set_concerns("db/household");
  a.set_kind(v1::PARTICIPATION_KIND_OPINION);
  a.set_text_sha256(std::string(64, '0'));
  a.set_answered_on("2026-12-01");
  a.set_answer_text("已納入下次檢討。");
  return a;
}

std::vector<std::string> Fields(const v1::ParticipationAnswer& a,
                                uint32_t format = 2) {
  std::vector<std::string> out;
  for (const FieldProblem& p : AnswerProblems(a, format))
    out.push_back(p.field);
  return out;
}

TEST(AnswerEntryTest, Rules) {
  EXPECT_TRUE(Fields(SampleAnswer()).empty());
  EXPECT_EQ(Fields(SampleAnswer(), 1), std::vector<std::string>{"answer"});
  v1::ParticipationAnswer a = SampleAnswer();
  a.set_submission_id("17");
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("submission_id"));
  a = SampleAnswer();
  a.set_answered_on("2026-02-30");
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("answered_on"));
  a = SampleAnswer();
  a.clear_answer_text();
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("answer_text"));
  // A withheld answer has no text, and its decision is checked.
  a.mutable_answer_withheld()->set_gia_article18_item(3);
  EXPECT_THAT(Fields(a), ::testing::Contains(HasSubstr("answer_withheld")));
  a.mutable_answer_withheld()->set_deciding_unit("資訊室");
  a.mutable_answer_withheld()->set_review_date("2027-06-30");
  EXPECT_TRUE(Fields(a).empty());
  a = SampleAnswer();
  a.set_question_text("引用");
  a.mutable_question_withheld()->set_gia_article18_item(6);
  a.mutable_question_withheld()->set_deciding_unit("資訊室");
  a.mutable_question_withheld()->set_review_date("2027-06-30");
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("question_text"));
  a = SampleAnswer();
  a.set_concerns("answers/q1");
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("concerns"));
  a = SampleAnswer();
  a.set_answer_text(std::string(kMaxParticipationTextChars + 1, 'x'));
  EXPECT_THAT(Fields(a), ::testing::ElementsAre("answer_text"));
}

TEST(AnswerEntryTest, KeyMatchesBody) {
  v1::DisclosureEntry e;
  *e.mutable_answer() = SampleAnswer();
  e.set_key("answers/q3");
  EXPECT_TRUE(ValidateEntryKey(e).ok());
  e.set_key("answers/q4");
  EXPECT_FALSE(ValidateEntryKey(e).ok());
  // Format 1 readers refuse it.
  EXPECT_FALSE(CheckEntryFormat(e, 1).ok());
  EXPECT_TRUE(CheckEntryFormat(e, 2).ok());
}

}  // namespace
}  // namespace disclosure::hub
