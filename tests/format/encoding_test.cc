// Strict codecs: exactly one accepted spelling per byte string.
#include "format/encoding.h"

#include "format/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

TEST(EncodingTest, HexRoundTripAndErrors) {
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
  EXPECT_EQ(*HexDecode("01AB"), "\x01\xab");
  EXPECT_THAT(HexDecode("abc"), ::disclosure::testing::StatusIs(
                                    absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HexDecode("zz"), ::disclosure::testing::StatusIs(
                                   absl::StatusCode::kInvalidArgument));
}

TEST(EncodingTest, Base64IsStrict) {
  EXPECT_EQ(Base64Encode("hi"), "aGk=");
  EXPECT_EQ(*Base64Decode("aGk="), "hi");
  EXPECT_THAT(Base64Decode("aGk"),
              ::disclosure::testing::StatusIs(
                  absl::StatusCode::kInvalidArgument));  // missing padding
  EXPECT_THAT(Base64Decode("aGl="),
              ::disclosure::testing::StatusIs(
                  absl::StatusCode::kInvalidArgument));  // non-zero pad bits
  EXPECT_THAT(Base64Decode("aG k="),
              ::disclosure::testing::StatusIs(
                  absl::StatusCode::kInvalidArgument));  // whitespace
  EXPECT_THAT(Base64Decode("aGk=\n"), ::disclosure::testing::StatusIs(
                                          absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64Decode("aG-_"),
              ::disclosure::testing::StatusIs(
                  absl::StatusCode::kInvalidArgument));  // URL alphabet
  EXPECT_EQ(*Base64Decode(""), "");
}

TEST(Utf8Test, AcceptsWellFormedRejectsIllFormed) {
  EXPECT_TRUE(IsValidUtf8("政府蒐用民眾個資 — ok"));
  size_t bad = 0;
  EXPECT_FALSE(IsValidUtf8("ab\xff", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8"));          // truncated
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(Utf8Test, FindControlCharSkipsOnlyTheAllowed) {
  EXPECT_EQ(FindControlChar("戶籍\n資料\t"), 6u);
  EXPECT_EQ(FindControlChar("戶籍\n資料\t", "\n\t"), absl::string_view::npos);
  EXPECT_EQ(FindControlChar("a\tb", "\n"), 1u);
  EXPECT_EQ(FindControlChar("ab\x7f"), 2u);
  EXPECT_EQ(FindControlChar(std::string("a\0", 2), "\n"), 1u);
}

}  // namespace
}  // namespace disclosure
