// Harvests agency nodes. For each registered agency it runs the steps of
// harvest_steps.h (checkpoint, signatures, append-only, manifests, time,
// entries), then cosigns the checkpoint and accepts the snapshot in one
// atomic store write (checkpoint, cosignature, manifests, entries, state),
// then updates the index.
//
// Failures are per agency and typed (harvest_failure.h): an unreachable
// node keeps its last verified snapshot and is retried with exponential
// backoff; a rollback or fork is refused with both signed checkpoints kept
// as evidence, and the agency stays "misbehaving" until an operator clears
// it (ClearMisbehaving); every other refusal is recorded as the last error
// only. No failure is dropped: a store error while recording one is logged
// and counted (store_errors()).
//
// Budgets: each agency's harvest has a wall-clock limit
// (harvest_deadline) and the content limits of HarvestPolicy; with the
// schedule running, each agency is harvested when it is due by one of
// `concurrency` workers, so one slow or hostile node holds one worker for
// at most harvest_deadline and delays no other agency's acceptance. Stop()
// cancels calls in flight.
//
// Thread-safe. Pointers given to the constructor are borrowed and must
// outlive the harvester.
#ifndef DISCLOSURE_HUB_HARVEST_HARVESTER_H_
#define DISCLOSURE_HUB_HARVEST_HARVESTER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "format/note.h"
#include "format/witness_policy.h"
#include "hub/harvest/harvest_failure.h"
#include "hub/harvest/harvest_steps.h"
#include "hub/harvest/node_client.h"
#include "hub/index/disclosure_index.h"
#include "hub/index/index_loader.h"
#include "hub/storage/hub_store.h"
#include "witness/witness.h"

namespace disclosure::hub {

struct HarvestOptions {
  std::string trust_domain;
  absl::Duration rpc_deadline = absl::Seconds(10);
  absl::Duration harvest_deadline = absl::Seconds(120);
  absl::Duration interval = absl::Hours(1);
  absl::Duration max_backoff = absl::Hours(1);
  uint32_t concurrency = 16;
  int max_page_bytes = 4 << 20;
  int max_small_reply_bytes = 64 << 10;
  HarvestPolicy policy;
};

// HarvestOptions from the hub's configured limits (defaults applied).
HarvestOptions HarvestOptionsFromConfig(
    const disclosure::v1::hub::HubConfig& config);

struct HarvestResult {
  enum Outcome { kUnchanged, kAccepted, kRefused, kUnreachable };
  Outcome outcome = kUnchanged;
  // Set for kRefused and kUnreachable.
  std::optional<FailureKind> failure;
  std::string detail;
  // When the agency is due again (POSIX seconds); 0 when not recorded
  // (a call cancelled by shutdown).
  int64_t next_attempt = 0;
  int64_t calls = 0;
  int64_t entries_transferred = 0;
  int64_t bytes_received = 0;
  absl::Duration duration = absl::ZeroDuration();
};

struct RoundSummary {
  // Registered agencies, and those skipped because they were not due yet
  // (backing off after failures, or within their interval).
  int registered = 0, not_due = 0;
  int attempted = 0, accepted = 0, unchanged = 0, refused = 0, unreachable = 0;
  int64_t calls = 0;
  int64_t entries_transferred = 0;
  // Each attempted agency's result, in the order they ended.
  std::vector<std::pair<std::string, HarvestResult>> results;
};

// What SetRegistry changed, by agency id.
struct RegistryChange {
  std::vector<std::string> added, removed, changed;
};

class Harvester {
 public:
  // `cosigner` signs accepted checkpoints (unless SetWitness is called).
  Harvester(HubStore* store, DisclosureIndex* index, const NoteSigner* cosigner,
            const Clock* clock,
            std::shared_ptr<grpc::ChannelCredentials> credentials,
            HarvestOptions options);
  ~Harvester();

  // From now on accepted checkpoints are cosigned through `witness` (the
  // hub's tlog-witness state, shared with its HTTP endpoint), and a
  // snapshot is accepted only when its checkpoint carries the quorum of
  // `policy` (counting the hub's own cosignature). `own` verifies the
  // hub's cosignatures: a valid one the node passes on (its checkpoint was
  // offered to the hub's witness endpoint) is kept. All borrowed; call
  // before the first harvest.
  void SetWitness(witness::Witness* witness, const WitnessPolicy* policy,
                  const NoteVerifier* own) {
    cosigning_.witness = witness;
    cosigning_.policy = policy;
    cosigning_.own = own;
  }

  // Replaces the registry (on start and on reload). Agencies no longer
  // listed are dropped from the index (their stored history stays); new
  // ones are due at once; changed ones (endpoint, identity, keys) are due at
  // once with their backoff reset.
  RegistryChange SetRegistry(
      const std::vector<disclosure::v1::hub::RegisteredAgency>& agencies);

  // The time between two harvests of an agency that answered. A shorter
  // one brings every later due time forward to at most one new interval.
  void SetInterval(absl::Duration interval);
  absl::Duration Interval() const;
  // Makes a registered agency due now, unless it is backing off after a
  // failure: its node offered the hub's witness a new checkpoint, so the
  // schedule fetches the snapshot at once instead of after the interval
  // (the hub then holds a copy the node can recover from).
  void HarvestSoon(const std::string& agency_id);
  std::vector<disclosure::v1::hub::RegisteredAgency> Registry() const;

  // One round over every agency that is due (or all when `force`), with
  // bounded concurrency; returns when every harvest of the round ended.
  RoundSummary RunRound(bool force);

  // Harvests one registered agency now (and records its metrics). Outside
  // the schedule's workers, the agency's next scheduled harvest moves to the
  // result's next_attempt.
  HarvestResult HarvestAgency(const std::string& agency_id);

  // Brings the index in line with the store (start-up, reload, restart
  // facts); also used by each harvest that finds an agency not indexed.
  IndexLoader& index_loader() { return index_loader_; }

  // Starts `concurrency` workers that harvest each agency when it is due.
  // `on_accepted` runs on a worker after each accepted snapshot.
  void StartSchedule(std::function<void()> on_accepted);
  // Stops the schedule, cancelling calls in flight; returns once every
  // worker has ended. Later harvests fail as unreachable. Idempotent.
  void Stop();

  // Clears "misbehaving" of `agency_id`, keeping the clearance (who, when,
  // why) in the agency's state. FailedPrecondition if it is not marked.
  absl::StatusOr<disclosure::v1::hub::AgencyState> ClearMisbehaving(
      const std::string& agency_id, const std::string& cleared_by,
      const std::string& reason);

  // When the schedule will next harvest `agency_id`; nullopt when the
  // schedule is not running or the agency is not registered.
  std::optional<absl::Time> NextDue(const std::string& agency_id) const;

  // Store writes that failed while recording a harvest's outcome.
  int64_t store_errors() const { return store_errors_; }

 private:
  class HarvestScope;
  HarvestResult Harvest(const disclosure::v1::hub::RegisteredAgency& reg,
                        NodeClient& client);
  absl::StatusOr<disclosure::v1::hub::AgencyState> LoadState(
      const disclosure::v1::hub::RegisteredAgency& reg) const;
  // Each of the next three ends a harvest: it writes the agency's new
  // state (and, for an accepted snapshot, the snapshot and its entries) to
  // the store, and returns the result.
  HarvestResult RecordAccepted(disclosure::v1::hub::AgencyState& state,
                               const VerifiedCheckpoint& cp,
                               const std::string& cosigned,
                               const NewManifests& manifests,
                               uint64_t first_manifest,
                               SnapshotAssembler& entries, bool incremental);
  HarvestResult RecordUnchanged(disclosure::v1::hub::AgencyState& state);
  HarvestResult RecordFailure(disclosure::v1::hub::AgencyState& state,
                              const HarvestFailure& failure,
                              const std::string& offered_note);
  void PutState(const disclosure::v1::hub::AgencyState& state,
                bool sync = true);
  // Forgets the consecutive failures of a stored agency state.
  // Cancels the calls of `agency_id`'s harvest in flight, if any, and
  // waits for it to end (promptly, being cancelled); then resumes its
  // client, or drops it when `forget`.
  void CancelInFlight(const std::string& agency_id, bool forget);
  void ResetBackoff(const std::string& agency_id);
  void RecordHarvestMetrics(const std::string& agency_id,
                            const HarvestResult& r) const;
  NodeClient& ClientFor(const disclosure::v1::hub::RegisteredAgency& reg);
  absl::Mutex& AgencyMutex(const std::string& agency_id);
  void WorkerLoop(const std::function<void()>& on_accepted);

  HubStore* const store_;
  DisclosureIndex* const index_;
  IndexLoader index_loader_;
  // How accepted checkpoints are cosigned (harvest_steps.h).
  Cosigning cosigning_;
  const Clock* const clock_;
  const std::shared_ptr<grpc::ChannelCredentials> credentials_;
  const HarvestOptions options_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> store_errors_{0};

  mutable absl::Mutex mu_;
  std::map<std::string, disclosure::v1::hub::RegisteredAgency> registry_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<NodeClient>> clients_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<absl::Mutex>> agency_mu_
      ABSL_GUARDED_BY(mu_);
  // The schedule: when each agency is next due, and those being harvested.
  std::map<std::string, absl::Time> due_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> in_flight_ ABSL_GUARDED_BY(mu_);
  absl::Duration interval_ ABSL_GUARDED_BY(mu_);
  absl::CondVar wake_;
  std::vector<std::thread> workers_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HARVEST_HARVESTER_H_
