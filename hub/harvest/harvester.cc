#include "hub/harvest/harvester.h"

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
#include "metrics/metrics.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

v1h::Evidence::Kind EvidenceKind(FailureKind kind) {
  return kind == FailureKind::kRollback ? v1h::Evidence::KIND_ROLLBACK
                                        : v1h::Evidence::KIND_EQUIVOCATION;
}

}  // namespace

HarvestOptions HarvestOptionsFromConfig(const v1h::HubConfig& config) {
  const v1h::HubLimits& l = config.limits();
  HarvestOptions o;
  o.trust_domain = config.trust_domain();
  o.rpc_deadline = absl::Seconds(l.rpc_deadline_seconds());
  o.harvest_deadline = absl::Seconds(l.harvest_deadline_seconds());
  o.interval = absl::Seconds(config.harvest_interval_seconds());
  o.max_backoff = absl::Seconds(l.max_backoff_seconds());
  o.concurrency = l.harvest_concurrency();
  o.max_page_bytes = static_cast<int>(l.max_message_bytes());
  o.max_small_reply_bytes = static_cast<int>(l.max_small_reply_bytes());
  o.policy.content.max_entries = l.max_entries_per_snapshot();
  o.policy.content.max_entry_bytes = l.max_entry_bytes();
  o.policy.content.max_snapshot_bytes = l.max_snapshot_bytes();
  o.policy.content.max_linkages_per_entry = l.max_linkages_per_entry();
  o.policy.max_new_manifests = l.max_new_manifests_per_harvest();
  o.policy.max_rotation_lookups = l.max_rotation_lookups();
  o.policy.max_validity = absl::Seconds(l.max_snapshot_validity_seconds());
  o.policy.max_clock_skew = absl::Seconds(l.max_clock_skew_seconds());
  return o;
}

Harvester::Harvester(HubStore* store, DisclosureIndex* index,
                     const NoteSigner* cosigner, const Clock* clock,
                     std::shared_ptr<grpc::ChannelCredentials> credentials,
                     HarvestOptions options)
    : store_(store),
      index_(index),
      index_loader_(store, index),
      clock_(clock),
      credentials_(std::move(credentials)),
      options_(std::move(options)),
      interval_(options_.interval) {
  cosigning_.cosigner = cosigner;
}

Harvester::~Harvester() { Stop(); }

// Marks a harvest under way for as long as the scope lasts, so that
// indexing waits for it instead of sharing the cores (see
// DisclosureIndex::BeginHarvest).
class Harvester::HarvestScope {
 public:
  explicit HarvestScope(DisclosureIndex* index) : index_(index) {
    index_->BeginHarvest();
  }
  ~HarvestScope() { index_->EndHarvest(); }
  HarvestScope(const HarvestScope&) = delete;
  HarvestScope& operator=(const HarvestScope&) = delete;

 private:
  DisclosureIndex* const index_;
};

HarvestResult Harvester::HarvestAgency(const std::string& agency_id) {
  v1h::RegisteredAgency reg;
  {
    absl::MutexLock lock(&mu_);
    auto it = registry_.find(agency_id);
    if (it == registry_.end()) {
      return {HarvestResult::kRefused, FailureKind::kMalformed,
              absl::StrCat("agency ", agency_id, " is not registered")};
    }
    reg = it->second;
  }
  HarvestResult r;
  {
    HarvestScope harvesting(index_);
    absl::MutexLock lock(&AgencyMutex(agency_id));
    NodeClient& client = ClientFor(reg);
    const int64_t calls_before = client.calls();
    const int64_t entries_before = client.entries_received();
    const int64_t bytes_before = client.bytes_received();
    const absl::Time start = absl::Now();
    client.SetHarvestDeadline(start + options_.harvest_deadline);
    r = Harvest(reg, client);
    r.calls = client.calls() - calls_before;
    r.entries_transferred = client.entries_received() - entries_before;
    r.bytes_received = client.bytes_received() - bytes_before;
    r.duration = absl::Now() - start;
  }
  RecordHarvestMetrics(agency_id, r);
  if (r.next_attempt != 0) {
    // A harvest asked for outside the schedule (an operator's) moves the
    // agency's next scheduled one; a worker's own harvest sets it itself.
    absl::MutexLock lock(&mu_);
    if (due_.count(agency_id) > 0 && in_flight_.count(agency_id) == 0) {
      due_[agency_id] = absl::FromUnixSeconds(r.next_attempt);
    }
  }
  return r;
}

absl::Duration Harvester::Interval() const {
  absl::MutexLock lock(&mu_);
  return interval_;
}

void Harvester::HarvestSoon(const std::string& agency_id) {
  absl::MutexLock lock(&mu_);
  auto it = due_.find(agency_id);
  if (it == due_.end()) return;
  it->second = std::min(it->second, clock_->Now());
  wake_.SignalAll();
}

void Harvester::SetInterval(absl::Duration interval) {
  absl::MutexLock lock(&mu_);
  if (interval == interval_) return;
  interval_ = interval;
  // A next harvest further away than the new interval is brought forward;
  // nearer ones (backoff retries, agencies due now) keep their time.
  const absl::Time latest = clock_->Now() + interval;
  for (auto& [id, when] : due_) when = std::min(when, latest);
  wake_.SignalAll();
}

absl::StatusOr<v1h::AgencyState> Harvester::LoadState(
    const v1h::RegisteredAgency& reg) const {
  DN_ASSIGN_OR_RETURN(std::optional<v1h::AgencyState> stored,
                      store_->GetAgency(reg.agency_id()));
  v1h::AgencyState state = stored.value_or(v1h::AgencyState());
  state.set_agency_id(reg.agency_id());
  // Pinned keys from the registry are always trusted.
  std::set<std::string> trusted(state.trusted_vkeys().begin(),
                                state.trusted_vkeys().end());
  for (const auto& k : reg.signing_vkeys()) {
    if (trusted.insert(k).second) state.add_trusted_vkeys(k);
  }
  return state;
}

HarvestResult Harvester::Harvest(const v1h::RegisteredAgency& reg,
                                 NodeClient& client) {
  const std::string& id = reg.agency_id();
  const std::string origin = AgencyLogOrigin(options_.trust_domain, id);
  HarvestPolicy policy = options_.policy;
  policy.content.statistics_ended_by = clock_->Now();
  absl::StatusOr<v1h::AgencyState> loaded = LoadState(reg);
  if (!loaded.ok()) {
    ++store_errors_;
    const std::string why =
        absl::StrCat("hub store: ", loaded.status().message());
    LogLine("hub", absl::StrCat("agency ", id, ": ", why));
    return {HarvestResult::kRefused, FailureKind::kStore, why};
  }
  v1h::AgencyState& state = *loaded;
  state.set_last_attempt(absl::ToUnixSeconds(clock_->Now()));

  // 1-2. The checkpoint, its signature.
  StepResult<std::string> note = FetchCheckpoint(client);
  if (!note.ok()) return RecordFailure(state, note.failure(), "");
  state.set_node_certificate_expires_at(client.peer_not_after());
  if (*note == state.checkpoint()) {
    // An agency whose snapshot could not be loaded into the index at start
    // or reload gets it loaded here.
    if (state.has_snapshot() && !index_->HasAgency(id)) {
      if (absl::Status s = index_loader_.LoadAgency(state); !s.ok()) {
        return RecordFailure(
            state,
            {FailureKind::kStore, absl::StrCat("hub store: ", s.message())},
            "");
      }
    }
    return RecordUnchanged(state);
  }
  StepResult<VerifiedCheckpoint> cp = VerifyCheckpoint(
      *note, {state.trusted_vkeys().begin(), state.trusted_vkeys().end()},
      origin, state.log_size(), policy, client);
  if (!cp.ok())
    return RecordFailure(state, cp.failure().With("checkpoint refused"), "");

  // 3. Append-only.
  StepResult<Growth> growth = CheckAppendOnly(state, cp->checkpoint, client);
  if (!growth.ok()) return RecordFailure(state, growth.failure(), *note);
  if (*growth == Growth::kUnchanged) return RecordUnchanged(state);

  // 4-5. The new manifests, and the latest one's times.
  absl::StatusOr<std::vector<std::string>> held = store_->GetManifests(id);
  if (!held.ok() || held->size() != state.log_size()) {
    return RecordFailure(state,
                         {FailureKind::kStore,
                          "hub store holds a log replica of the wrong size"},
                         "");
  }
  StepResult<NewManifests> manifests =
      FetchManifests(*held, cp->checkpoint, id, origin, policy, client);
  if (!manifests.ok()) return RecordFailure(state, manifests.failure(), "");
  if (StepFailure bad =
          CheckTime(manifests->latest, state, clock_->Now(), policy)) {
    return RecordFailure(state, *bad, "");
  }

  // 6. The entries.
  std::optional<v1h::SnapshotRecord> held_snapshot;
  if (state.has_snapshot()) {
    absl::StatusOr<v1h::SnapshotRecord> rec =
        store_->GetSnapshot(id, state.latest_sequence());
    if (!rec.ok()) {
      return RecordFailure(
          state,
          {FailureKind::kStore,
           absl::StrCat("hub store: ", rec.status().message())},
          "");
    }
    held_snapshot = *std::move(rec);
  }
  StepResult<std::unique_ptr<SnapshotAssembler>> entries = FetchEntries(
      id, held_snapshot ? &*held_snapshot : nullptr, state.latest_sequence(),
      cp->checkpoint.size - 1, manifests->latest, policy, client);
  if (!entries.ok()) return RecordFailure(state, entries.failure(), "");
  if (!cp->rotation_key.empty()) {
    const auto& hashes = (*entries)->leaf_hashes();
    auto it = hashes.find(cp->rotation_key);
    if (it == hashes.end() || it->second != cp->rotation_entry_hash) {
      return RecordFailure(state,
                           {FailureKind::kTampered,
                            "key rotation statement is not part of the signed "
                            "snapshot"},
                           "");
    }
  }
  std::vector<std::string> log = *held;
  log.insert(log.end(), manifests->bytes.begin(), manifests->bytes.end());
  StepResult<std::string> cosigned = CosignCheckpoint(*cp, log, cosigning_);
  if (!cosigned.ok()) return RecordFailure(state, cosigned.failure(), "");
  return RecordAccepted(state, *cp, *cosigned, *manifests, held->size(),
                        **entries, held_snapshot.has_value());
}

HarvestResult Harvester::RecordAccepted(
    v1h::AgencyState& state, const VerifiedCheckpoint& cp,
    const std::string& cosigned, const NewManifests& manifests,
    uint64_t first_manifest, SnapshotAssembler& entries, bool incremental) {
  const int64_t now_s = absl::ToUnixSeconds(clock_->Now());
  // Cosigned before (Cosign), so that the accepted state and its
  // cosignature are one write: the hub never holds an accepted checkpoint
  // it has not cosigned.
  const uint64_t target = cp.checkpoint.size - 1;
  state.set_checkpoint(cp.note);
  state.set_cosigned_checkpoint(cosigned);
  state.set_log_size(cp.checkpoint.size);
  state.set_log_root(ToString(cp.checkpoint.root));
  state.set_latest_sequence(target);
  state.set_has_snapshot(true);
  state.clear_trusted_vkeys();
  for (const auto& k : cp.trusted_vkeys) state.add_trusted_vkeys(k);
  state.set_issued_at(manifests.latest.issued_at().seconds());
  state.set_expires_at(manifests.latest.expires_at().seconds());
  state.set_unreachable_since(0);
  state.set_consecutive_failures(0);
  state.set_last_error("");
  state.set_last_success(now_s);
  state.set_next_attempt(now_s + absl::ToInt64Seconds(Interval()));

  Acceptance a;
  a.state = state;
  a.first_manifest = first_manifest;
  a.new_manifests = manifests.bytes;
  a.sequence = target;
  a.snapshot.set_manifest(manifests.bytes.back());
  a.snapshot.set_accepted_at(now_s);
  a.snapshot.set_cosigned_checkpoint(cosigned);
  for (const auto& [key, h] : entries.leaf_hashes()) {
    a.snapshot.add_keys(key);
    a.snapshot.add_leaf_hashes(h);
  }
  // Entries are content-addressed, so writing one already held rewrites
  // the same bytes; asking first cost more than the write (a lookup per
  // entry, most of them absent).
  for (const auto& [key, bytes] : entries.received()) {
    a.entries.emplace_back(*HashFromBytes(entries.leaf_hashes().at(key)),
                           bytes);
  }
  if (absl::Status s = store_->Accept(a); !s.ok()) {
    return RecordFailure(
        state, {FailureKind::kStore, absl::StrCat("store: ", s.message())}, "");
  }
  // The index keeps each database as the bytes the node signed.
  std::vector<DisclosureIndex::EntryRef> received;
  received.reserve(entries.parsed().size());
  for (const v1::DisclosureEntry* e : entries.parsed())
    received.push_back({e, &entries.received().at(e->key())});
  if (incremental) {
    index_->ApplyChanges(state.agency_id(), received, entries.removed(),
                         IndexLoader::IndexVersion(a.snapshot));
  } else {
    index_->ReplaceAgency(state.agency_id(), received,
                          IndexLoader::IndexVersion(a.snapshot));
  }
  LogLine("hub", absl::StrCat("agency ", state.agency_id(),
                              ": accepted snapshot ", target, " (",
                              manifests.latest.entry_count(), " entries, ",
                              entries.received().size(), " transferred)"));
  return {HarvestResult::kAccepted, std::nullopt,
          absl::StrCat("accepted snapshot ", target), state.next_attempt()};
}

HarvestResult Harvester::RecordUnchanged(v1h::AgencyState& state) {
  const int64_t now_s = absl::ToUnixSeconds(clock_->Now());
  state.set_unreachable_since(0);
  state.set_consecutive_failures(0);
  state.set_last_error("");
  state.set_last_success(now_s);
  state.set_next_attempt(now_s + absl::ToInt64Seconds(Interval()));
  // Not synced: these are only times, and losing them in a crash brings
  // the next harvest sooner; a sync per agency would make every unchanged
  // round wait on the disk once per node.
  PutState(state, /*sync=*/false);
  return {HarvestResult::kUnchanged, std::nullopt, "unchanged",
          state.next_attempt()};
}

HarvestResult Harvester::RecordFailure(v1h::AgencyState& state,
                                       const HarvestFailure& failure,
                                       const std::string& offered_note) {
  const bool unreachable = failure.kind == FailureKind::kUnreachable;
  HarvestResult result{
      unreachable ? HarvestResult::kUnreachable : HarvestResult::kRefused,
      failure.kind, failure.detail};
  // Calls cancelled by a shutdown say nothing about the node.
  if (unreachable && stopping_) return result;
  const int64_t now_s = absl::ToUnixSeconds(clock_->Now());
  if (failure.kind == FailureKind::kRollback ||
      failure.kind == FailureKind::kFork) {
    v1h::Evidence e;
    e.set_agency_id(state.agency_id());
    e.set_kind(EvidenceKind(failure.kind));
    e.set_held_checkpoint(state.checkpoint());
    e.set_offered_checkpoint(offered_note);
    e.set_observed_at(now_s);
    e.set_detail(failure.detail);
    if (absl::Status s = store_->AddEvidence(e); !s.ok()) {
      ++store_errors_;
      LogLine("hub", absl::StrCat("agency ", state.agency_id(),
                                  ": could not keep evidence: ", s.message()));
    }
    if (state.misbehaving_since() == 0) {
      state.set_misbehaving_since(now_s);
      state.set_misbehaving_reason(failure.detail);
    }
  }
  if (unreachable) {
    if (state.unreachable_since() == 0) state.set_unreachable_since(now_s);
  } else {
    state.set_unreachable_since(0);  // it answered, wrongly
  }
  state.set_consecutive_failures(state.consecutive_failures() + 1);
  const int64_t backoff = std::min<int64_t>(
      absl::ToInt64Seconds(options_.max_backoff),
      int64_t{15} << std::min<uint32_t>(state.consecutive_failures(), 16));
  state.set_next_attempt(now_s + backoff);
  result.next_attempt = state.next_attempt();
  state.set_last_error(failure.detail);
  PutState(state);
  LogLine("hub",
          absl::StrCat("agency ", state.agency_id(), ": ", failure.detail));
  return result;
}

void Harvester::PutState(const v1h::AgencyState& state, bool sync) {
  if (absl::Status s = store_->PutAgencyState(state, sync); !s.ok()) {
    // The outcome is still returned and logged; the next harvest repeats
    // whatever bookkeeping was lost.
    ++store_errors_;
    LogLine("hub", absl::StrCat("agency ", state.agency_id(),
                                ": could not record state: ", s.message()));
  }
}

absl::StatusOr<v1h::AgencyState> Harvester::ClearMisbehaving(
    const std::string& agency_id, const std::string& cleared_by,
    const std::string& reason) {
  absl::MutexLock lock(&AgencyMutex(agency_id));
  DN_ASSIGN_OR_RETURN(std::optional<v1h::AgencyState> stored,
                      store_->GetAgency(agency_id));
  if (!stored.has_value() || (stored)->misbehaving_since() == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("agency ", agency_id, " is not marked misbehaving"));
  }
  v1h::AgencyState state = *stored;
  v1h::Clearance* c = state.add_clearances();
  c->set_cleared_at(absl::ToUnixSeconds(clock_->Now()));
  c->set_cleared_by(cleared_by);
  c->set_reason(reason);
  c->set_misbehaving_since(state.misbehaving_since());
  c->set_misbehaving_reason(state.misbehaving_reason());
  state.set_misbehaving_since(0);
  state.set_misbehaving_reason("");
  DN_RETURN_IF_ERROR(store_->PutAgencyState(state));
  LogLine("hub", absl::StrCat("agency ", agency_id, ": misbehaving cleared by ",
                              cleared_by, ": ", reason));
  return state;
}

RoundSummary Harvester::RunRound(bool force) {
  std::vector<std::string> due;
  const int64_t now_s = absl::ToUnixSeconds(clock_->Now());
  const auto registry = Registry();
  for (const auto& reg : registry) {
    auto state = store_->GetAgency(reg.agency_id());
    if (force || !state.ok() || !state->has_value() ||
        (*state)->next_attempt() <= now_s) {
      due.push_back(reg.agency_id());
    }
  }
  RoundSummary summary;
  summary.registered = static_cast<int>(registry.size());
  summary.not_due = summary.registered - static_cast<int>(due.size());
  absl::Mutex summary_mu;
  std::atomic<size_t> next{0};
  // The whole round, so that indexing does not start in the moments
  // between one agency's harvest and the next.
  HarvestScope harvesting(index_);
  const size_t workers = std::min<size_t>(options_.concurrency, due.size());
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < due.size(); i = next++) {
        HarvestResult r = HarvestAgency(due[i]);
        absl::MutexLock lock(&summary_mu);
        ++summary.attempted;
        summary.results.emplace_back(due[i], r);
        summary.calls += r.calls;
        summary.entries_transferred += r.entries_transferred;
        switch (r.outcome) {
          case HarvestResult::kAccepted:
            ++summary.accepted;
            break;
          case HarvestResult::kUnchanged:
            ++summary.unchanged;
            break;
          case HarvestResult::kRefused:
            ++summary.refused;
            break;
          case HarvestResult::kUnreachable:
            ++summary.unreachable;
            break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return summary;
}

void Harvester::StartSchedule(std::function<void()> on_accepted) {
  {
    // Due times from the store; a next attempt further away than one
    // interval (the interval was shortened) is brought forward.
    absl::MutexLock lock(&mu_);
    const absl::Time now = clock_->Now();
    for (auto& [id, when] : due_) {
      auto state = store_->GetAgency(id);
      if (!state.ok() || !state->has_value()) continue;
      when = std::min(absl::FromUnixSeconds((*state)->next_attempt()),
                      now + interval_);
    }
  }
  for (uint32_t i = 0; i < std::max<uint32_t>(1, options_.concurrency); ++i) {
    workers_.emplace_back([this, on_accepted] { WorkerLoop(on_accepted); });
  }
}

std::optional<absl::Time> Harvester::NextDue(
    const std::string& agency_id) const {
  absl::MutexLock lock(&mu_);
  auto it = due_.find(agency_id);
  if (workers_.empty() || stopping_ || it == due_.end()) return std::nullopt;
  return it->second;
}

void Harvester::WorkerLoop(const std::function<void()>& on_accepted) {
  for (;;) {
    std::string id;
    {
      absl::MutexLock lock(&mu_);
      while (!stopping_) {
        const absl::Time now = clock_->Now();
        absl::Time earliest = absl::InfiniteFuture();
        for (const auto& [agency, when] : due_) {
          if (in_flight_.count(agency) > 0) continue;
          if (when <= now) {
            id = agency;
            break;
          }
          earliest = std::min(earliest, when);
        }
        if (!id.empty()) break;
        // The clock may be a test's fake one: wake at least every second.
        wake_.WaitWithTimeout(&mu_,
                              std::clamp(earliest - now, absl::Milliseconds(10),
                                         absl::Seconds(1)));
      }
      if (stopping_) return;
      in_flight_.insert(id);
    }
    HarvestResult r = HarvestAgency(id);
    const absl::Time next = r.next_attempt != 0
                                ? absl::FromUnixSeconds(r.next_attempt)
                                : clock_->Now() + Interval();
    {
      absl::MutexLock lock(&mu_);
      in_flight_.erase(id);
      if (due_.count(id) > 0) due_[id] = next;
    }
    if (r.outcome == HarvestResult::kAccepted && on_accepted) on_accepted();
  }
}

void Harvester::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (auto& [id, client] : clients_) client->CancelAll();
    wake_.SignalAll();
  }
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

}  // namespace disclosure::hub
