// format/note and format/note_keys: C2SP signed notes, key ids, vkeys, and
// interoperability with the reference implementation (Go's sumdb/note).
#include "format/note.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "format/ed25519.h"
#include "format/limits.h"
#include "format/note_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure {
namespace {

using ::disclosure::testing::Field;
using ::disclosure::testing::HexBytes;
using ::disclosure::testing::ReadJsonTestData;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::Str;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class NoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = Ed25519PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = *std::move(key);
    signer_ = *Ed25519NoteSigner::Create("example.tw/agency/moi", key_);
    verifier_ = *NewNoteVerifier(signer_->vkey());
    auto other = Ed25519PrivateKey::Generate();
    other_signer_ = *Ed25519NoteSigner::Create(
        "example.tw/agency/moi",
        std::shared_ptr<Ed25519PrivateKey>(std::move(*other)));
  }
  std::shared_ptr<Ed25519PrivateKey> key_;
  std::unique_ptr<Ed25519NoteSigner> signer_;
  std::unique_ptr<Ed25519NoteSigner> other_signer_;
  std::unique_ptr<NoteVerifier> verifier_;
};

TEST_F(NoteTest, RoundTrip) {
  const std::string text = "政府蒐用民眾個資\n\nsecond paragraph\n";
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote(text, {signer_.get()}));
  DN_ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {verifier_.get()}));
  EXPECT_EQ(opened.text, text);
  ASSERT_EQ(opened.verified.size(), 1u);
  EXPECT_EQ(opened.verified[0].key_name, "example.tw/agency/moi");
  EXPECT_EQ(opened.verified[0].key_id, signer_->key_id());
}

TEST_F(NoteTest, WrongKeyIsRejected) {
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  // Same name, different key: a different key id, so it is "unknown".
  auto other_verifier = *NewNoteVerifier(other_signer_->vkey());
  EXPECT_THAT(OpenNote(note, {other_verifier.get()}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "no signature by a known key"));
}

TEST_F(NoteTest, AlteredTextIsRejected) {
  DN_ASSERT_OK_AND_ASSIGN(std::string note,
                          SignNote("amount 10\n", {signer_.get()}));
  std::string altered = absl::StrReplaceAll(note, {{"amount 10", "amount 11"}});
  EXPECT_THAT(OpenNote(altered, {verifier_.get()}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("invalid signature by key")));
}

TEST_F(NoteTest, TruncatedSignatureIsRejected) {
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  // Cut the base64 to 4 bytes of key id and 3 of signature: still valid
  // base64, so the verifier must reject the short signature itself.
  const size_t space = note.rfind(' ');
  std::string raw = note.substr(0, space + 1) + "AAAAAAAAAA==\n";
  EXPECT_THAT(OpenNote(raw, {verifier_.get()}),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // Fewer than 5 bytes cannot hold a key id and a signature.
  std::string tiny = note.substr(0, space + 1) + "AAAA\n";
  EXPECT_THAT(
      OpenNote(tiny, {verifier_.get()}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("truncated")));
  // A real signature cut short (by one byte).
  auto parsed = *ParseNote(note);
  parsed.signatures[0].signature.pop_back();
  std::string cut =
      parsed.text + "\n" + FormatSignatureLine(parsed.signatures[0]);
  EXPECT_THAT(OpenNote(cut, {verifier_.get()}),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(NoteTest, DuplicatedSignatureLinesAreRejected) {
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  const std::string line = note.substr(note.find("\xE2\x80\x94"));
  EXPECT_THAT(OpenNote(note + line, {verifier_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("two signatures by key")));
  EXPECT_THAT(AddNoteSignatures(note, {signer_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("already has a signature")));
}

TEST_F(NoteTest, OversizedNotesAndTooManySignaturesAreRejected) {
  std::string big(kMaxNoteBytes, 'a');
  big.back() = '\n';
  EXPECT_THAT(
      SignNote(big, {signer_.get()}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("larger than")));
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  std::string many = note;
  for (size_t i = 0; i < kMaxNoteSignatures; ++i) {
    auto k = Ed25519PrivateKey::Generate();
    auto s = *Ed25519NoteSigner::Create(
        absl::StrCat("w", i),
        std::shared_ptr<Ed25519PrivateKey>(std::move(*k)));
    many +=
        FormatSignatureLine({s->key_name(), s->key_id(), std::string(64, 'x')});
  }
  EXPECT_THAT(OpenNote(many, {verifier_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 32 signatures")));
  // Exactly the limit is fine: unknown signatures are ignored.
  std::string at_limit = many.substr(0, many.rfind("\xE2\x80\x94"));
  DN_EXPECT_OK(OpenNote(at_limit, {verifier_.get()}));
}

TEST_F(NoteTest, NonUtf8ControlCharactersAndMissingNewlineAreRejected) {
  EXPECT_THAT(SignNote("caf\xe9\n", {signer_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(SignNote("tab\there\n", {signer_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
  EXPECT_THAT(
      SignNote("no newline", {signer_.get()}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("newline")));
  EXPECT_THAT(SignNote("", {signer_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument));

  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  std::string no_final_newline = note.substr(0, note.size() - 1);
  EXPECT_THAT(
      OpenNote(no_final_newline, {verifier_.get()}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("newline")));
  EXPECT_THAT(OpenNote("\xff" + note, {verifier_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(OpenNote("\r" + note, {verifier_.get()}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("control character")));
}

TEST_F(NoteTest, MalformedStructureIsRejected) {
  DN_ASSERT_OK_AND_ASSIGN(std::string note, SignNote("a\n", {signer_.get()}));
  const std::string sig_line = note.substr(note.find("\xE2\x80\x94"));
  EXPECT_THAT(ParseNote("a\n"), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("no blank line")));
  EXPECT_THAT(ParseNote("a\n\n"), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("no signatures")));
  EXPECT_THAT(
      ParseNote(note + "Unexpected line.\n"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("em dash")));
  EXPECT_THAT(ParseNote("a\n\n- name AAAAAAAA\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  std::string bad_name =
      absl::StrReplaceAll(note, {{"example.tw/agency/moi ", "bad+name "}});
  EXPECT_THAT(ParseNote(bad_name),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'+'")));
  std::string bad_b64 = absl::StrReplaceAll(note, {{"=\n", "\n"}});
  if (bad_b64 != note) {
    EXPECT_THAT(ParseNote(bad_b64), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("base64")));
  }
}

TEST_F(NoteTest, UnknownSignaturesAreIgnoredAndKnownMustVerify) {
  DN_ASSERT_OK_AND_ASSIGN(
      std::string note, SignNote("a\n", {signer_.get(), other_signer_.get()}));
  DN_ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {verifier_.get()}));
  EXPECT_EQ(opened.verified.size(), 1u);
  EXPECT_EQ(opened.unknown.size(), 1u);
}

TEST(NoteKeysTest, VerifierKeyParsing) {
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  const std::string vkey = FormatVerifierKey(
      "example.tw/hub", SignatureType::kCosignatureV1, key->public_key());
  DN_ASSERT_OK_AND_ASSIGN(VerifierKey parsed, ParseVerifierKey(vkey + "\n"));
  EXPECT_EQ(parsed.name, "example.tw/hub");
  EXPECT_EQ(parsed.type, SignatureType::kCosignatureV1);
  EXPECT_EQ(parsed.public_key, key->public_key());

  // Every single-character change of a vkey is rejected.
  for (size_t i = 0; i < vkey.size(); ++i) {
    std::string bad = vkey;
    bad[i] = static_cast<char>(bad[i] + 1);
    EXPECT_THAT(ParseVerifierKey(bad), ::disclosure::testing::StatusIs(
                                           absl::StatusCode::kInvalidArgument))
        << bad;
  }
  EXPECT_THAT(ParseVerifierKey("a+b"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseVerifierKey(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Base64 key material may itself contain '+': only the first two '+' of a
// vkey separate its fields.
TEST(NoteKeysTest, VerifierKeyWhoseBase64ContainsPlus) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
    const std::string vkey =
        FormatVerifierKey("n", SignatureType::kEd25519, key->public_key());
    if (vkey.find('+', vkey.find('+', 2) + 1) == std::string::npos) continue;
    DN_ASSERT_OK_AND_ASSIGN(VerifierKey parsed, ParseVerifierKey(vkey));
    EXPECT_EQ(parsed.public_key, key->public_key());
    return;
  }
  FAIL() << "no key with '+' in its base64 in 200 attempts";
}

// Interoperability with the reference implementation: its published key,
// text and signatures (tests/testdata/go_signed_note_vectors.json).
TEST(NoteInteropTest, MatchesGoSumdbNote) {
  auto v = ReadJsonTestData("go_signed_note_vectors.json");
  const auto& signer = Field(v, "signer");
  DN_ASSERT_OK_AND_ASSIGN(
      auto key, Ed25519PrivateKey::FromSeed(HexBytes(signer, "seed_hex")));
  DN_ASSERT_OK_AND_ASSIGN(
      auto our_signer,
      Ed25519NoteSigner::Create(Str(signer, "name"), std::move(key)));
  // Same key id and vkey as the reference.
  EXPECT_EQ(our_signer->vkey(), Str(signer, "vkey"));
  EXPECT_EQ(our_signer->key_id(), 0xc74f20a3u);

  // Our signature over their text is byte-identical to theirs (Ed25519 is
  // deterministic), so their verifier accepts our notes.
  const std::string text = Str(v, "text");
  const std::string theirs = text + "\n" + Str(v, "signer_signature_line");
  DN_ASSERT_OK_AND_ASSIGN(std::string ours, SignNote(text, {our_signer.get()}));
  EXPECT_EQ(ours, theirs);

  // Their notes verify here, with their second signer ignored or verified.
  auto peter = *NewNoteVerifier(Str(signer, "vkey"));
  auto enoch = *NewNoteVerifier(Str(Field(v, "other"), "vkey"));
  const std::string both = theirs + Str(v, "other_signature_line");
  DN_ASSERT_OK_AND_ASSIGN(OpenedNote one, OpenNote(both, {peter.get()}));
  EXPECT_EQ(one.text, text);
  EXPECT_EQ(one.unknown.size(), 1u);
  DN_ASSERT_OK_AND_ASSIGN(OpenedNote two,
                          OpenNote(both, {peter.get(), enoch.get()}));
  EXPECT_EQ(two.verified.size(), 2u);
  EXPECT_EQ(two.verified[1].key_name, "EnochRoot");
}

}  // namespace
}  // namespace disclosure
