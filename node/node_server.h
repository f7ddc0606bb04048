// Wires a disclosure-node together from its configuration: store, signing
// key (and rotation), agency log, publisher, the admin and snapshot services
// on their two listeners, and the publication schedule.
//
//   auto node = NodeServer::Start(config, &clock);
//   ... (*node)->snapshot_port() ...
//   (*node)->Shutdown();
//
// Thread-safety: Shutdown once, from the owner; the services it starts are
// thread-safe.
#ifndef DISCLOSURE_NODE_NODE_SERVER_H_
#define DISCLOSURE_NODE_NODE_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "core/clock.h"
#include "core/vocabulary.h"
#include "disclosure/v1/node/node_config.pb.h"
#include "format/note.h"
#include "metrics/metrics.h"
#include "node/service/admin_service.h"
#include "node/service/snapshot_service.h"
#include "node/snapshot/agency_log.h"
#include "node/snapshot/publisher.h"
#include "node/snapshot/signed_state.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/storage/node_store.h"
#include "node/validation/validator.h"
#include "node/witness/checkpoint_witnessing.h"

namespace disclosure::node {

class NodeServer {
 public:
  struct Options {
    // When false, only on-demand publication (tests drive it).
    bool run_schedule = true;
    // Create a new store: data_dir must be missing or empty, and no
    // signed-checkpoint file may exist. Without it, a missing store is an
    // error (a mistyped data_dir must never start a new log).
    bool init = false;
    // Accept a non-empty store that has no signed-checkpoint file (see
    // SignedStateKeeper::Open).
    bool adopt_store = false;
  };

  // Validates the environment (vocabularies, keys, TLS files, store: its
  // permissions, checksums and agreement with the signed-checkpoint file),
  // then starts both listeners. Opening the store sets the process umask
  // to 077, so every file the node creates is private. `clock` is borrowed.
  // Errors name what failed and what to do.
  static absl::StatusOr<std::unique_ptr<NodeServer>> Start(
      const disclosure::v1::node::NodeConfig& config, const Clock* clock,
      Options options);

  ~NodeServer();

  // Stops the schedule and both listeners; in-flight calls get a grace
  // period. Idempotent.
  void Shutdown();
  // Blocks until Shutdown() is called from another thread.
  void Wait();

  int snapshot_port() const { return snapshot_port_; }
  int admin_port() const { return admin_port_; }
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  Publisher& publisher() { return *publisher_; }
  NodeStore& store() { return *store_; }
  const std::string& signing_vkey() const { return signing_vkey_; }

 private:
  NodeServer() = default;
  void ScheduleLoop();
  // Scrape-time gauges: log size, latest expiry, store size.
  std::vector<GaugeFamily> Gauges() const;

  disclosure::v1::node::NodeConfig config_;
  const Clock* clock_ = nullptr;
  Vocabularies vocabularies_;
  std::unique_ptr<NodeStore> store_;
  std::unique_ptr<SignedStateKeeper> keeper_;
  std::unique_ptr<NoteSigner> signer_;
  std::string signing_vkey_;
  std::unique_ptr<AgencyLog> log_;
  std::unique_ptr<InventoryValidator> validator_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<CheckpointWitnessing> witnessing_;
  std::unique_ptr<SnapshotReader> reader_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<SnapshotService> snapshot_service_;
  std::unique_ptr<grpc::Server> admin_server_;
  std::unique_ptr<grpc::Server> snapshot_server_;
  std::unique_ptr<MetricsServer> metrics_;
  int snapshot_port_ = 0;
  int admin_port_ = 0;
  absl::Notification stop_;
  std::thread schedule_thread_;
  bool shut_down_ = false;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_NODE_SERVER_H_
