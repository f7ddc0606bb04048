// format/checkpoint and format/cosignature.
#include "format/checkpoint.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

using ::disclosure::testing::StatusIs;
using ::testing::HasSubstr;

// The example of c2sp.org/tlog-checkpoint.
constexpr char kSpecExample[] =
    "example.com/behind-the-sofa\n20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(CheckpointTest, ParsesTheSpecExampleAndFormatsItBack) {
  DN_ASSERT_OK_AND_ASSIGN(Checkpoint cp, ParseCheckpoint(kSpecExample));
  EXPECT_EQ(cp.origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp.size, 20852163u);
  EXPECT_EQ(Base64Encode(AsBytes(cp.root)),
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  DN_ASSERT_OK_AND_ASSIGN(std::string text, FormatCheckpoint(cp));
  EXPECT_EQ(text, kSpecExample);
}

TEST(CheckpointTest, ExtensionLinesRoundTrip) {
  Checkpoint cp{"td.example/agency/moi", 0, EmptyRoot(), {"ext one", "ext2"}};
  DN_ASSERT_OK_AND_ASSIGN(std::string text, FormatCheckpoint(cp));
  DN_ASSERT_OK_AND_ASSIGN(Checkpoint back, ParseCheckpoint(text));
  EXPECT_EQ(back, cp);
}

TEST(CheckpointTest, RejectsMalformedText) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  struct Case {
    std::string text;
    std::string why;
  } cases[] = {
      {"o\n1\n", "fewer than three"},
      {absl::StrCat("o\n01\n", root, "\n"), "leading zeros"},
      {absl::StrCat("o\n-1\n", root, "\n"), "decimal"},
      {absl::StrCat("o\n18446744073709551616\n", root, "\n"), "64 bits"},
      {absl::StrCat("o\n1 \n", root, "\n"), "decimal"},
      {"o\n1\nAAAA\n", "32 bytes"},
      {absl::StrCat("o\n1\n", root.substr(0, 43), "\n"), "base64"},
      {absl::StrCat("\n1\n", root, "\n"), "empty"},
      {absl::StrCat("o\n1\n", root, "\n\next\n"), "empty"},
      {absl::StrCat("o\n1\n", root), "newline"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(ParseCheckpoint(c.text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.why)))
        << c.text;
  }
  EXPECT_EQ(
      ParseCheckpoint(absl::StrCat("o\n18446744073709551615\n", root, "\n"))
          ->size,
      18446744073709551615u);
  Checkpoint with_newline{"a\nb", 1, EmptyRoot(), {}};
  EXPECT_THAT(
      FormatCheckpoint(with_newline),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CosignatureTest, MessageIsExactlyTheSpecFormat) {
  EXPECT_EQ(CosignedMessage(kSpecExample, 1679315147),
            absl::StrCat("cosignature/v1\ntime 1679315147\n", kSpecExample));
}

TEST(CosignatureTest, SignVerifyAndTimestamp) {
  std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
  uint64_t now = 1790000000;
  auto cosigner = *CosignatureSigner::Create("witness.example/hub", key,
                                             [&now] { return now; });
  auto verifier = *NewNoteVerifier(cosigner->vkey());
  EXPECT_EQ(verifier->key_id(), cosigner->key_id());
  // Key id differs from the plain Ed25519 id of the same key and name.
  EXPECT_NE(cosigner->key_id(),
            ComputeKeyId("witness.example/hub", SignatureType::kEd25519,
                         key->public_key()));

  std::shared_ptr<Ed25519PrivateKey> log_key = *Ed25519PrivateKey::Generate();
  auto log_signer =
      *Ed25519NoteSigner::Create("example.com/behind-the-sofa", log_key);
  DN_ASSERT_OK_AND_ASSIGN(std::string note,
                          SignNote(kSpecExample, {log_signer.get()}));
  DN_ASSERT_OK_AND_ASSIGN(std::string cosigned,
                          AddNoteSignatures(note, {cosigner.get()}));
  EXPECT_EQ(cosigned.substr(0, note.size()), note);  // existing bytes kept

  DN_ASSERT_OK_AND_ASSIGN(OpenedNote opened,
                          OpenNote(cosigned, {verifier.get()}));
  ASSERT_EQ(opened.verified.size(), 1u);
  EXPECT_EQ(*CosignatureTimestamp(opened.verified[0].signature), now);

  // Changing the timestamp bytes breaks the signature.
  auto parsed = *ParseNote(cosigned);
  parsed.signatures[1].signature[7] ^= 1;
  std::string forged = parsed.text + "\n" +
                       FormatSignatureLine(parsed.signatures[0]) +
                       FormatSignatureLine(parsed.signatures[1]);
  EXPECT_THAT(OpenNote(forged, {verifier.get()}),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(CosignatureTest, RefusesToCosignNonCheckpoints) {
  std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
  auto cosigner =
      *CosignatureSigner::Create("w", key, [] { return uint64_t{1}; });
  EXPECT_THAT(
      cosigner->Sign("hello\n"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("refusing")));
  auto huge = *CosignatureSigner::Create("w", key, [] { return ~uint64_t{0}; });
  EXPECT_THAT(huge->Sign(kSpecExample),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace disclosure
