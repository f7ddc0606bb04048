// A real disclosure-hub in process, over real nodes (NodeHarness), with
// real certificates, for integration tests.
#ifndef DISCLOSURE_TESTS_TESTING_HUB_HARNESS_H_
#define DISCLOSURE_TESTS_TESTING_HUB_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "disclosure/v1/hub/admin_service.grpc.pb.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "hub/hub_server.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/test_pki.h"

namespace disclosure::testing {

class HubHarness {
 public:
  HubHarness(const std::string& dir, TestPki* pki);

  // Registers `node` (already started) under its agency id.
  void Register(const std::string& agency_id, NodeHarness& node);
  // Registers an agency at an explicit endpoint with explicit pinned keys.
  void RegisterRaw(const std::string& agency_id, const std::string& endpoint,
                   const std::vector<std::string>& vkeys);

  disclosure::v1::hub::HubConfig& config() { return config_; }
  // Starts (or restarts) the hub; the harvest schedule runs only when asked.
  absl::Status Start(const Clock* clock, bool run_schedule = false);
  void Stop() { hub_.reset(); }
  hub::HubServer& hub() { return *hub_; }
  std::unique_ptr<disclosure::v1::hub::IndexService::Stub> Index();
  // A stub of the admin service presenting a certificate for `identity`.
  std::unique_ptr<disclosure::v1::hub::HubAdminService::Stub> Admin(
      const std::string& identity);

 private:
  std::string dir_;
  TestPki* pki_;
  disclosure::v1::hub::HubConfig config_;
  std::unique_ptr<hub::HubServer> hub_;
  int issued_ = 0;
};

// The signing vkey of a node (from its key file).
std::string NodeVkey(NodeHarness& node);

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_HUB_HARNESS_H_
