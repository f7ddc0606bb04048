// Rebuilding a node's log from the hub after the node lost published
// snapshots (a dead disk, a backup older than the last publication), so that
// losing a disk never ends an agency's log:
//
//   disclosure-node recover --config node.textproto --hub HOST:PORT --hub_ca CA
//
// The hub's copy is trusted for nothing: its latest checkpoint must carry a
// valid signature by this node's own signing key, the manifests must
// reproduce that checkpoint's root, the manifests this store still holds
// must be the same, and the entries must reproduce the latest manifest's
// entries root. Only then are the missing manifests, the latest snapshot and
// its entries written (one batch), and the signed-checkpoint file brought
// forward. Snapshots between the store's last and the hub's latest keep
// their manifests only: their entries are gone.
//
// Raw request records never leave a node, so those imported after the
// backup are lost with the disk: the report names every statistics period
// whose published commitment rests on records this store no longer holds,
// so that staff import them again before the next publication.
#ifndef DISCLOSURE_NODE_LOG_RECOVERY_H_
#define DISCLOSURE_NODE_LOG_RECOVERY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "disclosure/v1/node/node_config.pb.h"

namespace disclosure::node {

struct RecoveryReport {
  uint64_t store_size_before = 0;
  uint64_t log_size = 0;
  // One line per statistics period whose records must be imported again.
  std::vector<std::string> periods_to_reimport;
};

// Recovers the log of `config`'s agency from the hub's public index at
// `hub_address` (TLS, server certificate chaining to the PEM file
// `hub_ca_file`). The node must not be running (the store is opened
// exclusively). FailedPrecondition when the hub's copy is not this node's
// log (another key, another history) or nothing needs recovering is not an
// error: the report then says log_size == store_size_before. DataLoss when
// the hub's copy does not verify; Unavailable when the hub cannot be read.
absl::StatusOr<RecoveryReport> RecoverFromHub(
    const disclosure::v1::node::NodeConfig& config,
    const std::string& hub_address, const std::string& hub_ca_file);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_LOG_RECOVERY_H_
