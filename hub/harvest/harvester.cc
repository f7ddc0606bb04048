#include "hub/harvest/harvester.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/checkpoint.h"
#include "core/encoding.h"
#include "core/entry_key.h"
#include "core/key_rotation.h"
#include "core/limits.h"
#include "core/logging.h"
#include "core/manifest.h"
#include "core/merkle.h"
#include "core/merkle_verify.h"
#include "core/note_keys.h"
#include "core/snapshot_tree.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;

// An entry must belong to the agency whose log published it.
absl::Status CheckOwner(const v1::DisclosureEntry& e,
                        const std::string& agency) {
  std::string owner = agency;
  switch (e.body_case()) {
    case v1::DisclosureEntry::kAgencyProfile:
      owner = e.agency_profile().agency_id();
      break;
    case v1::DisclosureEntry::kDatabase:
      owner = e.database().agency_id();
      break;
    case v1::DisclosureEntry::kStatistics:
      owner = e.statistics().agency_id();
      break;
    default:
      break;
  }
  if (owner != agency) {
    return absl::InvalidArgumentError(absl::StrCat("entry ", e.key(),
                                                   " claims agency ", owner,
                                                   " in the log of ", agency));
  }
  return absl::OkStatus();
}

std::string KeyIdHex(uint32_t id) {
  char buf[9];
  snprintf(buf, sizeof(buf), "%08x", id);
  return buf;
}

struct OpenedCheckpoint {
  Checkpoint checkpoint;
  // Set when a rotation statement was followed: the entry that must be in
  // the verified snapshot.
  std::string rotation_key;
  std::string rotation_entry_hash;
  std::vector<std::string> trusted_vkeys;
};

absl::StatusOr<std::vector<std::unique_ptr<NoteVerifier>>> Verifiers(
    const google::protobuf::RepeatedPtrField<std::string>& vkeys) {
  std::vector<std::unique_ptr<NoteVerifier>> out;
  for (const auto& k : vkeys) {
    auto v = NewNoteVerifier(k);
    if (!v.ok()) return v.status();
    out.push_back(*std::move(v));
  }
  return out;
}

// Verifies the checkpoint note with the trusted keys, following a rotation
// statement (published by the node as entry keys/<id>) when the note is
// signed by a key the hub does not know yet.
absl::StatusOr<OpenedCheckpoint> OpenCheckpoint(const std::string& note,
                                                const v1h::AgencyState& state,
                                                const std::string& origin,
                                                NodeClient& client) {
  OpenedCheckpoint out;
  out.trusted_vkeys.assign(state.trusted_vkeys().begin(),
                           state.trusted_vkeys().end());
  auto verifiers = Verifiers(state.trusted_vkeys());
  if (!verifiers.ok()) return verifiers.status();
  std::vector<const NoteVerifier*> known;
  for (const auto& v : *verifiers) known.push_back(v.get());
  absl::StatusOr<OpenedNote> opened = OpenNote(note, known);
  if (!opened.ok() &&
      opened.status().message() == "no signature by a known key") {
    // Perhaps the key rotated: look for a rotation statement that a trusted
    // key signed.
    absl::StatusOr<ParsedNote> parsed = ParseNote(note);
    if (!parsed.ok()) return parsed.status();
    absl::StatusOr<Checkpoint> unverified = ParseCheckpoint(parsed->text);
    if (!unverified.ok() || unverified->size == 0) return opened.status();
    for (const NoteSignature& sig : parsed->signatures) {
      if (sig.key_name != origin) continue;
      const std::string key = absl::StrCat("keys/", KeyIdHex(sig.key_id));
      auto resp = client.GetEntry(unverified->size - 1, key);
      if (!resp.ok() || !resp->has_present()) continue;
      auto entry = ParseEntry(resp->present().entry());
      if (!entry.ok() || !entry->has_key_rotation()) continue;
      for (const std::string& trusted : state.trusted_vkeys()) {
        auto rotation = VerifyKeyRotation(
            entry->key_rotation().signed_statement(), origin, trusted);
        if (!rotation.ok()) continue;
        auto next = NewNoteVerifier(rotation->new_vkey);
        if (!next.ok()) continue;
        auto again = OpenNote(note, {next->get()});
        if (!again.ok()) continue;
        out.rotation_key = key;
        out.rotation_entry_hash = ToString(HashLeaf(resp->present().entry()));
        out.trusted_vkeys.push_back(rotation->new_vkey);
        opened = *std::move(again);
        break;
      }
      if (opened.ok()) break;
    }
  }
  if (!opened.ok()) return opened.status();
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(opened->text);
  if (!cp.ok()) return cp.status();
  if (cp->origin != origin) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint origin ", cp->origin, " is not ", origin));
  }
  out.checkpoint = *std::move(cp);
  return out;
}

}  // namespace

Harvester::Harvester(HubStore* store, DisclosureIndex* index,
                     const NoteSigner* cosigner, const Clock* clock,
                     std::shared_ptr<grpc::ChannelCredentials> credentials,
                     HarvestOptions options)
    : store_(store),
      index_(index),
      cosigner_(cosigner),
      clock_(clock),
      credentials_(std::move(credentials)),
      options_(std::move(options)) {}

void Harvester::SetRegistry(
    const std::vector<v1h::RegisteredAgency>& agencies) {
  std::set<std::string> dropped;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, reg] : registry_) dropped.insert(id);
    registry_.clear();
    for (const auto& a : agencies) {
      registry_[a.agency_id()] = a;
      dropped.erase(a.agency_id());
    }
  }
  for (const auto& id : dropped) index_->RemoveAgency(id);
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
  const std::string key =
      absl::StrCat(reg.endpoint(), "|", reg.expected_identity());
  if (c == nullptr || client_endpoints_[reg.agency_id()] != key) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(options_.max_message_bytes);
    // Reconnect quickly after a node comes back.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    c = std::make_unique<NodeClient>(
        grpc::CreateCustomChannel(reg.endpoint(), credentials_, args),
        reg.expected_identity(), options_.rpc_deadline);
    client_endpoints_[reg.agency_id()] = key;
  }
  return *c;
}

HarvestResult Harvester::HarvestAgency(const std::string& agency_id) {
  v1h::RegisteredAgency reg;
  {
    absl::MutexLock lock(&mu_);
    auto it = registry_.find(agency_id);
    if (it == registry_.end()) {
      return {HarvestResult::kRefused,
              absl::StrCat("agency ", agency_id, " is not registered")};
    }
    reg = it->second;
  }
  absl::MutexLock lock(&AgencyMutex(agency_id));
  NodeClient& client = ClientFor(reg);
  const int64_t calls_before = client.calls();
  const int64_t entries_before = client.entries_received();
  HarvestResult r = Harvest(reg, client);
  r.calls = client.calls() - calls_before;
  r.entries_transferred = client.entries_received() - entries_before;
  return r;
}

HarvestResult Harvester::Harvest(const v1h::RegisteredAgency& reg,
                                 NodeClient& client) {
  const std::string& id = reg.agency_id();
  const std::string origin = AgencyLogOrigin(options_.trust_domain, id);
  const absl::Time now = clock_->Now();
  const int64_t now_s = absl::ToUnixSeconds(now);

  v1h::AgencyState state;
  if (auto stored = store_->GetAgency(id); stored.ok() && stored->has_value()) {
    state = **stored;
  } else if (!stored.ok()) {
    return {HarvestResult::kRefused, std::string(stored.status().message())};
  }
  state.set_agency_id(id);
  // Pinned keys from the registry are always trusted.
  std::set<std::string> trusted(state.trusted_vkeys().begin(),
                                state.trusted_vkeys().end());
  for (const auto& k : reg.signing_vkeys()) {
    if (trusted.insert(k).second) state.add_trusted_vkeys(k);
  }
  state.set_last_attempt(now_s);

  const auto set_freshness = [&](v1h::Freshness f) {
    if (state.freshness() != f) {
      state.set_freshness(f);
      state.set_since(now_s);
    }
  };
  const auto fail = [&](HarvestResult::Outcome outcome,
                        v1h::Freshness freshness, const std::string& why) {
    state.set_consecutive_failures(state.consecutive_failures() + 1);
    const int64_t backoff = std::min<int64_t>(
        absl::ToInt64Seconds(options_.max_backoff),
        int64_t{15} << std::min<uint32_t>(state.consecutive_failures(), 16));
    state.set_next_attempt(now_s + backoff);
    state.set_last_error(why);
    // An unreachable agency keeps serving its last verified snapshot; a
    // misbehaving one stays marked so until it recovers.
    if (freshness == v1h::FRESHNESS_MISBEHAVING ||
        (freshness != v1h::FRESHNESS_UNSPECIFIED &&
         state.freshness() != v1h::FRESHNESS_MISBEHAVING)) {
      set_freshness(freshness);
    }
    (void)store_->PutAgencyState(state);
    LogLine("hub", absl::StrCat("agency ", id, ": ", why));
    return HarvestResult{outcome, why};
  };
  const auto evidence = [&](v1h::Evidence::Kind kind,
                            const std::string& offered,
                            const std::string& detail) {
    v1h::Evidence e;
    e.set_agency_id(id);
    e.set_kind(kind);
    e.set_held_checkpoint(state.checkpoint());
    e.set_offered_checkpoint(offered);
    e.set_observed_at(now_s);
    e.set_detail(detail);
    (void)store_->AddEvidence(e);
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_MISBEHAVING, detail);
  };
  const auto fresh_or_overdue = [&] {
    return state.has_snapshot() && state.expires_at() < now_s
               ? v1h::FRESHNESS_OVERDUE
               : v1h::FRESHNESS_FRESH;
  };
  const auto unchanged = [&] {
    state.set_consecutive_failures(0);
    state.set_last_error("");
    state.set_last_success(now_s);
    state.set_next_attempt(now_s + absl::ToInt64Seconds(options_.interval));
    set_freshness(fresh_or_overdue());
    (void)store_->PutAgencyState(state);
    return HarvestResult{HarvestResult::kUnchanged, "unchanged"};
  };

  // 1. The checkpoint: one small call when nothing changed.
  absl::StatusOr<std::string> note = client.GetCheckpoint();
  if (!note.ok()) {
    const bool down = absl::IsUnavailable(note.status()) ||
                      absl::IsDeadlineExceeded(note.status());
    return fail(down ? HarvestResult::kUnreachable : HarvestResult::kRefused,
                down ? v1h::FRESHNESS_UNREACHABLE : v1h::FRESHNESS_UNSPECIFIED,
                std::string(note.status().message()));
  }
  if (note->size() > kMaxNoteBytes) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                "checkpoint note too large");
  }
  if (*note == state.checkpoint()) return unchanged();

  // 2. Signature by a trusted key (following a rotation if needed).
  absl::StatusOr<OpenedCheckpoint> opened =
      OpenCheckpoint(*note, state, origin, client);
  if (!opened.ok()) {
    return fail(
        HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
        absl::StrCat("checkpoint refused: ", opened.status().message()));
  }
  const Checkpoint& cp = opened->checkpoint;

  // 3. Append-only: never smaller, never a different root at the same size.
  const uint64_t held = state.log_size();
  if (cp.size < held) {
    return evidence(v1h::Evidence::KIND_ROLLBACK, *note,
                    absl::StrCat("rollback: checkpoint size ", cp.size,
                                 " is below the ", held, " already signed"));
  }
  if (cp.size == held) {
    if (ToString(cp.root) == state.log_root()) return unchanged();
    return evidence(
        v1h::Evidence::KIND_EQUIVOCATION, *note,
        absl::StrCat("fork: two different checkpoints of size ", held));
  }
  if (held > 0) {
    auto proof = client.GetConsistencyProof(held, cp.size);
    absl::Status ok = proof.ok() ? absl::OkStatus() : proof.status();
    if (ok.ok()) {
      auto hashes =
          HashesFromProto(proof->hashes(), kMaxConsistencyProofHashes);
      ok = hashes.ok() ? VerifyConsistency(held, cp.size,
                                           *HashFromBytes(state.log_root()),
                                           cp.root, *hashes)
                       : hashes.status();
    }
    if (!ok.ok()) {
      if (absl::IsUnavailable(ok) || absl::IsDeadlineExceeded(ok)) {
        return fail(HarvestResult::kUnreachable, v1h::FRESHNESS_UNREACHABLE,
                    std::string(ok.message()));
      }
      return evidence(v1h::Evidence::KIND_INCONSISTENT, *note,
                      absl::StrCat("inconsistent history: ", ok.message()));
    }
  }

  // 4. The new manifests: the hub keeps a full replica of the log.
  absl::StatusOr<std::vector<std::string>> manifests = store_->GetManifests(id);
  if (!manifests.ok() || manifests->size() != held) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                "hub store is inconsistent");
  }
  MerkleTree log;
  for (const std::string& m : *manifests) log.AppendLeaf(m);
  std::vector<std::string> new_manifests;
  v1::SnapshotManifest latest;
  for (uint64_t seq = held; seq < cp.size; ++seq) {
    auto resp = client.GetManifest(seq, cp.size);
    if (!resp.ok()) {
      return fail(HarvestResult::kUnreachable, v1h::FRESHNESS_UNSPECIFIED,
                  std::string(resp.status().message()));
    }
    auto m = ParseManifest(resp->manifest());
    if (!m.ok() || m->agency_id() != id || m->log_origin() != origin ||
        m->sequence() != seq) {
      return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                  absl::StrCat("manifest ", seq, " refused: ",
                               m.ok() ? "belongs to another log or position"
                                      : m.status().message()));
    }
    log.AppendLeaf(resp->manifest());
    new_manifests.push_back(resp->manifest());
    latest = *std::move(m);
  }
  if (log.Root() != cp.root) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                "manifests do not reproduce the checkpoint root");
  }
  if (latest.entry_count() > options_.max_entries) {
    return fail(
        HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
        absl::StrCat("snapshot has ", latest.entry_count(),
                     " entries, over the limit of ", options_.max_entries));
  }

  // 5. The entries: changes on top of what the hub holds, or everything.
  const uint64_t target = cp.size - 1;
  std::map<std::string, std::string> hashes;   // key -> leaf hash (sorted)
  std::map<std::string, std::string> fetched;  // key -> bytes received now
  std::vector<v1::DisclosureEntry> upserts;
  std::vector<std::string> removed;
  absl::Status received;
  const auto take = [&](const std::string& bytes) -> absl::Status {
    auto e = ParseEntry(bytes);
    if (!e.ok()) return e.status();
    if (absl::Status s = CheckOwner(*e, id); !s.ok()) return s;
    if (hashes.size() > options_.max_entries) {
      return absl::ResourceExhaustedError("too many entries");
    }
    hashes[e->key()] = ToString(HashLeaf(bytes));
    fetched[e->key()] = bytes;
    upserts.push_back(*std::move(e));
    return absl::OkStatus();
  };
  const bool incremental = state.has_snapshot();
  if (incremental) {
    auto rec = store_->GetSnapshot(id, state.latest_sequence());
    if (!rec.ok())
      return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                  "hub store is inconsistent");
    for (int i = 0; i < rec->keys_size(); ++i)
      hashes[rec->keys(i)] = rec->leaf_hashes(i);
    received = client.GetChanges(
        state.latest_sequence(), target, [&](const v1n::ChangesPage& p) {
          for (const auto& k : p.removed_keys()) {
            hashes.erase(k);
            removed.push_back(k);
          }
          for (const auto& bytes : p.upserted_entries()) {
            if (absl::Status s = take(bytes); !s.ok()) return s;
          }
          return absl::OkStatus();
        });
  } else {
    std::string last_key;
    received = client.ListEntries(target, [&](const v1n::EntryPage& p) {
      for (const auto& bytes : p.entries()) {
        if (absl::Status s = take(bytes); !s.ok()) return s;
        if (!last_key.empty() && !(last_key < upserts.back().key())) {
          return absl::InvalidArgumentError("entries are not sorted by key");
        }
        last_key = upserts.back().key();
      }
      return absl::OkStatus();
    });
  }
  if (!received.ok()) {
    const bool down =
        absl::IsUnavailable(received) || absl::IsDeadlineExceeded(received);
    return fail(down ? HarvestResult::kUnreachable : HarvestResult::kRefused,
                v1h::FRESHNESS_UNSPECIFIED,
                absl::StrCat("entries refused: ", received.message()));
  }
  MerkleTree entries_tree;
  for (const auto& [key, h] : hashes)
    entries_tree.AppendLeafHash(*HashFromBytes(h));
  if (entries_tree.size() != latest.entry_count() ||
      ToString(entries_tree.Root()) != latest.entries_root()) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                "entries do not reproduce the signed entries root (tampered or "
                "incomplete)");
  }
  if (!opened->rotation_key.empty()) {
    auto it = hashes.find(opened->rotation_key);
    if (it == hashes.end() || it->second != opened->rotation_entry_hash) {
      return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                  "key rotation statement is not part of the signed snapshot");
    }
  }

  // 6. Cosign and accept in one write.
  absl::StatusOr<std::string> cosigned = AddNoteSignatures(*note, {cosigner_});
  if (!cosigned.ok()) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                absl::StrCat("cannot cosign: ", cosigned.status().message()));
  }
  Acceptance a;
  state.set_checkpoint(*note);
  state.set_cosigned_checkpoint(*cosigned);
  state.set_log_size(cp.size);
  state.set_log_root(ToString(cp.root));
  state.set_latest_sequence(target);
  state.set_has_snapshot(true);
  state.clear_trusted_vkeys();
  for (const auto& k : opened->trusted_vkeys) state.add_trusted_vkeys(k);
  state.set_expires_at(latest.expires_at().seconds());
  state.set_consecutive_failures(0);
  state.set_last_error("");
  state.set_last_success(now_s);
  state.set_next_attempt(now_s + absl::ToInt64Seconds(options_.interval));
  set_freshness(fresh_or_overdue());
  a.state = state;
  a.first_manifest = held;
  a.new_manifests = std::move(new_manifests);
  a.sequence = target;
  a.snapshot.set_manifest(a.new_manifests.back());
  a.snapshot.set_accepted_at(now_s);
  a.snapshot.set_cosigned_checkpoint(*cosigned);
  for (const auto& [key, h] : hashes) {
    a.snapshot.add_keys(key);
    a.snapshot.add_leaf_hashes(h);
  }
  for (const auto& [key, bytes] : fetched) {
    const Hash h = *HashFromBytes(hashes[key]);
    auto has = store_->HasEntry(h);
    if (has.ok() && !*has) a.new_entries.emplace_back(h, bytes);
  }
  if (absl::Status s = store_->Accept(a); !s.ok()) {
    return fail(HarvestResult::kRefused, v1h::FRESHNESS_UNSPECIFIED,
                absl::StrCat("store: ", s.message()));
  }
  if (incremental) {
    index_->ApplyChanges(id, upserts, removed);
  } else {
    index_->ReplaceAgency(id, upserts);
  }
  LogLine("hub", absl::StrCat("agency ", id, ": accepted snapshot ", target,
                              " (", latest.entry_count(), " entries, ",
                              fetched.size(), " transferred)"));
  return {HarvestResult::kAccepted, absl::StrCat("accepted snapshot ", target)};
}

RoundSummary Harvester::RunRound(bool force) {
  std::vector<std::string> due;
  const int64_t now_s = absl::ToUnixSeconds(clock_->Now());
  for (const auto& reg : Registry()) {
    auto state = store_->GetAgency(reg.agency_id());
    if (force || !state.ok() || !state->has_value() ||
        (*state)->next_attempt() <= now_s) {
      due.push_back(reg.agency_id());
    }
  }
  RoundSummary summary;
  absl::Mutex summary_mu;
  std::atomic<size_t> next{0};
  const size_t workers = std::min<size_t>(options_.concurrency, due.size());
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < due.size(); i = next++) {
        HarvestResult r = HarvestAgency(due[i]);
        absl::MutexLock lock(&summary_mu);
        ++summary.attempted;
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

absl::Status Harvester::LoadIndex(bool only_missing) {
  auto agencies = store_->ListAgencies();
  if (!agencies.ok()) return agencies.status();
  std::set<std::string> registered;
  for (const auto& reg : Registry()) registered.insert(reg.agency_id());
  for (const auto& state : *agencies) {
    if (!state.has_snapshot() || registered.count(state.agency_id()) == 0 ||
        (only_missing && index_->HasAgency(state.agency_id()))) {
      continue;
    }
    auto rec = store_->GetSnapshot(state.agency_id(), state.latest_sequence());
    if (!rec.ok()) return rec.status();
    std::vector<v1::DisclosureEntry> entries;
    for (const auto& h : rec->leaf_hashes()) {
      auto hash = HashFromBytes(h);
      if (!hash.ok()) return absl::DataLossError("stored leaf hash is corrupt");
      auto bytes = store_->GetEntry(*hash);
      if (!bytes.ok()) return bytes.status();
      auto e = ParseEntry(*bytes);
      if (!e.ok()) return absl::DataLossError(e.status().message());
      entries.push_back(*std::move(e));
    }
    index_->ReplaceAgency(state.agency_id(), entries);
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub
