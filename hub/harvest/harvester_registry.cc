// Harvester: the registry of agencies (SetRegistry on start and reload),
// cancelling a changed agency's harvest in flight, and the per-agency
// locks and node clients (harvester.h).
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/build_id.h"
#include "core/logging.h"
#include "format/checkpoint.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "format/sha256.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "google/protobuf/arena.h"
#include "hub/harvest/harvester.h"
#include "metrics/metrics.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

RegistryChange Harvester::SetRegistry(
    const std::vector<v1h::RegisteredAgency>& agencies) {
  RegistryChange change;
  {
    absl::MutexLock lock(&mu_);
    std::map<std::string, v1h::RegisteredAgency> before;
    before.swap(registry_);
    const absl::Time now = clock_->Now();
    for (const auto& a : agencies) {
      registry_[a.agency_id()] = a;
      auto old = before.find(a.agency_id());
      if (old == before.end()) {
        change.added.push_back(a.agency_id());
        due_[a.agency_id()] = now;
      } else {
        if (old->second.SerializeAsString() != a.SerializeAsString()) {
          // A new endpoint, identity or key: whatever failed before may
          // work now, so the agency is tried at once.
          change.changed.push_back(a.agency_id());
          due_[a.agency_id()] = now;
        }
        before.erase(old);
      }
    }
    for (const auto& [id, reg] : before) {
      change.removed.push_back(id);
      due_.erase(id);
    }
    wake_.SignalAll();
  }
  // A harvest in flight works for the old registration: cancel it, so
  // the reload (and a signal behind it) waits for no node.
  for (const auto& id : change.changed) CancelInFlight(id, /*forget=*/false);
  for (const auto& id : change.removed) CancelInFlight(id, /*forget=*/true);
  for (const auto& id : change.changed) ResetBackoff(id);
  for (const auto& id : change.removed) index_->RemoveAgency(id);
  return change;
}

void Harvester::CancelInFlight(const std::string& agency_id, bool forget) {
  {
    absl::MutexLock lock(&mu_);
    auto it = clients_.find(agency_id);
    if (it == clients_.end()) return;
    it->second->CancelAll();
  }
  // The cancelled harvest ends at once; then its client is reusable again
  // (or, for a removed agency, dropped: nobody else holds it now).
  absl::MutexLock agency(&AgencyMutex(agency_id));
  absl::MutexLock lock(&mu_);
  auto it = clients_.find(agency_id);
  if (it == clients_.end()) return;
  if (forget) {
    clients_.erase(it);
  } else if (!stopping_) {
    it->second->Resume();
  }
}

void Harvester::ResetBackoff(const std::string& agency_id) {
  absl::MutexLock lock(&AgencyMutex(agency_id));
  absl::StatusOr<std::optional<v1h::AgencyState>> stored =
      store_->GetAgency(agency_id);
  if (!stored.ok() || !stored->has_value()) return;
  v1h::AgencyState state = **stored;
  if (state.consecutive_failures() == 0) return;
  state.set_consecutive_failures(0);
  state.set_next_attempt(absl::ToUnixSeconds(clock_->Now()));
  PutState(state);
}

void Harvester::RecordHarvestMetrics(const std::string& agency_id,
                                     const HarvestResult& r) const {
  static constexpr const char* kOutcome[] = {"unchanged", "accepted", "refused",
                                             "unreachable"};
  CountEvent("disclosure_hub_harvests_total",
             "Harvests of an agency, by outcome",
             {{"agency", agency_id}, {"outcome", kOutcome[r.outcome]}});
  ObserveSeconds("disclosure_hub_harvest_duration_seconds",
                 "Wall-clock time of one agency's harvest",
                 {{"agency", agency_id}}, absl::ToDoubleSeconds(r.duration));
  CountEvent("disclosure_hub_node_calls_total",
             "Calls the hub made to an agency's node", {{"agency", agency_id}},
             static_cast<double>(r.calls));
  CountEvent("disclosure_hub_node_received_bytes_total",
             "Bytes of replies received from an agency's node",
             {{"agency", agency_id}}, static_cast<double>(r.bytes_received));
  CountEvent("disclosure_hub_entries_transferred_total",
             "Entries received from an agency's node", {{"agency", agency_id}},
             static_cast<double>(r.entries_transferred));
}

std::vector<v1h::RegisteredAgency> Harvester::Registry() const {
  absl::MutexLock lock(&mu_);
  std::vector<v1h::RegisteredAgency> out;
  for (const auto& [id, reg] : registry_) out.push_back(reg);
  return out;
}

absl::Mutex& Harvester::AgencyMutex(const std::string& agency_id) {
  absl::MutexLock lock(&mu_);
  auto& m = agency_mu_[agency_id];
  if (m == nullptr) m = std::make_unique<absl::Mutex>();
  return *m;
}

NodeClient& Harvester::ClientFor(const v1h::RegisteredAgency& reg) {
  absl::MutexLock lock(&mu_);
  auto& c = clients_[reg.agency_id()];
  if (c == nullptr || c->options().endpoint != reg.endpoint() ||
      c->options().expected_identity != reg.expected_identity()) {
    NodeClientOptions o;
    o.endpoint = reg.endpoint();
    o.expected_identity = reg.expected_identity();
    o.rpc_deadline = options_.rpc_deadline;
    o.max_small_reply_bytes = options_.max_small_reply_bytes;
    o.max_page_bytes = options_.max_page_bytes;
    c = std::make_unique<NodeClient>(credentials_, std::move(o));
    if (stopping_) c->CancelAll();
  }
  return *c;
}

}  // namespace disclosure::hub
