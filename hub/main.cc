// disclosure-hub: the coordinating office's hub.
//
//   disclosure-hub --config hub.textproto          harvest on schedule, serve
//   the index disclosure-hub --config hub.textproto --once   one harvest round
//   (+ export), then exit disclosure-hub export --config hub.textproto --out
//   DIR
//
// SIGHUP reloads the agency registry; SIGTERM or SIGINT shuts down cleanly.
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "core/clock.h"
#include "core/usage.h"
#include "hub/config/hub_config.h"
#include "hub/hub_server.h"

ABSL_FLAG(std::string, config, "", "HubConfig file in protobuf text format");
ABSL_FLAG(bool, once, false, "Harvest every agency once, export, and exit");
ABSL_FLAG(std::string, out, "",
          "With 'export': the folder to write (must not exist)");

int main(int argc, char** argv) {
  using namespace disclosure;
  PrepareCommandLine(
      argc, argv,
      {"disclosure-hub",
       "disclosure-hub --config FILE [--once]\n"
       "       disclosure-hub export --config FILE --out DIR",
       "The coordinating office's hub: harvests every agency's signed "
       "snapshots over mutual\nTLS, verifies and cosigns them, serves the "
       "public index and writes the static\nexport and site. SIGHUP reloads "
       "the agency registry; SIGTERM or SIGINT stops it.",
       {"config", "once", "out"},
       "  0  stopped cleanly, or --once / export done\n"
       "  1  could not start, or the export failed (the message says why)\n"
       "  2  bad command line or configuration (the field is named)\n"
       "  3  --once: an agency was refused or unreachable (the log names it)"});
  absl::SetProgramUsageMessage(
      "disclosure-hub --config FILE [--once] | disclosure-hub export --config "
      "FILE --out DIR");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const bool export_only =
      args.size() > 1 && std::strcmp(args[1], "export") == 0;
  const std::string path = absl::GetFlag(FLAGS_config);
  if (path.empty() || (args.size() > 1 && !export_only)) {
    std::cerr
        << "disclosure-hub: usage: disclosure-hub --config FILE [--once] | "
           "disclosure-hub export --config FILE --out DIR"
        << std::endl;
    return 2;
  }
  auto config = hub::LoadHubConfig(path);
  if (!config.ok()) {
    std::cerr << "disclosure-hub: " << config.status().message() << std::endl;
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RealClock clock;
  hub::HubServer::Options options;
  if (export_only || absl::GetFlag(FLAGS_once)) {
    options.run_schedule = false;
    options.serve = false;
  }
  auto server = hub::HubServer::Start(*config, &clock, options);
  if (!server.ok()) {
    std::cerr << "disclosure-hub: " << server.status().message() << std::endl;
    return 1;
  }
  if (export_only) {
    const std::string out = absl::GetFlag(FLAGS_out);
    if (out.empty()) {
      std::cerr << "disclosure-hub export: --out DIR is required" << std::endl;
      return 2;
    }
    absl::Status s = (*server)->Export(out, false);
    if (!s.ok()) {
      std::cerr << "disclosure-hub export: " << s.message() << std::endl;
      return 1;
    }
    return 0;
  }
  if (absl::GetFlag(FLAGS_once)) {
    hub::RoundSummary r = (*server)->HarvestNow(true);
    return r.refused + r.unreachable == 0 ? 0 : 3;
  }
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig != SIGHUP) break;
    auto fresh = hub::LoadHubConfig(path);
    if (!fresh.ok()) {
      std::cerr << "disclosure-hub: reload refused: "
                << fresh.status().message() << std::endl;
      continue;
    }
    if (absl::Status s = (*server)->Reload(*fresh); !s.ok()) {
      // The registry changed; what failed was loading a new agency's stored
      // snapshot into the index. Its next harvest loads it again.
      std::cerr << "disclosure-hub: reload: " << s.message() << std::endl;
    }
  }
  (*server)->Shutdown();
  return 0;
}
