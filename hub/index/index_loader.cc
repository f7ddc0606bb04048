#include "hub/index/index_loader.h"

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

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

namespace {

// Runs fn(0) ... fn(n - 1) on one thread per core; the first failure, if
// any, after which no more are started.
absl::Status ParallelFor(size_t n,
                         const std::function<absl::Status(size_t)>& fn) {
  std::atomic<size_t> next{0};
  absl::Mutex failed_mu;
  absl::Status failed;
  auto work = [&] {
    for (;;) {
      const size_t i = next++;
      if (i >= n) return;
      absl::Status s = fn(i);
      absl::MutexLock lock(&failed_mu);
      if (!s.ok() && failed.ok()) failed = std::move(s);
      if (!failed.ok()) return;
    }
  };
  std::vector<std::thread> threads;
  const size_t workers =
      std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return failed;
}

// Entries read from the store in one batched read at start-up.
constexpr size_t kLoadBatch = 4096;

}  // namespace

IndexLoader::IndexLoader(HubStore* store, DisclosureIndex* index)
    : store_(store), index_(index) {}

std::string IndexLoader::IndexVersion(const v1h::SnapshotRecord& snapshot) {
  return HexEncode(ToString(Sha256::Of(snapshot.manifest())));
}

absl::Status IndexLoader::Load(const std::set<std::string>& registered,
                               bool only_missing) {
  const absl::Time began = absl::Now();
  DN_ASSIGN_OR_RETURN(auto agencies, store_->ListAgencies());
  std::vector<const v1h::AgencyState*> todo;
  for (const auto& state : agencies) {
    if (!state.has_snapshot() || registered.count(state.agency_id()) == 0 ||
        (only_missing && index_->HasAgency(state.agency_id()))) {
      continue;
    }
    todo.push_back(&state);
  }
  std::vector<v1h::SnapshotRecord> records(todo.size());
  // Whether each agency was restored from its saved facts: only at
  // start-up, since restoring queues nothing for the search index, which
  // may still have a removal of a re-registered agency to apply.
  std::vector<char> restored(todo.size(), 0);
  DN_RETURN_IF_ERROR(ParallelFor(todo.size(), [&](size_t a) {
    DN_ASSIGN_OR_RETURN(
        records[a],
        store_->GetSnapshot(todo[a]->agency_id(), todo[a]->latest_sequence()));
    if (!only_missing)
      restored[a] = RestoreFromFacts(todo[a]->agency_id(), records[a]);
    return absl::OkStatus();
  }));
  std::vector<std::vector<std::string>> bytes(todo.size());
  for (size_t a = 0; a < todo.size(); ++a) {
    if (!restored[a])
      bytes[a].resize(static_cast<size_t>(records[a].leaf_hashes_size()));
  }
  // Entries are keyed by hash, so one agency's are spread over the whole
  // store: read agency by agency, each block of the store was read and
  // decompressed again for every entry in it. In hash order, once.
  struct Slot {
    const std::string* hash;
    std::string* bytes;
  };
  std::vector<Slot> slots;
  for (size_t a = 0; a < todo.size(); ++a) {
    if (restored[a]) continue;
    for (int i = 0; i < records[a].leaf_hashes_size(); ++i)
      slots.push_back({&records[a].leaf_hashes(i), &bytes[a][i]});
  }
  std::sort(slots.begin(), slots.end(),
            [](const Slot& x, const Slot& y) { return *x.hash < *y.hash; });
  DN_RETURN_IF_ERROR(
      ParallelFor((slots.size() + kLoadBatch - 1) / kLoadBatch, [&](size_t b) {
        const size_t end = std::min(slots.size(), (b + 1) * kLoadBatch);
        std::vector<std::string> keys;
        for (size_t i = b * kLoadBatch; i < end; ++i)
          keys.push_back(*slots[i].hash);
        DN_ASSIGN_OR_RETURN(std::vector<std::string> read,
                            store_->GetEntries(keys));
        for (size_t i = b * kLoadBatch; i < end; ++i)
          *slots[i].bytes = std::move(read[i - b * kLoadBatch]);
        return absl::OkStatus();
      }));
  DN_RETURN_IF_ERROR(ParallelFor(todo.size(), [&](size_t a) {
    if (restored[a]) return absl::OkStatus();
    absl::Status s = Replace(todo[a]->agency_id(), records[a], bytes[a]);
    std::vector<std::string>().swap(bytes[a]);  // held by the index now
    return s;
  }));
  // Agencies dropped from the registry while the hub was stopped were
  // never removed from the search index: they would count in totals. Not
  // fatal: searches then only count too many.
  if (!only_missing) {
    if (absl::Status s = index_->DropUnheldAgenciesFromSearch(); !s.ok()) {
      LogLine("hub", absl::StrCat("search index: ", s.message()));
    }
  }
  const int from_facts =
      static_cast<int>(std::count(restored.begin(), restored.end(), 1));
  last_restored_ = from_facts;
  last_parsed_ = static_cast<int>(todo.size()) - from_facts;
  if (!todo.empty()) {
    LogLine("hub", absl::StrCat("index loaded in ",
                                absl::FormatDuration(absl::Now() - began), ": ",
                                from_facts, " agencies from saved facts, ",
                                last_parsed_.load(), " parsed from entries"));
  }
  return absl::OkStatus();
}

IndexLoader::LoadSummary IndexLoader::last_load() const {
  return {last_restored_.load(), last_parsed_.load()};
}

bool IndexLoader::RestoreFromFacts(const std::string& agency_id,
                                   const v1h::SnapshotRecord& rec) {
  absl::StatusOr<std::optional<v1h::IndexFacts>> facts =
      store_->GetIndexFacts(agency_id);
  if (!facts.ok()) {
    LogLine("hub", absl::StrCat("agency ", agency_id, ": saved index facts: ",
                                facts.status().message(),
                                "; parsing its entries instead"));
    return false;
  }
  if (!facts->has_value() || BuildId().empty() ||
      (*facts)->build() != BuildId() ||
      (*facts)->version() != IndexVersion(rec) ||
      rec.keys_size() != rec.leaf_hashes_size()) {
    return false;
  }
  std::map<std::string, std::string> databases;
  std::vector<std::string> other_hashes;
  for (int i = 0; i < rec.keys_size(); ++i) {
    const std::string& key = rec.keys(i);
    if (absl::StartsWith(key, "db/")) {
      databases[key.substr(3)] = rec.leaf_hashes(i);
    } else {
      other_hashes.push_back(rec.leaf_hashes(i));
    }
  }
  // The profile, statistics and key rotations: a few entries, parsed.
  absl::StatusOr<std::vector<std::string>> others =
      store_->GetEntries(other_hashes);
  if (!others.ok()) return false;  // parsing reads them again and reports
  google::protobuf::Arena arena;
  std::vector<DisclosureIndex::EntryRef> refs(others->size());
  for (size_t i = 0; i < others->size(); ++i) {
    auto* e =
        google::protobuf::Arena::CreateMessage<v1::DisclosureEntry>(&arena);
    if (!ParseEntryInto((*others)[i], e).ok()) return false;
    refs[i] = {e, &(*others)[i]};
  }
  return index_->RestoreAgency(agency_id, **std::move(facts), databases, refs);
}

absl::Status IndexLoader::SaveFacts() {
  if (BuildId().empty()) return absl::OkStatus();  // would match no build
  // One agency at a time: the facts of 100,000 databases at once would be
  // tens of megabytes held for nothing.
  for (const std::string& agency_id : index_->AgenciesWithUnsavedFacts()) {
    std::optional<v1h::IndexFacts> facts = index_->Facts(agency_id, BuildId());
    if (!facts.has_value()) continue;  // removed meanwhile
    DN_RETURN_IF_ERROR(store_->PutIndexFacts(agency_id, *facts));
    index_->MarkFactsSaved(agency_id, facts->version());
  }
  return absl::OkStatus();
}

absl::Status IndexLoader::LoadAgency(const v1h::AgencyState& state) {
  DN_ASSIGN_OR_RETURN(
      v1h::SnapshotRecord rec,
      store_->GetSnapshot(state.agency_id(), state.latest_sequence()));
  DN_ASSIGN_OR_RETURN(
      std::vector<std::string> bytes,
      store_->GetEntries({rec.leaf_hashes().begin(), rec.leaf_hashes().end()}));
  return Replace(state.agency_id(), rec, bytes);
}

absl::Status IndexLoader::Replace(const std::string& agency_id,
                                  const v1h::SnapshotRecord& rec,
                                  const std::vector<std::string>& bytes) {
  // Parsed onto an arena, freed at once when the agency is indexed.
  google::protobuf::Arena arena;
  std::vector<DisclosureIndex::EntryRef> refs(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto* e =
        google::protobuf::Arena::CreateMessage<v1::DisclosureEntry>(&arena);
    if (absl::Status s = ParseEntryInto(bytes[i], e); !s.ok()) {
      return absl::DataLossError(s.message());
    }
    refs[i] = {e, &bytes[i]};
  }
  index_->ReplaceAgency(agency_id, refs, IndexVersion(rec));
  return absl::OkStatus();
}

}  // namespace disclosure::hub
