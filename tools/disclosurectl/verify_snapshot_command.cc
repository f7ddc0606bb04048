// disclosurectl verify snapshot: an auditor's check of a node's whole
// latest snapshot, online with an auditor certificate: the checkpoint is
// signed by a trusted key of the log, the manifest is its last leaf, and
// every entry the node streams rebuilds the manifest's entries root (so
// nothing is left out and nothing added). Exit 0 verified, 1 a check
// failed, 2 usage or I/O.
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "core/json.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "format/checkpoint.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/merkle_verify.h"
#include "format/note.h"
#include "format/snapshot_tree.h"
#include "format/withholding.h"
#include "google/protobuf/struct.pb.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/verify/trusted_keys.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
constexpr absl::string_view kCmd = "verify snapshot";
constexpr int kExitIo = 2;

struct SnapshotArgs {
  AdminConnection node;
  std::string trusted_keys;
};

// The steps checked, printed at the end as text or (--json) JSON.
class Steps {
 public:
  explicit Steps(bool json) : json_(json) {}
  void Ok(const std::string& detail) { steps_.push_back({true, detail}); }
  int Fail(const std::string& detail) {
    steps_.push_back({false, detail});
    return Print(false);
  }
  int Print(bool verified) const {
    if (json_) {
      google::protobuf::Struct out;
      (*out.mutable_fields())["verified"].set_bool_value(verified);
      auto* list = (*out.mutable_fields())["checks"].mutable_list_value();
      for (const auto& [ok, detail] : steps_) {
        auto* f = list->add_values()->mutable_struct_value()->mutable_fields();
        (*f)["outcome"].set_string_value(ok ? "ok" : "FAILED");
        (*f)["detail"].set_string_value(detail);
      }
      std::string text = ToJson(out);
      std::cout << text << std::endl;
    } else {
      for (const auto& [ok, detail] : steps_)
        std::cout << (ok ? _("ok") : _("FAILED")) << "\t" << detail << "\n";
      if (verified)
        std::cout << _("verified: the node's whole latest snapshot") << "\n";
      std::cout << std::flush;
    }
    return verified ? kExitOk : kExitInvalid;
  }

 private:
  bool json_;
  std::vector<std::pair<bool, std::string>> steps_;
};

int Run(const SnapshotArgs& a) {
  auto keys = verify::TrustedKeys::Load(a.trusted_keys);
  if (!keys.ok()) return PrintError(kCmd, keys.status().message()), kExitIo;
  auto channel = a.node.Channel();
  if (!channel.ok())
    return PrintError(kCmd, channel.status().message()), kExitIo;
  auto stub = v1n::SnapshotService::NewStub(*channel);
  Steps steps(a.node.json);

  v1n::GetCheckpointResponse cp_resp;
  grpc::Status st = stub->GetCheckpoint(a.node.Context().get(), {}, &cp_resp);
  if (!st.ok())
    return PrintError(kCmd, DescribeRpcError(st, a.node.address)), kExitIo;
  // The origin picks the keys; the signature proves the rest.
  auto parsed = ParseNote(cp_resp.checkpoint());
  auto claimed = parsed.ok() ? ParseCheckpoint(parsed->text) : parsed.status();
  if (!claimed.ok())
    return steps.Fail(
        absl::Substitute(_("checkpoint: $0"), claimed.status().message()));
  const std::string origin = claimed->origin;
  auto opened = OpenNote(cp_resp.checkpoint(), keys->LogKeys(origin));
  if (!opened.ok())
    return steps.Fail(absl::Substitute(_("checkpoint of $0: $1"), origin,
                                       opened.status().message()));
  const Checkpoint cp = *ParseCheckpoint(opened->text);
  if (cp.size == 0) return steps.Fail(_("the log is empty"));
  steps.Ok(absl::Substitute(_("checkpoint of $0, size $1, signed by $2"),
                            origin, cp.size,
                            opened->verified.front().key_name));

  const uint64_t seq = cp.size - 1;
  v1n::GetManifestRequest mreq;
  mreq.set_sequence(seq);
  v1n::GetManifestResponse mresp;
  st = stub->GetManifest(a.node.Context().get(), mreq, &mresp);
  if (!st.ok())
    return PrintError(kCmd, DescribeRpcError(st, a.node.address)), kExitIo;
  auto proof = HashesFromProto(mresp.proof().hashes(), 64);
  absl::Status in =
      proof.ok() ? VerifyInclusion(seq, cp.size, HashLeaf(mresp.manifest()),
                                   *proof, cp.root)
                 : proof.status();
  if (!in.ok() || mresp.proof().leaf_index() != seq)
    return steps.Fail(
        absl::Substitute(_("manifest $0 is not the checkpoint's last leaf: $1"),
                         seq, in.message()));
  auto manifest = ParseManifest(mresp.manifest());
  if (!manifest.ok())
    return steps.Fail(std::string(manifest.status().message()));
  steps.Ok(absl::Substitute(_("manifest $0 is in the checkpoint; $1 entries"),
                            seq, manifest->entry_count()));

  std::vector<std::string> entries;
  v1n::ListEntriesRequest lreq;
  lreq.set_sequence(seq);
  auto ctx = a.node.Context();
  auto reader = stub->ListEntries(ctx.get(), lreq);
  v1n::EntryPage page;
  while (reader->Read(&page)) {
    if (page.first_index() != entries.size())
      return steps.Fail(_("the node's pages skip or repeat entries"));
    for (auto& e : *page.mutable_entries()) {
      if (entries.size() >= manifest->entry_count())
        return steps.Fail(
            _("the node sends more entries than the snapshot counts"));
      entries.push_back(std::move(e));
    }
  }
  st = reader->Finish();
  if (!st.ok())
    return PrintError(kCmd, DescribeRpcError(st, a.node.address)), kExitIo;
  auto tree = SnapshotTree::Build(entries);
  if (!tree.ok()) return steps.Fail(std::string(tree.status().message()));
  if (tree->size() != manifest->entry_count() ||
      AsBytes(tree->root()) != manifest->entries_root()) {
    return steps.Fail(
        absl::Substitute(_("the $0 entries do not rebuild the signed entries "
                           "root (something was left out, added or changed)"),
                         tree->size()));
  }
  std::map<std::string, int> kinds;
  for (uint64_t i = 0; i < tree->size(); ++i) {
    const std::string& key = tree->key(i);
    kinds[key.substr(0, key.find('/'))]++;
    // Signed, yet against the rules of its format (format/withholding.h).
    absl::StatusOr<v1::DisclosureEntry> e = ParseEntry(tree->entry(i));
    absl::Status format =
        e.ok() ? CheckEntryFormat(*e, manifest->format_version()) : e.status();
    if (!format.ok()) return steps.Fail(std::string(format.message()));
  }
  std::string detail = absl::Substitute(
      _("all $0 entries rebuild the signed entries root:"), tree->size());
  for (const auto& [kind, n] : kinds)
    absl::StrAppend(&detail, " ", kind, " ", n);
  steps.Ok(detail);
  return steps.Print(true);
}

}  // namespace

void AddVerifySnapshotCommand(CLI::App* verify, int* exit_code) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = verify->add_subcommand(
      "snapshot",
      _("Check a node's whole latest snapshot online: checkpoint, manifest and "
        "every entry against the signed entries root"));
  args->node.AddOptions(cmd, kNodeSnapshot);
  cmd->add_option("--trusted-keys", args->trusted_keys,
                  _("A file of verifier keys or a folder of .vkey files"))
      ->required();
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace disclosure::cli
