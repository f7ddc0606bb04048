// disclosurectl monitor: follows every agency's log the auditor holds keys
// for, from an export folder or URL, run after run (tools/verify/
// log_monitor.h). The state folder keeps what was verified. Exit 0: every
// log is consistent with what was verified before; 1: an alert (fork,
// rollback, split view (between the export and a second export, mirror or
// node asked directly), a checkpoint without its quorum, a broken manifest
// rule, statistics changed without a signed correction); 2: usage; 3: the
// state could not be read or written.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "disclosure/v1/monitor.pb.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "format/encoding.h"
#include "format/limits.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "google/protobuf/text_format.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/verify/export_source.h"
#include "tools/verify/log_monitor.h"
#include "tools/verify/trusted_keys.h"
#include "transport/tls.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
constexpr absl::string_view kCmd = "monitor";

struct MonitorArgs {
  std::string source;
  std::string state_dir;
  std::string trusted_keys;
  std::string compare;
  size_t min_cosignatures = 1;
  int watch_seconds = 0;
  bool json = false;
  // Nodes asked directly, "agency=host:port", with an auditor identity.
  std::vector<std::string> nodes;
  std::string cert_file, key_file, ca_file;
};

// The checkpoint a node serves, and consistency proofs from it, over mutual
// TLS with the auditor's certificate.
class NodeRoute {
 public:
  NodeRoute(std::string address, std::shared_ptr<grpc::Channel> channel)
      : address_(std::move(address)),
        stub_(v1::node::SnapshotService::NewStub(channel)) {}
  const std::string& address() const { return address_; }
  absl::StatusOr<std::string> Checkpoint() const {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::node::GetCheckpointResponse resp;
    grpc::Status s = stub_->GetCheckpoint(&ctx, {}, &resp);
    if (!s.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "node ", address_, ": GetCheckpoint: ", s.error_message()));
    }
    return resp.checkpoint();
  }
  // Every entry of snapshot `sequence`, within the snapshot limits.
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t sequence) const {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::minutes(5));
    v1::node::ListEntriesRequest req;
    req.set_sequence(sequence);
    auto reader = stub_->ListEntries(&ctx, req);
    std::vector<std::string> out;
    v1::node::EntryPage page;
    while (reader->Read(&page)) {
      for (std::string& e : *page.mutable_entries()) {
        if (out.size() >= kMaxEntriesPerSnapshot) {
          ctx.TryCancel();
          return absl::ResourceExhaustedError("too many entries");
        }
        out.push_back(std::move(e));
      }
    }
    grpc::Status s = reader->Finish();
    if (!s.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "node ", address_, ": ListEntries: ", s.error_message()));
    }
    return out;
  }
  absl::StatusOr<std::vector<Hash>> Prove(uint64_t size1,
                                          uint64_t size2) const {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::node::GetConsistencyProofRequest req;
    req.set_size1(size1);
    req.set_size2(size2);
    v1::ConsistencyProof proof;
    grpc::Status s = stub_->GetConsistencyProof(&ctx, req, &proof);
    if (!s.ok()) return absl::UnavailableError(s.error_message());
    return HashesFromProto(proof.hashes(), kMaxConsistencyProofHashes);
  }

 private:
  const std::string address_;
  std::unique_ptr<v1::node::SnapshotService::Stub> stub_;
};

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

std::string StatePath(const MonitorArgs& a) {
  return a.state_dir + "/state.textproto";
}

absl::StatusOr<std::map<std::string, v1::MonitoredLog>> LoadState(
    const MonitorArgs& a) {
  std::map<std::string, v1::MonitoredLog> out;
  absl::StatusOr<std::string> text = ReadFile(StatePath(a), 64 << 20);
  if (absl::IsNotFound(text.status())) return out;
  DN_RETURN_IF_ERROR(text.status());
  v1::MonitorState state;
  if (!google::protobuf::TextFormat::ParseFromString(*text, &state)) {
    return absl::DataLossError(
        absl::StrCat(StatePath(a), " is damaged; restore it from a backup"));
  }
  for (const auto& l : state.logs()) out[l.origin()] = l;
  return out;
}

absl::Status SaveState(const MonitorArgs& a,
                       const std::map<std::string, v1::MonitoredLog>& logs) {
  v1::MonitorState state;
  for (const auto& [origin, l] : logs) *state.add_logs() = l;
  std::string text;
  google::protobuf::TextFormat::PrintToString(state, &text);
  return ReplaceFileDurably(StatePath(a), text, 0600);
}

// One poll over every log; returns the number of alerts, or -1 when the
// state cannot be kept.
int Poll(const MonitorArgs& a, const verify::TrustedKeys& keys,
         const verify::ExportSource& source,
         const verify::ExportSource* compare,
         const std::map<std::string, std::unique_ptr<NodeRoute>>& nodes) {
  absl::StatusOr<std::map<std::string, v1::MonitoredLog>> state = LoadState(a);
  if (!state.ok()) {
    PrintError(kCmd, state.status().message());
    return -1;
  }
  verify::MonitorOptions options;
  options.now = absl::Now();
  options.min_cosignatures = a.min_cosignatures;
  verify::LogMonitor monitor(keys, options);
  const std::vector<std::string> origins = keys.LogOrigins();
  const bool progress = isatty(STDERR_FILENO) && state->empty();
  int alerts = 0, grew = 0, followed = 0;
  std::string json = "[";
  for (size_t i = 0; i < origins.size(); ++i) {
    const std::string& origin = origins[i];
    if (progress) {
      std::cerr << "\r"
                << absl::StrCat("checking log ", i + 1, " of ", origins.size(),
                                " ...")
                << std::flush;
    }
    auto held = state->find(origin);
    auto node = nodes.find(verify::AgencyIdOf(origin));
    verify::LogMonitor::EntryFetcher earlier;
    if (node != nodes.end()) {
      const NodeRoute* route = node->second.get();
      earlier = [route](uint64_t seq) { return route->Entries(seq); };
    }
    v1::MonitoredLog next;
    verify::LogReport r = monitor.Check(
        source, origin, held == state->end() ? nullptr : &held->second, &next,
        earlier);
    const v1::MonitoredLog* verified = nullptr;
    if (r.alerts.empty() && !next.origin().empty()) {
      (*state)[origin] = next;
      verified = &(*state)[origin];
    }
    if (compare != nullptr && verified != nullptr) {
      monitor.Compare(source, *compare, *verified, &r);
    }
    if (node != nodes.end() && verified != nullptr) {
      absl::StatusOr<std::string> note = node->second->Checkpoint();
      if (!note.ok()) {
        r.alerts.push_back(
            {"unreadable", std::string(note.status().message())});
      } else {
        const NodeRoute& route = *node->second;
        monitor.CompareNote(
            source, absl::StrCat("node ", route.address()), *note,
            [&route](uint64_t s1, uint64_t s2) { return route.Prove(s1, s2); },
            *verified, &r);
      }
    }
    if (r.new_size > 0) ++followed;
    if (r.changed && r.old_size > 0) ++grew;
    for (const auto& alert : r.alerts) {
      ++alerts;
      if (!a.json) {
        std::cout << "ALERT " << alert.kind << " " << verify::AgencyIdOf(origin)
                  << ": " << alert.detail << std::endl;
      }
      absl::StrAppend(&json, json.size() > 1 ? "," : "",
                      "{\"agency\":", JsonQuoted(verify::AgencyIdOf(origin)),
                      ",\"kind\":", JsonQuoted(alert.kind),
                      ",\"detail\":", JsonQuoted(alert.detail), "}");
    }
  }
  if (progress) std::cerr << "\r" << std::string(40, ' ') << "\r";
  if (absl::Status s = SaveState(a, *state); !s.ok()) {
    PrintError(kCmd, s.message());
    return -1;
  }
  if (a.json) {
    std::cout << "{\"logs\":" << followed << ",\"grew\":" << grew
              << ",\"alerts\":" << json << "]}" << std::endl;
  } else {
    std::cout << absl::StrCat("monitor: ", followed, " logs followed from ",
                              source.name(), ", ", grew, " grew, ", alerts,
                              " alerts")
              << std::endl;
  }
  return alerts;
}

int RunMonitor(const MonitorArgs& a) {
  auto keys = verify::TrustedKeys::Load(a.trusted_keys);
  if (!keys.ok()) {
    PrintError(kCmd, keys.status().message());
    return kExitUsage;
  }
  auto source = verify::OpenExportSource(a.source);
  if (!source.ok()) {
    PrintError(kCmd, source.status().message());
    return kExitUsage;
  }
  std::unique_ptr<verify::ExportSource> compare;
  if (!a.compare.empty()) {
    auto c = verify::OpenExportSource(a.compare);
    if (!c.ok()) {
      PrintError(kCmd, c.status().message());
      return kExitUsage;
    }
    compare = *std::move(c);
  }
  std::map<std::string, std::unique_ptr<NodeRoute>> nodes;
  for (const std::string& n : a.nodes) {
    const size_t eq = n.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == n.size()) {
      PrintError(kCmd,
                 absl::StrCat("--node ", n, ": expected AGENCY=HOST:PORT"));
      return kExitUsage;
    }
    auto creds =
        MutualTlsChannelCredentials({a.cert_file, a.key_file, a.ca_file});
    if (!creds.ok()) {
      PrintError(kCmd, absl::StrCat("--node needs --cert, --key and --ca (an "
                                    "auditor certificate): ",
                                    creds.status().message()));
      return kExitUsage;
    }
    const std::string address = n.substr(eq + 1);
    nodes[n.substr(0, eq)] = std::make_unique<NodeRoute>(
        address, grpc::CreateChannel(address, *creds));
  }
  std::error_code ec;
  std::filesystem::create_directories(a.state_dir, ec);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (true) {
    const int alerts = Poll(a, *keys, **source, compare.get(), nodes);
    if (alerts < 0) return kExitFailure;
    if (alerts > 0) return kExitInvalid;
    if (a.watch_seconds <= 0) return kExitOk;
    for (int s = 0; s < a.watch_seconds && !g_stop; ++s) {
      absl::SleepFor(absl::Seconds(1));
    }
    if (g_stop) return kExitOk;
  }
}

}  // namespace

void AddMonitorCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<MonitorArgs>();
  CLI::App* c = app.add_subcommand(
      "monitor",
      _("Follow every agency's log you hold a key for, from an export folder "
        "or URL, run after run: forks, rollbacks, split views, checkpoints "
        "without their witnesses, broken manifests and statistics changed "
        "without a correction are alerts (exit 1)"));
  c->add_option("SOURCE", args->source, _("The export folder or its URL"))
      ->required();
  c->add_option("--state", args->state_dir,
                _("Folder that keeps what was verified, between runs"))
      ->required();
  c->add_option("--trusted-keys", args->trusted_keys,
                _("Folder or file of the verifier keys you trust (agencies, "
                  "witnesses), obtained apart from the export"))
      ->required();
  c->add_option("--min-cosignatures", args->min_cosignatures,
                _("Cosignatures by trusted witness keys each checkpoint must "
                  "carry (default 1)"))
      ->check(CLI::Range(1, 32));
  c->add_option("--compare", args->compare,
                _("A second route to the same logs (another export, a "
                  "mirror): a split view is an alert"));
  c->add_option("--node", args->nodes,
                _("An agency's node asked directly, AGENCY=HOST:PORT "
                  "(repeatable; with --cert, --key, --ca of an auditor): a "
                  "split view is an alert"));
  c->add_option("--cert", args->cert_file, _("Auditor certificate (PEM)"));
  c->add_option("--key", args->key_file, _("Its private key (PEM)"));
  c->add_option("--ca", args->ca_file, _("The federation's CA (PEM)"));
  c->add_option("--watch", args->watch_seconds,
                _("Poll every this many seconds until an alert or Ctrl-C"))
      ->check(CLI::Range(1, 86400));
  c->add_flag("--json", args->json, _("Print the result as JSON"));
  c->callback([args, exit_code] { *exit_code = RunMonitor(*args); });
}

}  // namespace disclosure::cli
