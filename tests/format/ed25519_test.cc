// format/ed25519 against RFC 8032 section 7.1 (byte for byte), and key files.
#include "format/ed25519.h"

#include <sys/stat.h>

#include <string>

#include "core/file_util.h"
#include "core/key_file.h"
#include "format/encoding.h"
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
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;

TEST(Ed25519Test, Rfc8032Section71Vectors) {
  auto vectors = ReadJsonTestData("rfc8032_ed25519_section7_1.json");
  int count = 0;
  for (const auto& v : Field(vectors, "tests").list_value().values()) {
    SCOPED_TRACE(Str(v, "name"));
    DN_ASSERT_OK_AND_ASSIGN(
        auto key, Ed25519PrivateKey::FromSeed(HexBytes(v, "secret_key")));
    EXPECT_EQ(HexEncode(key->public_key()), Str(v, "public_key"));
    const std::string msg = HexBytes(v, "message");
    DN_ASSERT_OK_AND_ASSIGN(std::string sig, key->Sign(msg));
    EXPECT_EQ(HexEncode(sig), Str(v, "signature"));

    DN_ASSERT_OK_AND_ASSIGN(
        auto pub, Ed25519PublicKey::FromRaw(HexBytes(v, "public_key")));
    DN_EXPECT_OK(pub->Verify(msg, HexBytes(v, "signature")));
    std::string bad = HexBytes(v, "signature");
    bad[10] ^= 1;
    EXPECT_THAT(
        pub->Verify(msg, bad),
        StatusIs(absl::StatusCode::kInvalidArgument, "invalid signature"));
    EXPECT_THAT(pub->Verify(msg + "x", HexBytes(v, "signature")),
                StatusIs(absl::StatusCode::kInvalidArgument));
    ++count;
  }
  EXPECT_EQ(count, 5);
}

TEST(Ed25519Test, RejectsMalformedKeysAndSignatures) {
  EXPECT_THAT(Ed25519PublicKey::FromRaw("short"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Ed25519PrivateKey::FromSeed("short"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Ed25519PrivateKey::FromPem("not pem"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  DN_ASSERT_OK_AND_ASSIGN(auto pub,
                          Ed25519PublicKey::FromRaw(key->public_key()));
  DN_ASSERT_OK_AND_ASSIGN(std::string sig, key->Sign("m"));
  EXPECT_THAT(pub->Verify("m", sig.substr(0, 63)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  DN_EXPECT_OK(pub->Verify("m", sig));
}

TEST(Ed25519Test, PemRoundTrip) {
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  DN_ASSERT_OK_AND_ASSIGN(std::string pem,
                          key->ExportPrivateKeyPemForStorage());
  EXPECT_THAT(pem, HasSubstr("-----BEGIN PRIVATE KEY-----"));
  DN_ASSERT_OK_AND_ASSIGN(auto back, Ed25519PrivateKey::FromPem(pem));
  EXPECT_EQ(back->public_key(), key->public_key());
}

TEST(KeyFileTest, WritesMode0600AndReadsBack) {
  TempDir dir;
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  NamedSigningKey named{"example.tw/agency/moi", SignatureType::kEd25519,
                        std::move(key)};
  const std::string path = dir.File("moi.key");
  DN_ASSERT_OK(WritePrivateKeyFile(path, named));
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);

  DN_ASSERT_OK_AND_ASSIGN(NamedSigningKey back, ReadPrivateKeyFile(path));
  EXPECT_EQ(back.name, named.name);
  EXPECT_EQ(back.type, SignatureType::kEd25519);
  EXPECT_EQ(back.key->public_key(), named.key->public_key());
  EXPECT_EQ(back.vkey(), named.vkey());

  // Never overwritten.
  EXPECT_THAT(WritePrivateKeyFile(path, named),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST(KeyFileTest, RefusesFilesOthersCanAccess) {
  TempDir dir;
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  NamedSigningKey named{"w.example/hub", SignatureType::kCosignatureV1,
                        std::move(key)};
  const std::string path = dir.File("hub.key");
  DN_ASSERT_OK(WritePrivateKeyFile(path, named));
  for (mode_t mode : {0640, 0604, 0644, 0660, 0602}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    EXPECT_THAT(
        ReadPrivateKeyFile(path),
        StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("chmod 600")))
        << std::oct << mode;
  }
  ASSERT_EQ(chmod(path.c_str(), 0400), 0);
  DN_ASSERT_OK_AND_ASSIGN(NamedSigningKey back, ReadPrivateKeyFile(path));
  EXPECT_EQ(back.type, SignatureType::kCosignatureV1);
}

TEST(KeyFileTest, RejectsFilesWithoutNameOrKey) {
  TempDir dir;
  DN_ASSERT_OK_AND_ASSIGN(auto key, Ed25519PrivateKey::Generate());
  DN_ASSERT_OK_AND_ASSIGN(std::string pem,
                          key->ExportPrivateKeyPemForStorage());
  DN_ASSERT_OK(WriteNewFile(dir.File("noname.key"), pem, 0600));
  EXPECT_THAT(
      ReadPrivateKeyFile(dir.File("noname.key")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Key-Name")));
  DN_ASSERT_OK(WriteNewFile(dir.File("nokey.key"), "Key-Name: a\n", 0600));
  EXPECT_THAT(ReadPrivateKeyFile(dir.File("nokey.key")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadPrivateKeyFile(dir.File("missing.key")),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace disclosure
