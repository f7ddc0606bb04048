// Strict codecs: exactly one accepted spelling per byte string.
#include "core/encoding.h"

#include "core/utf8.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

TEST(EncodingTest, HexRoundTripAndErrors) {
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
  EXPECT_EQ(*HexDecode("01AB"), "\x01\xab");
  EXPECT_FALSE(HexDecode("abc").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(EncodingTest, Base64IsStrict) {
  EXPECT_EQ(Base64Encode("hi"), "aGk=");
  EXPECT_EQ(*Base64Decode("aGk="), "hi");
  EXPECT_FALSE(Base64Decode("aGk").ok());    // missing padding
  EXPECT_FALSE(Base64Decode("aGl=").ok());   // non-zero pad bits
  EXPECT_FALSE(Base64Decode("aG k=").ok());  // whitespace
  EXPECT_FALSE(Base64Decode("aGk=\n").ok());
  EXPECT_FALSE(Base64Decode("aG-_").ok());  // URL alphabet
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

}  // namespace
}  // namespace disclosure
