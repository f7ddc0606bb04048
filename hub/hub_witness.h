// The hub as a witness (c2sp.org/tlog-witness) of every agency it
// registers: the witness state in "<data_dir>.witness" (or
// witness_data_dir), the quorum policy the hub requires of each checkpoint
// (witness_policy_file), the verifier of its own cosignatures, and the HTTP
// endpoint (witness_listen) where nodes offer their checkpoints. The
// harvester cosigns through the same state, so the hub never cosigns two
// checkpoints of one log that are not consistent.
//
// Thread-safety: the witness is thread-safe; Start and Stop from one thread.
#ifndef DISCLOSURE_HUB_HUB_WITNESS_H_
#define DISCLOSURE_HUB_HUB_WITNESS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "format/note.h"
#include "format/witness_policy.h"
#include "witness/http_server.h"
#include "witness/witness.h"
#include "witness/witness_store.h"

namespace disclosure::hub {

class HubWitness {
 public:
  // Opens the state and reads the policy of `config`; `cosigner` is the
  // hub's cosigning key (its vkey `cosigner_vkey`), `log_vkeys` the keys of
  // the logs followed. Errors name the config field or the folder.
  static absl::StatusOr<std::unique_ptr<HubWitness>> Create(
      const disclosure::v1::hub::HubConfig& config,
      std::shared_ptr<const NoteSigner> cosigner,
      const std::string& cosigner_vkey,
      const std::vector<std::string>& log_vkeys);
  ~HubWitness() { Stop(); }

  // Calls `harvest_soon(agency_id)` when a node's offer over HTTP made the
  // latest checkpoint of its log larger. Set before Start.
  void OnNewCheckpoint(const std::string& trust_domain,
                       std::function<void(const std::string&)> harvest_soon);
  // Listens on witness_listen (no-op when it is empty).
  absl::Status Start(const disclosure::v1::hub::HubConfig& config);
  void Stop();

  witness::Witness* witness() { return witness_.get(); }
  const WitnessPolicy& policy() const { return policy_; }
  const NoteVerifier* own_verifier() const { return own_verifier_.get(); }
  // The endpoint's port; 0 when it does not listen.
  int port() const { return port_; }

 private:
  HubWitness() = default;
  std::unique_ptr<witness::RocksWitnessStore> store_;
  std::unique_ptr<witness::Witness> witness_;
  std::unique_ptr<witness::WitnessHttpServer> server_;
  WitnessPolicy policy_ = WitnessPolicy::None();
  std::unique_ptr<NoteVerifier> own_verifier_;
  int port_ = 0;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HUB_WITNESS_H_
