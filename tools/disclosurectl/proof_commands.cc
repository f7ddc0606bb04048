// disclosurectl proof verify-inclusion / verify-consistency: RFC 6962 proofs
// checked with nothing but the numbers given on the command line.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/merkle_verify.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

struct InclusionArgs {
  std::string leaf_hash;
  uint64_t index = 0;
  uint64_t size = 0;
  std::string root;
  std::string proof;
};

struct ConsistencyArgs {
  uint64_t size1 = 0;
  uint64_t size2 = 0;
  std::string root1;
  std::string root2;
  std::string proof;
};

int RunInclusion(const InclusionArgs& a) {
  constexpr absl::string_view kCmd = "proof verify-inclusion";
  absl::StatusOr<Hash> leaf = ParseHexHash(a.leaf_hash, "--leaf-hash");
  absl::StatusOr<Hash> root = ParseHexHash(a.root, "--root");
  absl::StatusOr<std::vector<Hash>> proof =
      ParseHexHashList(a.proof, "--proof");
  for (const absl::Status& s : {leaf.status(), root.status(), proof.status()}) {
    if (!s.ok()) {
      PrintError(kCmd, s.message());
      return kExitUsage;
    }
  }
  if (absl::Status s = VerifyInclusion(a.index, a.size, *leaf, *proof, *root);
      !s.ok()) {
    PrintError(kCmd, s.message());
    return kExitInvalid;
  }
  std::cout << absl::Substitute(
                   _("inclusion proof valid: leaf $0 in tree of size $1"),
                   a.index, a.size)
            << std::endl;
  return kExitOk;
}

int RunConsistency(const ConsistencyArgs& a) {
  constexpr absl::string_view kCmd = "proof verify-consistency";
  absl::StatusOr<Hash> root1 = ParseHexHash(a.root1, "--root1");
  absl::StatusOr<Hash> root2 = ParseHexHash(a.root2, "--root2");
  absl::StatusOr<std::vector<Hash>> proof =
      ParseHexHashList(a.proof, "--proof");
  for (const absl::Status& s :
       {root1.status(), root2.status(), proof.status()}) {
    if (!s.ok()) {
      PrintError(kCmd, s.message());
      return kExitUsage;
    }
  }
  if (absl::Status s =
          VerifyConsistency(a.size1, a.size2, *root1, *root2, *proof);
      !s.ok()) {
    PrintError(kCmd, s.message());
    return kExitInvalid;
  }
  std::cout << absl::Substitute(
                   _("consistency proof valid: size $0 -> size $1"), a.size1,
                   a.size2)
            << std::endl;
  return kExitOk;
}

}  // namespace

void AddProofCommands(CLI::App& app, int* exit_code) {
  CLI::App* proof =
      app.add_subcommand("proof", _("Verify RFC 6962 Merkle proofs offline"));
  proof->require_subcommand(1);

  auto inc = std::make_shared<InclusionArgs>();
  CLI::App* vi = proof->add_subcommand(
      "verify-inclusion",
      _("Check that a leaf hash is at an index of a tree with the given root "
        "(exit 0 valid, 1 invalid, 2 malformed arguments)"));
  vi->add_option("--leaf-hash", inc->leaf_hash,
                 _("Leaf hash SHA-256(0x00||leaf), 64 hex digits"))
      ->required();
  vi->add_option("--index", inc->index, _("0-based leaf index"))->required();
  vi->add_option("--size", inc->size, _("Tree size"))->required();
  vi->add_option("--root", inc->root, _("Root hash, 64 hex digits"))
      ->required();
  vi->add_option("--proof", inc->proof,
                 _("Audit path: comma-separated hex hashes (empty for a "
                   "one-leaf tree)"));
  vi->callback([inc, exit_code] { *exit_code = RunInclusion(*inc); });

  auto con = std::make_shared<ConsistencyArgs>();
  CLI::App* vc = proof->add_subcommand(
      "verify-consistency",
      _("Check that the tree (size1, root1) is a prefix of (size2, root2) "
        "(exit 0 valid, 1 invalid, 2 malformed arguments)"));
  vc->add_option("--size1", con->size1, _("Earlier tree size"))->required();
  vc->add_option("--size2", con->size2, _("Later tree size"))->required();
  vc->add_option("--root1", con->root1, _("Earlier root, 64 hex digits"))
      ->required();
  vc->add_option("--root2", con->root2, _("Later root, 64 hex digits"))
      ->required();
  vc->add_option("--proof", con->proof, _("Comma-separated hex hashes"));
  vc->callback([con, exit_code] { *exit_code = RunConsistency(*con); });
}

}  // namespace disclosure::cli
