// disclosure-node: an agency's disclosure node.
//
//   disclosure-node --config node.textproto [--init] [--adopt-store]
//
// --init creates the store on first start; without it a missing store is
// an error, so a mistyped data_dir never starts a new log.
// Loads and validates the config, starts the snapshot and admin listeners
// and the publication schedule; SIGTERM or SIGINT shuts down cleanly.
#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "core/clock.h"
#include "core/usage.h"
#include "node/config/node_config.h"
#include "node/node_server.h"

ABSL_FLAG(std::string, config, "", "NodeConfig file in protobuf text format");
ABSL_FLAG(bool, init, false,
          "create a new store in data_dir (which must be missing or empty); "
          "needed once, on the node's first start");
ABSL_FLAG(bool, adopt_store, false,
          "accept a store whose signed-checkpoint file is missing, when you "
          "know it holds every snapshot the agency published");

int main(int argc, char** argv) {
  disclosure::PrepareCommandLine(
      argc, argv,
      {"disclosure-node",
       "disclosure-node --config FILE [--init] [--adopt-store]",
       "An agency's disclosure node: keeps the agency's inventory, its raw "
       "request records\nand its signed snapshot log; serves signed snapshots "
       "and proofs to the hub and\nauditors over mutual TLS, and the admin "
       "service to the agency's staff.\nSIGTERM or SIGINT stops it cleanly.",
       {"config", "init", "adopt_store"},
       "  0  stopped cleanly (SIGTERM or SIGINT)\n"
       "  1  could not start: the message names the problem and what to do\n"
       "  2  bad command line or configuration (the field is named)"});
  absl::SetProgramUsageMessage(
      "disclosure-node --config FILE [--init] [--adopt-store]");
  absl::ParseCommandLine(argc, argv);
  const std::string path = absl::GetFlag(FLAGS_config);
  if (path.empty()) {
    std::cerr << "disclosure-node: --config FILE is required" << std::endl;
    return 2;
  }
  auto config = disclosure::node::LoadNodeConfig(path);
  if (!config.ok()) {
    std::cerr << "disclosure-node: " << config.status().message() << std::endl;
    return 2;
  }
  // Block the signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  disclosure::RealClock clock;
  disclosure::node::NodeServer::Options options;
  options.init = absl::GetFlag(FLAGS_init);
  options.adopt_store = absl::GetFlag(FLAGS_adopt_store);
  auto node = disclosure::node::NodeServer::Start(*config, &clock, options);
  if (!node.ok()) {
    std::cerr << "disclosure-node: " << node.status().message() << std::endl;
    return 1;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  (*node)->Shutdown();
  return 0;
}
