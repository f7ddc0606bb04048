// disclosurectl verify history: an auditor's watch over one agency's log.
// Each run takes the latest checkpoint (from the node's snapshot service
// with an auditor certificate, or every checkpoint of an export's history)
// and checks it against what the auditor trusted before (state folder,
// tools/verify/trusted_history.h). Exit 0 consistent, 1 rollback / fork /
// unproven (evidence written for the first two), 2 usage or I/O.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/json.h"
#include "disclosure/v1/export.pb.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "format/checkpoint.h"
#include "format/note.h"
#include "format/snapshot_tree.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/verify/trusted_history.h"
#include "tools/verify/trusted_keys.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
constexpr absl::string_view kCmd = "verify history";
constexpr int kExitIo = 2;
constexpr size_t kMaxProofHashes = 64;

struct HistoryArgs {
  AdminConnection node;
  bool online = false;
  std::string export_dir;
  std::string agency;
  std::string origin;
  std::string state;
  std::string trusted_keys;
};

const char* KindName(verify::HistoryOutcome::Kind k) {
  switch (k) {
    case verify::HistoryOutcome::kFirst:
      return "first";
    case verify::HistoryOutcome::kUnchanged:
      return "unchanged";
    case verify::HistoryOutcome::kExtended:
      return "extended";
    case verify::HistoryOutcome::kRollback:
      return "rollback";
    case verify::HistoryOutcome::kFork:
      return "fork";
    case verify::HistoryOutcome::kInconsistent:
      return "inconsistent";
  }
  return "?";
}

void Print(const verify::HistoryOutcome& o, bool json) {
  if (!json) {
    std::cout << (o.ok() ? _("ok") : _("FAILED")) << "\t" << o.detail << "\n";
    for (const auto& e : o.evidence)
      std::cout << "\t" << absl::Substitute(_("evidence: $0"), e) << "\n";
    return;
  }
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  f["outcome"].set_string_value(KindName(o.kind));
  f["ok"].set_bool_value(o.ok());
  f["old_size"].set_number_value(static_cast<double>(o.old_size));
  f["new_size"].set_number_value(static_cast<double>(o.new_size));
  f["detail"].set_string_value(o.detail);
  auto* ev = f["evidence"].mutable_list_value();
  for (const auto& e : o.evidence) ev->add_values()->set_string_value(e);
  std::string text = ToJson(out);
  std::cout << text << "\n";
}

// The origin the keys are chosen by: the flag, else the checkpoint's own
// (it only picks keys; the signature proves the rest).
std::string OriginOf(const HistoryArgs& a, const std::string& note) {
  if (!a.origin.empty()) return a.origin;
  auto parsed = ParseNote(note);
  auto cp = parsed.ok() ? ParseCheckpoint(parsed->text) : parsed.status();
  return cp.ok() ? cp->origin : "";
}

int Finish(const std::vector<verify::HistoryOutcome>& outcomes, bool json) {
  bool ok = true;
  for (const auto& o : outcomes) {
    Print(o, json);
    ok = ok && o.ok();
  }
  std::cout << std::flush;
  return ok ? kExitOk : kExitInvalid;
}

int RunOnline(const HistoryArgs& a, const verify::TrustedKeys& keys) {
  auto channel = a.node.Channel();
  if (!channel.ok())
    return PrintError(kCmd, channel.status().message()), kExitIo;
  auto stub = v1::node::SnapshotService::NewStub(*channel);
  v1::node::GetCheckpointResponse cp;
  grpc::Status st = stub->GetCheckpoint(a.node.Context().get(), {}, &cp);
  if (!st.ok())
    return PrintError(kCmd, DescribeRpcError(st, a.node.address)), kExitIo;
  const std::string origin = OriginOf(a, cp.checkpoint());
  auto history = verify::TrustedHistory::Open(a.state, origin);
  if (!history.ok())
    return PrintError(kCmd, history.status().message()), kExitIo;
  const auto proofs = [&](uint64_t s1,
                          uint64_t s2) -> absl::StatusOr<std::vector<Hash>> {
    v1::node::GetConsistencyProofRequest req;
    req.set_size1(s1);
    req.set_size2(s2);
    v1::ConsistencyProof p;
    grpc::Status s = stub->GetConsistencyProof(a.node.Context().get(), req, &p);
    if (!s.ok())
      return absl::UnavailableError(DescribeRpcError(s, a.node.address));
    if (p.size1() != s1 || p.size2() != s2)
      return absl::InvalidArgumentError(_("the node answered for other sizes"));
    return HashesFromProto(p.hashes(), kMaxProofHashes);
  };
  auto outcome = history->Check(cp.checkpoint(), keys.LogKeys(origin), proofs);
  if (!outcome.ok())
    return PrintError(kCmd, outcome.status().message()), kExitInvalid;
  return Finish({*outcome}, a.node.json);
}

// Every checkpoint of the export's history, in order, each proven from the
// one before by the proofs the export carries.
int RunOffline(const HistoryArgs& a, const verify::TrustedKeys& keys) {
  const std::string path =
      absl::StrCat(a.export_dir, "/history/", a.agency, ".json");
  auto text = ReadFile(path, 256 << 20);
  if (!text.ok()) return PrintError(kCmd, text.status().message()), kExitIo;
  v1::CheckpointHistory h;
  if (!google::protobuf::util::JsonStringToMessage(*text, &h).ok())
    return PrintError(kCmd, absl::Substitute(_("$0 is not a history"), path)),
           kExitInvalid;
  if (h.checkpoints().empty())
    return PrintError(kCmd, absl::Substitute(_("$0 has no checkpoints"), path)),
           kExitInvalid;
  const std::string origin = OriginOf(a, h.checkpoints(0).checkpoint());
  auto history = verify::TrustedHistory::Open(a.state, origin);
  if (!history.ok())
    return PrintError(kCmd, history.status().message()), kExitIo;
  std::map<std::pair<uint64_t, uint64_t>, const v1::ConsistencyProof*> known;
  for (const auto& c : h.checkpoints()) {
    const auto& p = c.consistency_from_previous();
    if (p.size2() > 0) known[{p.size1(), p.size2()}] = &p;
  }
  const auto proofs = [&](uint64_t s1,
                          uint64_t s2) -> absl::StatusOr<std::vector<Hash>> {
    auto it = known.find({s1, s2});
    if (it == known.end()) {
      return absl::NotFoundError(
          absl::Substitute(_("the export holds no proof from size $0; check "
                             "against the node with --node"),
                           s1));
    }
    return HashesFromProto(it->second->hashes(), kMaxProofHashes);
  };
  std::vector<verify::HistoryOutcome> outcomes;
  for (const auto& c : h.checkpoints()) {
    const auto& trusted = history->trusted();
    if (trusted && c.tree_size() < trusted->size) continue;  // already past
    auto o = history->Check(c.checkpoint(), keys.LogKeys(origin), proofs);
    if (!o.ok()) return PrintError(kCmd, o.status().message()), kExitInvalid;
    if (o->kind == verify::HistoryOutcome::kUnchanged) continue;
    outcomes.push_back(*o);
    if (!o->ok()) break;
  }
  if (outcomes.empty()) {
    verify::HistoryOutcome same;
    same.kind = verify::HistoryOutcome::kUnchanged;
    same.old_size = same.new_size = history->trusted()->size;
    same.detail = absl::Substitute(_("unchanged at size $0"), same.new_size);
    outcomes.push_back(same);
  }
  return Finish(outcomes, a.node.json);
}

int Run(const HistoryArgs& a) {
  if (a.online == !a.export_dir.empty()) {
    return PrintError(kCmd, _("give either --node (online) or --export DIR "
                              "--agency ID (offline)")),
           kExitUsage;
  }
  if (!a.export_dir.empty() && a.agency.empty())
    return PrintError(kCmd, _("--export needs --agency ID")), kExitUsage;
  auto keys = verify::TrustedKeys::Load(a.trusted_keys);
  if (!keys.ok()) return PrintError(kCmd, keys.status().message()), kExitIo;
  return a.online ? RunOnline(a, *keys) : RunOffline(a, *keys);
}

}  // namespace

void AddVerifyHistoryCommand(CLI::App* verify, int* exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = verify->add_subcommand(
      "history",
      _("Check an agency's latest checkpoint against the ones trusted before "
        "(kept in --state); on a rollback or fork, write both signed notes as "
        "evidence"));
  args->node.AddOptions(cmd, kNodeSnapshot);
  cmd->add_option("--export", args->export_dir,
                  _("Offline: an export folder (its history/<agency>.json)"));
  cmd->add_option("--agency", args->agency, _("With --export: the agency id"));
  cmd->add_option("--origin", args->origin,
                  _("The log origin (default: the checkpoint's)"));
  cmd->add_option(
         "--state", args->state,
         _("Folder of checkpoints already trusted (created if missing)"))
      ->required();
  cmd->add_option("--trusted-keys", args->trusted_keys,
                  _("A file of verifier keys or a folder of .vkey files"))
      ->required();
  cmd->callback([cmd, args, exit_code] {
    args->online = cmd->count("--node") > 0 ||
                   std::getenv("DISCLOSURE_NODE_SNAPSHOT") != nullptr;
    *exit_code = Run(*args);
  });
}

}  // namespace disclosure::cli
