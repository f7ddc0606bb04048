// format/sha256 against the SHA-256 examples of FIPS 180-2 (appendix B): the
// one-shot and the incremental digest, and an incremental object reused
// after Finish().
#include "format/sha256.h"

#include <string>

#include "format/encoding.h"
#include "gtest/gtest.h"

namespace disclosure {
namespace {

struct Vector {
  std::string input;
  std::string want_hex;
};

const Vector kVectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {std::string(1000000, 'a'),
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

TEST(Sha256Test, OneShotMatchesTheStandard) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(HexEncode(AsBytes(Sha256::Of(v.input))), v.want_hex)
        << v.input.substr(0, 20);
  }
}

TEST(Sha256Test, IncrementalMatchesInAnyPiecesAndResets) {
  Sha256 sha;  // one object for every vector: Finish() resets it
  for (const Vector& v : kVectors) {
    for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, size_t{4096}}) {
      for (size_t at = 0; at < v.input.size(); at += piece) {
        sha.Update(absl::string_view(v.input).substr(at, piece));
      }
      EXPECT_EQ(HexEncode(AsBytes(sha.Finish())), v.want_hex)
          << v.input.substr(0, 20) << " in pieces of " << piece;
    }
  }
}

}  // namespace
}  // namespace disclosure
