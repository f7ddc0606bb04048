// disclosure-node: an agency's disclosure node.
//
//   disclosure-node --config node.textproto
//
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
#include "node/config/node_config.h"
#include "node/node_server.h"

ABSL_FLAG(std::string, config, "", "NodeConfig file in protobuf text format");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("disclosure-node --config FILE");
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
  auto node = disclosure::node::NodeServer::Start(*config, &clock, {});
  if (!node.ok()) {
    std::cerr << "disclosure-node: " << node.status().message() << std::endl;
    return 1;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  (*node)->Shutdown();
  return 0;
}
