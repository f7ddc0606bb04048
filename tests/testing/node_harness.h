// Starts a real disclosure-node in process with real certificates for
// integration tests, and dials it with any identity.
#ifndef DISCLOSURE_TESTS_TESTING_NODE_HARNESS_H_
#define DISCLOSURE_TESTS_TESTING_NODE_HARNESS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "disclosure/v1/node/admin_service.grpc.pb.h"
#include "disclosure/v1/node/node_config.pb.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "node/node_server.h"
#include "tests/testing/test_data.h"
#include "tests/testing/test_pki.h"

namespace disclosure::testing {

inline constexpr char kTrustDomain[] = "disclosure.test";

// Files and config for one node under `dir` (keys, vocabularies, TLS).
class NodeHarness {
 public:
  NodeHarness(const std::string& dir, TestPki* pki,
              const std::string& agency_id);

  disclosure::v1::node::NodeConfig& config() { return config_; }
  // Starts (or restarts) the node with the current config; the publication
  // schedule runs only when asked.
  absl::Status Start(const Clock* clock, bool run_schedule = false);
  void Stop() { node_.reset(); }
  node::NodeServer& node() { return *node_; }

  // A channel to the snapshot or admin port presenting `identity`'s
  // certificate from `pki` (the harness's PKI when null).
  std::shared_ptr<grpc::Channel> Dial(bool admin, const std::string& identity,
                                      TestPki* pki = nullptr);
  std::unique_ptr<disclosure::v1::node::AdminService::Stub> Admin();
  std::unique_ptr<disclosure::v1::node::SnapshotService::Stub> Snapshots(
      const std::string& identity);

  // Writes a sample profile and `databases` sample databases through the
  // admin service, then publishes a snapshot.
  absl::Status SeedAndPublish(int databases);

  // Writes the current config in text format to `path` (for running the
  // disclosure-node binary).
  void WriteConfigFile(const std::string& path) const;
  // Issues an admin client certificate: the TLS files for disclosurectl.
  TlsFilePaths AdminClientFiles();

  std::string AdminIdentity() const;
  std::string HubIdentityString() const;

 private:
  std::string dir_;
  TestPki* pki_;
  std::string agency_id_;
  disclosure::v1::node::NodeConfig config_;
  std::unique_ptr<node::NodeServer> node_;
  int issued_ = 0;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_NODE_HARNESS_H_
