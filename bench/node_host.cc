// Serves several agencies' nodes from one process, for benchmark shapes
// whose node processes do not fit in memory or in the open-file limit
// (2,000 agencies: a disclosure-node process holds about 34 MiB):
//
//   build/bench/node_host --configs LIST
//
// LIST names one NodeConfig file per line; each node is started as
// disclosure-node starts it (an existing store, no --init) and serves on
// the ports its config names. Runs until SIGTERM or SIGINT, then stops
// every node. Exit status 1 if a node cannot start (the config and the
// reason are named), 2 on a bad command line.
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "core/clock.h"
#include "node/config/node_config.h"
#include "node/node_server.h"

ABSL_FLAG(std::string, configs, "",
          "file listing NodeConfig files (text format), one per line");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using namespace disclosure;
  std::ifstream list(absl::GetFlag(FLAGS_configs));
  if (!list) {
    std::cerr << "node_host: --configs LIST is required (a file of NodeConfig "
                 "paths, one per line)\n";
    return 2;
  }
  // Blocked in every thread the nodes start; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RealClock clock;
  std::vector<std::unique_ptr<node::NodeServer>> nodes;
  for (std::string path; std::getline(list, path);) {
    if (path.empty()) continue;
    auto config = node::LoadNodeConfig(path);
    if (!config.ok()) {
      std::cerr << "node_host: " << path << ": " << config.status().message()
                << "\n";
      return 1;
    }
    auto node = node::NodeServer::Start(*config, &clock, {});
    if (!node.ok()) {
      std::cerr << "node_host: " << path << ": " << node.status().message()
                << "\n";
      return 1;
    }
    nodes.push_back(*std::move(node));
  }
  int sig = 0;
  sigwait(&signals, &sig);
  for (auto& n : nodes) n->Shutdown();
  return 0;
}
