// Harvests agency nodes: for each registered agency, fetch the latest
// checkpoint (one small call when nothing changed); otherwise verify it
// completely before accepting: signature by a pinned key (following a key
// rotation the old key signed), consistency with the log held, every new
// manifest, and the new snapshot's entries root rebuilt from what the hub
// held plus the changes. Accepting is one atomic store write, after which
// the hub cosigns the checkpoint and updates the index. Failures are per
// agency: unreachable nodes keep their last verified snapshot; rollbacks,
// forks and inconsistent logs are refused with both signed checkpoints kept
// as evidence; expired snapshots are marked overdue. Thread-safe.
#ifndef DISCLOSURE_HUB_HARVEST_HARVESTER_H_
#define DISCLOSURE_HUB_HARVEST_HARVESTER_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "core/note.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "hub/harvest/node_client.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

struct HarvestOptions {
  std::string trust_domain;
  absl::Duration rpc_deadline = absl::Seconds(30);
  absl::Duration interval = absl::Hours(1);
  absl::Duration max_backoff = absl::Hours(1);
  uint32_t concurrency = 16;
  uint64_t max_entries = 100'000;
  int max_message_bytes = 16 << 20;
};

struct HarvestResult {
  enum Outcome { kUnchanged, kAccepted, kRefused, kUnreachable };
  Outcome outcome = kUnchanged;
  std::string detail;
  int64_t calls = 0;
  int64_t entries_transferred = 0;
};

struct RoundSummary {
  int attempted = 0, accepted = 0, unchanged = 0, refused = 0, unreachable = 0;
  int64_t calls = 0;
  int64_t entries_transferred = 0;
};

class Harvester {
 public:
  // Pointers are borrowed. `cosigner` signs accepted checkpoints.
  Harvester(HubStore* store, DisclosureIndex* index, const NoteSigner* cosigner,
            const Clock* clock,
            std::shared_ptr<grpc::ChannelCredentials> credentials,
            HarvestOptions options);

  // Replaces the registry (on start and on reload). Agencies no longer
  // listed are dropped from the index (their stored history stays).
  void SetRegistry(
      const std::vector<disclosure::v1::hub::RegisteredAgency>& agencies);
  std::vector<disclosure::v1::hub::RegisteredAgency> Registry() const;

  // One round over every agency that is due (or all when `force`), with
  // bounded concurrency.
  RoundSummary RunRound(bool force);

  // Harvests one registered agency now.
  HarvestResult HarvestAgency(const std::string& agency_id);

  // Loads the index from the store: every registered agency (start-up), or
  // only those the index does not hold yet (after a reload).
  absl::Status LoadIndex(bool only_missing = false);

 private:
  HarvestResult Harvest(const disclosure::v1::hub::RegisteredAgency& reg,
                        NodeClient& client);
  NodeClient& ClientFor(const disclosure::v1::hub::RegisteredAgency& reg);
  absl::Mutex& AgencyMutex(const std::string& agency_id);

  HubStore* store_;
  DisclosureIndex* index_;
  const NoteSigner* cosigner_;
  const Clock* clock_;
  std::shared_ptr<grpc::ChannelCredentials> credentials_;
  const HarvestOptions options_;

  mutable absl::Mutex mu_;
  std::map<std::string, disclosure::v1::hub::RegisteredAgency> registry_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<NodeClient>> clients_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> client_endpoints_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<absl::Mutex>> agency_mu_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_HARVESTER_H_
