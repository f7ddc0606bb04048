// disclosure-hub: the coordinating office's hub.
//
//   disclosure-hub --config hub.textproto          harvest on schedule, serve
//   disclosure-hub --config hub.textproto --once   one harvest round, export,
//                                                  complete the search
//                                                  index, exit
//   disclosure-hub export --config hub.textproto --out DIR
//   disclosure-hub restore --config hub.textproto --from BACKUP_DIR
//   disclosure-hub search-replica --index DIR --listen HOST:PORT
//                  --tls_cert FILE --tls_key FILE [--http_listen HOST:PORT]
//
// SIGHUP reloads the configuration (and reopens --log_file); SIGTERM or
// SIGINT shuts down cleanly.
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/log_flags.h"
#include "core/logging.h"
#include "core/usage.h"
#include "hub/config/hub_config.h"
#include "hub/hub_server.h"
#include "hub/search_replica_server.h"
#include "hub/storage/hub_store.h"

ABSL_FLAG(std::string, config, "", "HubConfig file in protobuf text format");
ABSL_FLAG(bool, once, false,
          "Harvest every agency once, export, complete the search index, "
          "and exit");
ABSL_FLAG(std::string, out, "",
          "With 'export': the folder to write (must not exist)");
ABSL_FLAG(std::string, from, "",
          "With 'restore': the backup folder (disclosurectl hub backup)");
ABSL_FLAG(std::string, index, "",
          "With 'search-replica': the folder xapian-replicate keeps");
ABSL_FLAG(std::string, listen, "",
          "With 'search-replica': the public search listener, host:port");
ABSL_FLAG(std::string, tls_cert, "",
          "With 'search-replica': the listener's TLS certificate (PEM)");
ABSL_FLAG(std::string, tls_key, "",
          "With 'search-replica': the certificate's private key (PEM)");
ABSL_FLAG(std::string, http_listen, "",
          "With 'search-replica': also the search over HTTP (JSON), "
          "host:port");

namespace {

using namespace disclosure;

constexpr char kSynopsis[] =
    "disclosure-hub --config FILE [--once]\n"
    "       disclosure-hub export --config FILE --out DIR\n"
    "       disclosure-hub restore --config FILE --from BACKUP_DIR\n"
    "       disclosure-hub search-replica --index DIR --listen HOST:PORT "
    "--tls_cert FILE --tls_key FILE [--http_listen HOST:PORT]";

int Fail(int code, const std::string& what, absl::string_view message) {
  LogError("hub", absl::StrCat(what, message));
  return code;
}

int RunExport(hub::HubServer& server) {
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) return Fail(2, "export: ", "--out DIR is required");
  absl::Status s = server.Export(out, false);
  if (!s.ok()) return Fail(1, "export: ", s.message());
  LogLine("hub", absl::StrCat("export written to ", out));
  return 0;
}

int RunRestore(const v1::hub::HubConfig& config) {
  const std::string from = absl::GetFlag(FLAGS_from);
  if (from.empty())
    return Fail(2, "restore: ", "--from BACKUP_DIR is required");
  absl::StatusOr<std::string> meta =
      hub::HubStore::Restore(from, config.data_dir());
  if (!meta.ok()) return Fail(1, "restore: ", meta.status().message());
  LogLine("hub", absl::StrCat("restored ", config.data_dir(), " from ", from,
                              " (", *meta, "); start the hub as usual"));
  return 0;
}

int RunSearchReplica(sigset_t* signals) {
  hub::SearchReplicaOptions options;
  options.index_dir = absl::GetFlag(FLAGS_index);
  options.listen = absl::GetFlag(FLAGS_listen);
  options.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.key_file = absl::GetFlag(FLAGS_tls_key);
  options.http_listen = absl::GetFlag(FLAGS_http_listen);
  if (options.index_dir.empty() || options.listen.empty() ||
      options.cert_file.empty() || options.key_file.empty()) {
    return Fail(2, "search-replica: ",
                "--index, --listen, --tls_cert and --tls_key are required");
  }
  absl::Status s = hub::ServeSearchReplica(options, signals);
  if (!s.ok()) return Fail(1, "search-replica: ", s.message());
  return 0;
}

// Asks Xapian to keep changesets of the search index, which
// xapian-replicate-server sends to search replicas. Xapian reads the
// variable at each commit; it is set before any thread starts.
void KeepSearchChangesets(const v1::hub::HubConfig& config) {
  if (config.search_changesets() == 0) return;
  setenv("XAPIAN_MAX_CHANGESETS",
         absl::StrCat(config.search_changesets()).c_str(), 1);
}

// Waits for signals: SIGHUP reloads, SIGTERM or SIGINT returns.
void ServeUntilStopped(hub::HubServer& server, const std::string& path,
                       sigset_t* signals) {
  for (;;) {
    int sig = 0;
    sigwait(signals, &sig);
    if (sig != SIGHUP) return;
    if (absl::Status s = ReopenLogFile(); !s.ok()) {
      LogError("hub", s.message());
    }
    auto fresh = hub::LoadHubConfig(path);
    if (!fresh.ok()) {
      LogError("hub", absl::StrCat("reload refused, nothing changed: ",
                                   fresh.status().message()));
      continue;
    }
    if (auto r = server.Reload(*fresh); !r.ok()) {
      // Either refused as a whole (a setting that needs a restart), or the
      // registry changed and loading a new agency's stored snapshot into
      // the index failed; its next harvest loads it again.
      const bool refused =
          r.status().code() == absl::StatusCode::kFailedPrecondition;
      LogWarning("hub", absl::StrCat(refused ? "reload refused: " : "reload: ",
                                     r.status().message()));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  PrepareCommandLine(
      argc, argv,
      {"disclosure-hub",
       kSynopsis,
       "The coordinating office's hub: harvests every agency's signed "
       "snapshots over mutual\nTLS, verifies and cosigns them, serves the "
       "public index and writes the static\nexport and site. SIGHUP reloads "
       "the configuration (new or changed agencies are\nharvested at once, a "
       "new harvest interval applies; other changed settings are\nnamed and "
       "need a restart) and reopens --log_file; SIGTERM or SIGINT stops it.\n"
       "While it runs, `disclosurectl hub export` writes an export and "
       "`disclosurectl hub\nbackup` a backup; 'export' and 'restore' here "
       "work on a stopped hub's store. 'search-replica' serves the public "
       "search from a\nreplica of the hub's search index that "
       "xapian-replicate keeps (no --config).",
       {"config", "once", "out", "from", "index", "listen", "tls_cert",
        "tls_key", "http_listen", kLogFormatFlag, kLogFileFlag},
       "  0  stopped cleanly, or --once / export / restore done\n"
       "  1  could not start, or the export or restore failed (the message "
       "says why)\n"
       "  2  bad command line or configuration (the field is named)\n"
       "  3  --once: an agency was refused or unreachable (the log names "
       "it)"});
  absl::SetProgramUsageMessage(kSynopsis);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string verb = args.size() > 1 ? args[1] : "";
  const std::string path = absl::GetFlag(FLAGS_config);
  const bool replica = verb == "search-replica";
  if ((path.empty() && !replica) || args.size() > 2 ||
      !(verb.empty() || verb == "export" || verb == "restore" || replica)) {
    std::cerr << "disclosure-hub: usage: " << kSynopsis
              << "\n(disclosure-hub --help says more)" << std::endl;
    return 2;
  }
  if (absl::Status s = ApplyLogFlags(); !s.ok()) {
    std::cerr << "disclosure-hub: " << s.message() << std::endl;
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  if (replica) return RunSearchReplica(&signals);

  auto config = hub::LoadHubConfig(path);
  if (!config.ok()) return Fail(2, "", config.status().message());
  if (verb == "restore") return RunRestore(*config);
  KeepSearchChangesets(*config);

  RealClock clock;
  hub::HubServer::Options options;
  if (verb == "export" || absl::GetFlag(FLAGS_once)) {
    options.run_schedule = false;
    options.serve = false;
  }
  auto server = hub::HubServer::Start(*config, &clock, options);
  if (!server.ok()) {
    if (verb == "export" &&
        server.status().code() == absl::StatusCode::kFailedPrecondition) {
      return Fail(1, "export: ",
                  absl::StrCat(server.status().message(),
                               ". While the hub runs, ask it: disclosurectl "
                               "hub export"));
    }
    return Fail(1, "", server.status().message());
  }
  if (verb == "export") return RunExport(**server);
  if (absl::GetFlag(FLAGS_once)) {
    hub::RoundSummary r = (*server)->HarvestNow(true);
    if (absl::Status s = (*server)->LastExport(); !s.ok())
      return Fail(1, "export: ", s.message());
    // Leave a complete search index behind, so that the next start
    // serves every database at once instead of indexing them again.
    LogLine("hub", "waiting for the search index to take every change");
    (*server)->index().WaitForSearchIndex(absl::InfiniteDuration());
    if (absl::Status s = (*server)->index().SearchStatus(); !s.ok()) {
      return Fail(1, "search index: ", s.message());
    }
    return r.refused + r.unreachable == 0 ? 0 : 3;
  }
  ServeUntilStopped(**server, path, &signals);
  (*server)->Shutdown();
  return 0;
}
