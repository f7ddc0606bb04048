// disclosure-node: an agency's disclosure node.
//
//   disclosure-node --config node.textproto [--init] [--adopt-store]
//   disclosure-node restore --config node.textproto --from BACKUP_DIR
//   disclosure-node recover --config node.textproto --hub HOST:PORT --hub_ca CA
//
// --init creates the store on first start; without it a missing store is
// an error, so a mistyped data_dir never starts a new log.
// Loads and validates the config, starts the snapshot and admin listeners
// and the publication schedule; SIGHUP reopens --log_file; SIGTERM or
// SIGINT shuts down cleanly.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/file_util.h"
#include "core/log_flags.h"
#include "core/logging.h"
#include "core/usage.h"
#include "node/config/node_config.h"
#include "node/log_recovery.h"
#include "node/node_server.h"
#include "storage/rocksdb_util.h"

ABSL_FLAG(std::string, config, "", "NodeConfig file in protobuf text format");
ABSL_FLAG(bool, init, false,
          "create a new store in data_dir (which must be missing or empty); "
          "needed once, on the node's first start");
ABSL_FLAG(bool, adopt_store, false,
          "accept a store whose signed-checkpoint file is missing, when you "
          "know it holds every snapshot the agency published");
ABSL_FLAG(std::string, from, "",
          "With 'restore': the backup folder (disclosurectl backup)");
ABSL_FLAG(std::string, hub, "",
          "With 'recover': the hub's public index, host:port");
ABSL_FLAG(std::string, hub_ca, "",
          "With 'recover': the CA file the hub's certificate chains to");

namespace {

using namespace disclosure;

constexpr char kSynopsis[] =
    "disclosure-node --config FILE [--init] [--adopt-store]\n"
    "       disclosure-node restore --config FILE --from BACKUP_DIR\n"
    "       disclosure-node recover --config FILE --hub HOST:PORT --hub_ca CA";

int Fail(int code, absl::string_view message) {
  LogError("node", message);
  return code;
}

// Restores data_dir from the latest backup. The signed-checkpoint file is
// never rolled back: when it exists it stays, and the node's start-up check
// then refuses a backup older than what the agency already published. Only
// when it is missing too is the backup's copy put in its place.
int RunRestore(const v1::node::NodeConfig& config) {
  const std::string from = absl::GetFlag(FLAGS_from);
  if (from.empty()) return Fail(2, "restore: --from BACKUP_DIR is required");
  absl::StatusOr<std::string> meta = RestoreDb(from, config.data_dir());
  if (!meta.ok()) {
    return Fail(1, absl::StrCat("restore: ", meta.status().message()));
  }
  std::error_code ec;
  const std::string copy = absl::StrCat(from, "/signed-checkpoint");
  std::string note = "the signed-checkpoint file was kept as it is";
  if (!std::filesystem::exists(config.signed_checkpoint_file(), ec) &&
      std::filesystem::exists(copy, ec)) {
    absl::StatusOr<std::string> bytes = ReadFile(copy, 64 << 20);
    absl::Status s =
        bytes.ok() ? WriteNewFile(config.signed_checkpoint_file(), *bytes, 0600)
                   : bytes.status();
    if (!s.ok()) return Fail(1, absl::StrCat("restore: ", s.message()));
    note = "the signed-checkpoint file was missing and is restored too";
  }
  LogLine("node", absl::StrCat("restored ", config.data_dir(), " from ", from,
                               " (", *meta, "); ", note,
                               ". Start the node as usual (without --init)"));
  return 0;
}

// Rebuilds the snapshots the store lost from the hub's copy of the log,
// checked against this node's own key (node/log_recovery.h).
int RunRecover(const v1::node::NodeConfig& config) {
  const std::string hub = absl::GetFlag(FLAGS_hub);
  const std::string ca = absl::GetFlag(FLAGS_hub_ca);
  if (hub.empty() || ca.empty()) {
    return Fail(2, "recover: --hub HOST:PORT and --hub_ca FILE are required");
  }
  absl::StatusOr<node::RecoveryReport> r =
      node::RecoverFromHub(config, hub, ca);
  if (!r.ok()) return Fail(1, absl::StrCat("recover: ", r.status().message()));
  if (r->log_size == r->store_size_before) {
    LogLine("node",
            absl::StrCat("recover: the store already holds all ", r->log_size,
                         " snapshots the hub accepted; nothing to do"));
    return 0;
  }
  LogLine("node",
          absl::StrCat("recovered the log from the hub: the store held ",
                       r->store_size_before, " snapshots, now ", r->log_size,
                       " (the latest with its entries, each checked against "
                       "this node's signature). Start the node as usual"));
  for (const std::string& line : r->periods_to_reimport) {
    LogWarning("node", absl::StrCat("recover: ", line));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  PrepareCommandLine(
      argc, argv,
      {"disclosure-node",
       kSynopsis,
       "An agency's disclosure node: keeps the agency's inventory, its raw "
       "request records\nand its signed snapshot log; serves signed snapshots "
       "and proofs to the hub and\nauditors over mutual TLS, and the admin "
       "service to the agency's staff.\n'restore' fills a missing or empty "
       "data_dir from a backup made by\n`disclosurectl backup`. 'recover' "
       "rebuilds the snapshots a store lost (after a\nrestore from an older "
       "backup) from the hub's copy, checked against the node's key.\nSIGHUP "
       "reopens --log_file; SIGTERM or SIGINT stops it cleanly.",
       {"config", "init", "adopt_store", "from", "hub", "hub_ca",
        kLogFormatFlag, kLogFileFlag},
       "  0  stopped cleanly (SIGTERM or SIGINT), or restore done\n"
       "  1  could not start, or the restore failed: the message names the "
       "problem and what to do\n"
       "  2  bad command line or configuration (the field is named)"});
  absl::SetProgramUsageMessage(kSynopsis);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string verb = args.size() > 1 ? args[1] : "";
  const std::string path = absl::GetFlag(FLAGS_config);
  if (path.empty() || args.size() > 2 ||
      !(verb.empty() || verb == "restore" || verb == "recover")) {
    std::cerr << "disclosure-node: usage: " << kSynopsis
              << "\n(disclosure-node --help says more)" << std::endl;
    return 2;
  }
  if (absl::Status s = ApplyLogFlags(); !s.ok()) {
    std::cerr << "disclosure-node: " << s.message() << std::endl;
    return 2;
  }
  auto config = node::LoadNodeConfig(path);
  if (!config.ok()) return Fail(2, config.status().message());
  if (verb == "restore") return RunRestore(*config);
  if (verb == "recover") return RunRecover(*config);

  // Block the signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RealClock clock;
  node::NodeServer::Options options;
  options.init = absl::GetFlag(FLAGS_init);
  options.adopt_store = absl::GetFlag(FLAGS_adopt_store);
  auto node = node::NodeServer::Start(*config, &clock, options);
  if (!node.ok()) return Fail(1, node.status().message());
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig != SIGHUP) break;
    if (absl::Status s = ReopenLogFile(); !s.ok())
      LogError("node", s.message());
  }
  (*node)->Shutdown();
  return 0;
}
