// disclosurectl's first commands, run as a real process: exact interface,
// exit codes (0 valid, 1 invalid, 2 malformed arguments) and messages.
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "core/file_util.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_data.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/progress.h"

namespace disclosure {
namespace {

using ::disclosure::testing::CommandResult;
using ::disclosure::testing::RunCommand;
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CommandResult Ctl(std::vector<std::string> args, const std::string& in = "") {
  args.insert(args.begin(), DISCLOSURECTL_PATH);
  return RunCommand(args, in);
}

std::string Hex(const Hash& h) { return HexEncode(AsBytes(h)); }

std::string HexList(const std::vector<Hash>& hs) {
  std::vector<std::string> parts;
  for (const Hash& h : hs) parts.push_back(Hex(h));
  return absl::StrJoin(parts, ",");
}

// Relative times round to the nearest unit, so a time 3 days ahead still
// reads "in 3 days" when a few seconds have passed.
TEST(DisclosurectlTest, RelativeTimesRoundToTheNearestUnit) {
  const int64_t now = 1'800'000'000;
  EXPECT_EQ(cli::Relative(now + 3 * 86400 - 7, now), "in 3 days");
  EXPECT_EQ(cli::Relative(now + 3 * 86400 + 7, now), "in 3 days");
  EXPECT_EQ(cli::Relative(now - 5 * 3600 + 60, now), "5 hours ago");
  EXPECT_EQ(cli::Relative(now + 150, now), "in 3 minutes");
  EXPECT_EQ(cli::Relative(now + 2, now), "just now");
  EXPECT_EQ(cli::Relative(0, now), "");
}

TEST(DisclosurectlTest, KeygenSignVerify) {
  TempDir dir;
  const std::string prefix = dir.File("moi");
  CommandResult gen =
      Ctl({"keygen", "--name", "disclosure.test/agency/moi", "--out", prefix});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  EXPECT_THAT(gen.out, StartsWith("disclosure.test/agency/moi+"));
  struct stat st;
  ASSERT_EQ(stat((prefix + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const std::string vkey = *ReadFile(prefix + ".vkey", 4096);
  EXPECT_EQ(vkey, gen.out);

  // Refuses to overwrite.
  EXPECT_NE(Ctl({"keygen", "--name", "x", "--out", prefix}).exit_code, 0);

  const std::string text = "disclosure.test/agency/moi\n1\nAAAA\n";
  CommandResult sign = Ctl({"note", "sign", "--key", prefix + ".key"}, text);
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  EXPECT_THAT(sign.out,
              StartsWith(text + "\n\xE2\x80\x94 disclosure.test/agency/moi "));

  // --vkey as a file and as text; --in as a file and as stdin.
  ASSERT_TRUE(WriteNewFile(dir.File("note"), sign.out, 0644).ok());
  CommandResult v1 = Ctl(
      {"note", "verify", "--vkey", prefix + ".vkey", "--in", dir.File("note")});
  EXPECT_EQ(v1.exit_code, 0) << v1.err;
  EXPECT_EQ(v1.out, text);
  std::string vkey_text = vkey;
  vkey_text.pop_back();
  CommandResult v2 = Ctl({"note", "verify", "--vkey", vkey_text}, sign.out);
  EXPECT_EQ(v2.exit_code, 0) << v2.err;

  // Altered text: exit 1, one line naming the reason.
  CommandResult bad = Ctl({"note", "verify", "--vkey", vkey_text},
                          absl::StrReplaceAll(sign.out, {{"\n1\n", "\n2\n"}}));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  EXPECT_THAT(bad.err, HasSubstr("invalid signature"));
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1);

  // Another key: exit 1.
  ASSERT_EQ(
      Ctl({"keygen", "--name", "other", "--out", dir.File("other")}).exit_code,
      0);
  CommandResult other =
      Ctl({"note", "verify", "--vkey", dir.File("other.vkey")}, sign.out);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("no signature by a known key"));

  // A malformed vkey is a usage error.
  EXPECT_EQ(Ctl({"note", "verify", "--vkey", "garbage"}, sign.out).exit_code,
            2);
}

TEST(DisclosurectlTest, SignRefusesKeyReadableByOthers) {
  TempDir dir;
  ASSERT_EQ(Ctl({"keygen", "--name", "n", "--out", dir.File("k")}).exit_code,
            0);
  chmod(dir.File("k.key").c_str(), 0644);
  CommandResult r = Ctl({"note", "sign", "--key", dir.File("k.key")}, "a\n");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("chmod 600"));
}

TEST(DisclosurectlTest, ProofVerifyInclusion) {
  MerkleTree tree;
  for (int i = 0; i < 7; ++i) tree.AppendLeaf(absl::StrCat("leaf ", i));
  const std::string root = Hex(tree.Root());
  const std::string proof = HexList(*tree.InclusionProof(3, 7));
  std::vector<std::string> args = {"proof",       "verify-inclusion",
                                   "--leaf-hash", Hex(tree.LeafHash(3)),
                                   "--index",     "3",
                                   "--size",      "7",
                                   "--root",      root,
                                   "--proof",     proof};
  CommandResult ok = Ctl(args);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;

  args[5] = "4";  // wrong index
  CommandResult invalid = Ctl(args);
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_THAT(invalid.err, HasSubstr("expected root"));

  args[5] = "x";  // malformed number
  EXPECT_EQ(Ctl(args).exit_code, 2);
  args[5] = "3";
  args[9] = "abc";  // malformed root
  CommandResult malformed = Ctl(args);
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_THAT(malformed.err, HasSubstr("--root must be 64 hex digits"));
  EXPECT_EQ(Ctl({"proof", "verify-inclusion", "--index", "1"}).exit_code, 2);

  // One-leaf tree: no --proof at all.
  MerkleTree one;
  one.AppendLeaf("x");
  EXPECT_EQ(
      Ctl({"proof", "verify-inclusion", "--leaf-hash", Hex(one.LeafHash(0)),
           "--index", "0", "--size", "1", "--root", Hex(one.Root())})
          .exit_code,
      0);
}

TEST(DisclosurectlTest, ProofVerifyConsistency) {
  MerkleTree tree;
  for (int i = 0; i < 11; ++i) tree.AppendLeaf(absl::StrCat("leaf ", i));
  std::vector<std::string> args = {
      "proof",   "verify-consistency",
      "--size1", "6",
      "--size2", "11",
      "--root1", Hex(*tree.RootAt(6)),
      "--root2", Hex(tree.Root()),
      "--proof", HexList(*tree.ConsistencyProof(6, 11))};
  CommandResult ok = Ctl(args);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  args[7] = Hex(*tree.RootAt(5));  // root of another size
  EXPECT_EQ(Ctl(args).exit_code, 1);
  args[11] = "zz";
  EXPECT_EQ(Ctl(args).exit_code, 2);
}

// One exit code per kind of outcome: a file that cannot be read is 3
// ("could not run") for every import, with its name; bad rows are 1.
TEST(DisclosurectlTest, ImportExitCodesByKindOfOutcome) {
  TempDir dir;
  const std::string missing = dir.File("missing.csv");
  for (const char* table : {"databases", "profile", "requests"}) {
    CommandResult r = Ctl({"import", table, missing, "--dry-run"});
    EXPECT_EQ(r.exit_code, 3) << table << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(missing)) << table;
  }
  const std::string binary = dir.File("binary.csv");
  ASSERT_TRUE(
      WriteNewFile(binary, std::string("\xff\xff\x00\x81\xfe", 5), 0644).ok());
  CommandResult r = Ctl({"import", "databases", binary, "--dry-run"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("save it as UTF-8 CSV"));
  const std::string bad = dir.File("bad.csv");
  ASSERT_TRUE(
      WriteNewFile(bad, "database_id,collection_ground\nx,nonsense\n", 0644)
          .ok());
  r = Ctl({"import", "databases", bad, "--dry-run"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("bad.csv:2 [collection_ground]"));
}

TEST(DisclosurectlTest, HelpOnEveryCommand) {
  for (std::vector<std::string> cmd : {std::vector<std::string>{},
                                       {"keygen"},
                                       {"note"},
                                       {"note", "sign"},
                                       {"note", "verify"},
                                       {"proof"},
                                       {"proof", "verify-inclusion"},
                                       {"proof", "verify-consistency"}}) {
    cmd.push_back("--help");
    CommandResult r = Ctl(cmd);
    EXPECT_EQ(r.exit_code, 0) << absl::StrJoin(cmd, " ");
    EXPECT_THAT(r.out, HasSubstr("Usage:")) << absl::StrJoin(cmd, " ");
  }
  CommandResult none = Ctl({});
  EXPECT_EQ(none.exit_code, 2);
  CommandResult unknown = Ctl({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
}

// Progress says done of total and, once there is a rate, the time left.
TEST(DisclosurectlTest, ProgressShowsDoneTotalAndTimeLeft) {
  using cli::FormatProgress;
  EXPECT_EQ(FormatProgress("checking", "rows", 500, 0, absl::Seconds(3)),
            "checking: 500 rows");
  EXPECT_EQ(FormatProgress("sending", "records", 0, 2000, absl::ZeroDuration()),
            "sending: 0/2000 records (0%)");
  EXPECT_EQ(FormatProgress("sending", "records", 500, 2000, absl::Seconds(4)),
            "sending: 500/2000 records (25%), about 12 s left");
  EXPECT_EQ(
      FormatProgress("sending", "records", 1000, 100000, absl::Seconds(10)),
      "sending: 1000/100000 records (1%), about 16 min left");
  EXPECT_EQ(FormatProgress("sending", "records", 2000, 2000, absl::Seconds(9)),
            "sending: 2000/2000 records (100%)");
}

}  // namespace
}  // namespace disclosure
