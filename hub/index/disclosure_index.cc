#include "hub/index/disclosure_index.h"

#include <algorithm>
#include <deque>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/coverage.h"
#include "core/encoding.h"
#include "core/logging.h"
#include "core/request_counts.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr uint32_t kDefaultPageSize = 50;
// How long a search waits for earlier changes to reach the search index.
constexpr absl::Duration kMaxIndexWait = absl::Seconds(3);
constexpr uint32_t kMaxPageSize = 500;
constexpr uint32_t kDefaultEdgePage = 500;
constexpr uint32_t kMaxEdgePage = 1000;
// A page of edges stops before this many bytes, whatever its edge count.
constexpr size_t kMaxEdgePageBytes = 1 << 20;
// Incomplete databases per page of a coverage answer: each line is an
// entry id and a list of field names, so a page stays well under 1 MiB.
constexpr uint32_t kDefaultCoveragePage = 500;
constexpr uint32_t kMaxCoveragePage = 1000;

// The page size an answer uses: the default when none was asked for, and
// never more than the maximum.
uint32_t PageSize(uint32_t requested, uint32_t default_size,
                  uint32_t max_size) {
  return requested == 0 ? default_size : std::min(requested, max_size);
}

// Where the serialized DatabaseEntry lies inside `entry`, a serialized
// DisclosureEntry whose body is a database, without parsing it. nullopt
// unless the database field occurs exactly once: parsing merges repeated
// occurrences, and the bytes must be those of the parsed message.
std::optional<absl::string_view> DatabaseBytes(const std::string& entry) {
  using WFL = google::protobuf::internal::WireFormatLite;
  constexpr uint32_t kDatabaseTag =
      WFL::MakeTag(v1::DisclosureEntry::kDatabaseFieldNumber,
                   WFL::WIRETYPE_LENGTH_DELIMITED);
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(entry.data()),
      static_cast<int>(entry.size()));
  std::optional<absl::string_view> found;
  for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
    if (tag != kDatabaseTag) {
      if (!WFL::SkipField(&in, tag)) return std::nullopt;
      continue;
    }
    uint32_t length = 0;
    if (found.has_value() || !in.ReadVarint32(&length)) return std::nullopt;
    const size_t at = static_cast<size_t>(in.CurrentPosition());
    if (length > entry.size() - at || !in.Skip(static_cast<int>(length))) {
      return std::nullopt;
    }
    found = absl::string_view(entry).substr(at, length);
  }
  if (!in.ConsumedEntireMessage()) return std::nullopt;
  return found;
}

std::vector<DisclosureIndex::EntryRef> WithoutBytes(
    const std::vector<v1::DisclosureEntry>& entries) {
  std::vector<DisclosureIndex::EntryRef> refs;
  refs.reserve(entries.size());
  for (const auto& e : entries) refs.push_back({&e, nullptr});
  return refs;
}

}  // namespace

DisclosureIndex::DisclosureIndex() : DisclosureIndex(std::string()) {}

DisclosureIndex::DisclosureIndex(const std::string& search_dir) {
  absl::StatusOr<std::unique_ptr<TextIndex>> text = TextIndex::Open(search_dir);
  if (text.ok()) {
    indexer_ = std::make_unique<SearchIndexer>(*std::move(text));
  } else {
    open_status_ = text.status();
  }
}

DisclosureIndex::~DisclosureIndex() = default;

absl::Status DisclosureIndex::SearchStatus() const {
  if (!open_status_.ok()) return open_status_;
  return indexer_->status();
}

bool DisclosureIndex::WaitForSearchIndex(absl::Duration timeout) const {
  return indexer_ == nullptr || indexer_->WaitUntilCurrent(timeout);
}

SearchIndexer::Backlog DisclosureIndex::SearchBacklog() const {
  return indexer_ == nullptr ? SearchIndexer::Backlog() : indexer_->backlog();
}

void DisclosureIndex::BeginHarvest() {
  if (indexer_ != nullptr) indexer_->BeginForeground();
}

void DisclosureIndex::EndHarvest() {
  if (indexer_ != nullptr) indexer_->EndForeground();
}

void DisclosureIndex::Enqueue(SearchIndexer::Change change) {
  if (indexer_ != nullptr) indexer_->Enqueue(std::move(change));
}

void DisclosureIndex::SetSynonyms(Synonyms synonyms) {
  absl::MutexLock lock(&mu_);
  synonyms_ = std::move(synonyms);
}

DisclosureIndex::StoredDatabase DisclosureIndex::Store(
    const v1::DatabaseEntry& e, const std::string* entry_bytes,
    const google::protobuf::RepeatedPtrField<v1::RightsChannel>* defaults) {
  StoredDatabase db;
  std::optional<absl::string_view> bytes;
  if (entry_bytes != nullptr) bytes = DatabaseBytes(*entry_bytes);
  db.bytes = std::make_shared<const std::string>(
      bytes.has_value() ? std::string(*bytes) : e.SerializeAsString());
  db.withdrawn = e.status() == v1::ENTRY_STATUS_WITHDRAWN;
  for (const auto& c : e.data_categories()) db.categories.push_back(c.code());
  db.missing = MissingFields(e, defaults);
  return db;
}

DisclosureIndex::StoredEdge DisclosureIndex::StoreEdge(v1h::LinkageEdge edge) {
  StoredEdge out;
  out.to = std::move(*edge.mutable_to());
  edge.clear_to();
  edge.clear_from_entry_id();
  edge.SerializeToString(&out.rest);
  return out;
}

v1h::LinkageEdge DisclosureIndex::ParseEdge(const std::string& from,
                                            const StoredEdge& e) {
  // The bytes were serialized by StoreEdge() from a valid message.
  v1h::LinkageEdge edge;
  edge.ParseFromString(e.rest);
  edge.set_from_entry_id(from);
  edge.set_to(e.to);
  return edge;
}

absl::StatusOr<v1::DatabaseEntry> DisclosureIndex::Parse(
    const StoredDatabase& db) const {
  if (db.bytes != nullptr) {
    // The bytes were serialized by Store() from a valid message.
    v1::DatabaseEntry e;
    e.ParseFromString(*db.bytes);
    return e;
  }
  if (!read_entry_) {
    return absl::InternalError("a restored database, but no store to read");
  }
  absl::StatusOr<std::string> entry = read_entry_(db.leaf_hash);
  if (!entry.ok()) return entry.status();
  // The whole entry, as when it was harvested: a database field that
  // occurs more than once reads back merged. Not a database only if the
  // store holds other bytes under the hash, which its own check reports.
  v1::DisclosureEntry whole;
  if (!whole.ParseFromString(*entry) || !whole.has_database()) {
    return absl::DataLossError(absl::StrCat(
        "the stored entry ", HexEncode(db.leaf_hash), " is not a database"));
  }
  return std::move(*whole.mutable_database());
}

void DisclosureIndex::SetEntryReader(EntryReader reader) {
  read_entry_ = std::move(reader);
}

bool DisclosureIndex::RestoreAgency(
    const std::string& agency_id, v1h::IndexFacts facts,
    const std::map<std::string, std::string>& leaf_hashes,
    const std::vector<EntryRef>& others) {
  if (!read_entry_ || indexer_ == nullptr || facts.version().empty() ||
      static_cast<size_t>(facts.databases_size()) != leaf_hashes.size() ||
      indexer_->index().CommittedAgencyVersion(agency_id) != facts.version()) {
    return false;
  }
  Agency a;
  for (v1h::DatabaseFacts& f : *facts.mutable_databases()) {
    auto hash = leaf_hashes.find(f.database_id());
    if (hash == leaf_hashes.end()) return false;
    StoredDatabase& db = a.databases[f.database_id()];
    if (!db.leaf_hash.empty()) return false;  // named twice
    db.leaf_hash = hash->second;
    db.withdrawn = f.withdrawn();
    db.categories.assign(
        std::make_move_iterator(f.mutable_categories()->begin()),
        std::make_move_iterator(f.mutable_categories()->end()));
    db.missing = std::move(*f.mutable_missing());
    std::vector<StoredEdge>& edges = a.edges[f.database_id()];
    for (v1h::EdgeFacts& e : *f.mutable_edges())
      edges.push_back(
          {std::move(*e.mutable_to()), std::move(*e.mutable_rest())});
  }
  SearchIndexer::Change unused;  // others hold no database
  for (const auto& e : others) {
    if (e.entry->body_case() == v1::DisclosureEntry::kDatabase) return false;
    Upsert(agency_id, a, e, &unused);
  }
  a.version = facts.version();
  a.facts_saved = true;
  absl::MutexLock lock(&mu_);
  agencies_[agency_id] = std::move(a);
  return true;
}

v1h::IndexFacts DisclosureIndex::FactsOf(const Agency& a) {
  v1h::IndexFacts facts;
  facts.set_version(a.version);
  for (const auto& [id, db] : a.databases) {
    v1h::DatabaseFacts* f = facts.add_databases();
    f->set_database_id(id);
    f->set_withdrawn(db.withdrawn);
    for (const auto& c : db.categories) f->add_categories(c);
    f->set_missing(db.missing);
    auto edges = a.edges.find(id);
    if (edges == a.edges.end()) continue;
    for (const StoredEdge& e : edges->second) {
      v1h::EdgeFacts* out = f->add_edges();
      out->set_to(e.to);
      out->set_rest(e.rest);
    }
  }
  return facts;
}

absl::Status DisclosureIndex::DropUnheldAgenciesFromSearch() {
  if (indexer_ == nullptr) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> indexed =
      indexer_->index().CommittedAgencies();
  if (!indexed.ok()) return indexed.status();
  absl::MutexLock lock(&mu_);
  for (const std::string& agency_id : *indexed) {
    if (agencies_.count(agency_id) == 0) EnqueueRemoval(agency_id);
  }
  return absl::OkStatus();
}

std::vector<std::string> DisclosureIndex::AgenciesWithUnsavedFacts() const {
  std::vector<std::string> out;
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    if (!a.facts_saved && !a.version.empty()) out.push_back(agency_id);
  }
  return out;
}

std::optional<v1h::IndexFacts> DisclosureIndex::Facts(
    const std::string& agency_id, const std::string& build) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  v1h::IndexFacts facts = FactsOf(a->second);
  facts.set_build(build);
  return facts;
}

void DisclosureIndex::MarkFactsSaved(const std::string& agency_id,
                                     const std::string& version) {
  absl::MutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a != agencies_.end() && a->second.version == version)
    a->second.facts_saved = true;
}

void DisclosureIndex::Upsert(const std::string& agency_id, Agency& a,
                             const EntryRef& ref,
                             SearchIndexer::Change* change) {
  const v1::DisclosureEntry& e = *ref.entry;
  switch (e.body_case()) {
    case v1::DisclosureEntry::kAgencyProfile:
      a.profile = e.agency_profile();
      RecomputeMissing(a);
      break;
    case v1::DisclosureEntry::kDatabase: {
      const std::string& id = e.database().database_id();
      StoredDatabase stored =
          Store(e.database(), ref.bytes, DefaultChannels(a));
      change->upserts.push_back(stored.bytes);
      a.databases[id] = std::move(stored);
      std::vector<StoredEdge>& edges = a.edges[id];
      edges.clear();
      for (auto& edge : EdgesOf(agency_id, e.database()))
        edges.push_back(StoreEdge(std::move(edge)));
      break;
    }
    case v1::DisclosureEntry::kStatistics:
      a.statistics[e.statistics().period()] = e.statistics();
      break;
    default:
      break;
  }
}

const google::protobuf::RepeatedPtrField<v1::RightsChannel>*
DisclosureIndex::DefaultChannels(const Agency& a) {
  return a.profile ? &a.profile->default_rights_channels() : nullptr;
}

void DisclosureIndex::RecomputeMissing(Agency& a) {
  // The profile sorts before every database, so a whole snapshot needs no
  // recomputing; a profile changed alone does. A database restored from
  // saved facts (no bytes here) keeps what was computed at its harvest.
  for (auto& [id, db] : a.databases) {
    if (db.bytes == nullptr) continue;
    v1::DatabaseEntry e;
    if (e.ParseFromString(*db.bytes))
      db.missing = MissingFields(e, DefaultChannels(a));
  }
}

void DisclosureIndex::Remove(Agency& a, const std::string& key,
                             SearchIndexer::Change* change) {
  if (key == "agency") {
    a.profile.reset();
    RecomputeMissing(a);
  }
  if (absl::StartsWith(key, "db/")) {
    a.databases.erase(key.substr(3));
    a.edges.erase(key.substr(3));
    change->removed_ids.push_back(key.substr(3));
  }
  if (absl::StartsWith(key, "stats/")) a.statistics.erase(key.substr(6));
}

void DisclosureIndex::ReplaceAgency(
    const std::string& agency_id,
    const std::vector<v1::DisclosureEntry>& entries,
    const std::string& version) {
  ReplaceAgency(agency_id, WithoutBytes(entries), version);
}

void DisclosureIndex::ApplyChanges(
    const std::string& agency_id,
    const std::vector<v1::DisclosureEntry>& upserts,
    const std::vector<std::string>& removed_keys, const std::string& version) {
  ApplyChanges(agency_id, WithoutBytes(upserts), removed_keys, version);
}

void DisclosureIndex::ReplaceAgency(const std::string& agency_id,
                                    const std::vector<EntryRef>& entries,
                                    const std::string& version) {
  SearchIndexer::Change change;
  change.agency_id = agency_id;
  change.kind = SearchIndexer::Change::Kind::kReplaceAgency;
  change.version = version;
  // Built outside the lock: queries go on meanwhile, and agencies loaded
  // at start-up are built in parallel.
  Agency a;
  for (const auto& e : entries) Upsert(agency_id, a, e, &change);
  a.version = version;
  absl::MutexLock lock(&mu_);
  agencies_[agency_id] = std::move(a);
  // Under the lock, so the search index sees changes in this order.
  Enqueue(std::move(change));
}

void DisclosureIndex::ApplyChanges(const std::string& agency_id,
                                   const std::vector<EntryRef>& upserts,
                                   const std::vector<std::string>& removed_keys,
                                   const std::string& version) {
  SearchIndexer::Change change;
  change.agency_id = agency_id;
  change.kind = SearchIndexer::Change::Kind::kUpdate;
  change.version = version;
  absl::MutexLock lock(&mu_);
  Agency& a = agencies_[agency_id];
  for (const auto& k : removed_keys) Remove(a, k, &change);
  for (const auto& e : upserts) Upsert(agency_id, a, e, &change);
  a.version = version;
  a.facts_saved = false;
  Enqueue(std::move(change));
}

void DisclosureIndex::RemoveAgency(const std::string& agency_id) {
  absl::MutexLock lock(&mu_);
  auto it = agencies_.find(agency_id);
  if (it == agencies_.end()) return;
  agencies_.erase(it);
  EnqueueRemoval(agency_id);
}

void DisclosureIndex::EnqueueRemoval(const std::string& agency_id) {
  SearchIndexer::Change change;
  change.agency_id = agency_id;
  change.kind = SearchIndexer::Change::Kind::kRemoveAgency;
  Enqueue(std::move(change));
}

bool DisclosureIndex::HasAgency(const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  return agencies_.count(agency_id) > 0;
}

absl::StatusOr<v1h::SearchDatabasesResponse> DisclosureIndex::Search(
    const v1h::SearchDatabasesRequest& req) const {
  absl::StatusOr<uint64_t> start = ParsePageToken(req.page_token());
  if (!start.ok()) return start.status();
  TextIndex::Query q;
  q.offset = *start;
  q.limit = PageSize(req.page_size(), kDefaultPageSize, kMaxPageSize);
  q.agency_id = req.agency_id();
  q.data_category = req.data_category();
  q.specific_purpose = req.specific_purpose();
  q.legal_ground = req.legal_ground();
  q.recipient = req.recipient();
  if (req.has_opt_out_available())
    q.opt_out_available = req.opt_out_available();
  q.include_withdrawn = req.include_withdrawn();

  if (absl::Status s = SearchStatus(); !s.ok()) return s;
  // Changes made before this search are normally indexed within moments;
  // during a large rebuild, answer from what is indexed so far.
  indexer_->WaitUntilCurrent(kMaxIndexWait);
  absl::ReaderMutexLock lock(&mu_);
  // An ideographic space separates words as a space does (split on its
  // bytes, it would cut characters that share them).
  const std::string text = absl::StrReplaceAll(req.text(), {{"\u3000", " "}});
  for (absl::string_view w :
       absl::StrSplit(text, absl::ByAnyChar(" \t\n"), absl::SkipWhitespace())) {
    // Synonyms compare lower-cased, as the index does.
    q.words.push_back(synonyms_.Expand(absl::AsciiStrToLower(w)));
  }
  q.order =
      req.order() == v1h::SEARCH_ORDER_AGENCY ||
              (req.order() == v1h::SEARCH_ORDER_UNSPECIFIED && q.words.empty())
          ? TextIndex::Order::kAgency
          : TextIndex::Order::kRelevance;
  absl::StatusOr<TextIndex::Page> page = indexer_->index().Search(q);
  if (!page.ok()) return page.status();

  v1h::SearchDatabasesResponse out;
  for (const TextIndex::Hit& h : page->hits) {
    auto agency = agencies_.find(h.agency_id);
    if (agency == agencies_.end()) continue;
    auto entry = agency->second.databases.find(h.database_id);
    if (entry == agency->second.databases.end()) continue;
    absl::StatusOr<v1::DatabaseEntry> parsed = Parse(entry->second);
    if (!parsed.ok()) return parsed.status();
    auto* hit = out.add_hits();
    hit->set_entry_id(absl::StrCat(h.agency_id, "/", h.database_id));
    *hit->mutable_entry() = *std::move(parsed);
  }
  out.set_total(page->total);
  if (static_cast<uint64_t>(page->total) > q.offset + q.limit)
    out.set_next_page_token(absl::StrCat(q.offset + q.limit));
  return out;
}

std::optional<v1::DatabaseEntry> DisclosureIndex::GetDatabase(
    const std::string& agency_id, const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  auto e = a->second.databases.find(id);
  if (e == a->second.databases.end()) return std::nullopt;
  absl::StatusOr<v1::DatabaseEntry> parsed = Parse(e->second);
  if (!parsed.ok()) {
    LogLine("hub", absl::StrCat("reading ", agency_id, "/", id, ": ",
                                parsed.status().message()));
    return std::nullopt;
  }
  return *std::move(parsed);
}

std::optional<v1::AgencyProfile> DisclosureIndex::Profile(
    const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  return a->second.profile;
}

std::pair<int64_t, int64_t> DisclosureIndex::Counts(
    const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return {0, 0};
  int64_t live = 0;
  for (const auto& [id, e] : a->second.databases) {
    if (!e.withdrawn) ++live;
  }
  return {live, static_cast<int64_t>(a->second.statistics.size())};
}

absl::StatusOr<uint64_t> ParsePageToken(const std::string& token) {
  if (token.empty()) return 0;
  uint64_t offset = 0;
  if (token.size() > 9 ||
      token.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(token, &offset)) {
    return absl::InvalidArgumentError(
        "page_token is not one this service gave out; start again without it");
  }
  return offset;
}

std::vector<v1h::LinkageEdge> DisclosureIndex::EdgesOf(
    const std::string& agency_id, const v1::DatabaseEntry& e) {
  std::vector<v1h::LinkageEdge> out;
  if (e.status() == v1::ENTRY_STATUS_WITHDRAWN) return out;
  const std::string from = absl::StrCat(agency_id, "/", e.database_id());
  for (const auto& l : e.linkages()) {
    v1h::LinkageEdge& edge = out.emplace_back();
    edge.set_from_entry_id(from);
    edge.set_to(l.has_linked_entry_id()
                    ? l.linked_entry_id()
                    : absl::StrCat("external:", l.external_name()));
    edge.set_direction(l.direction());
    edge.set_join_key_type(l.join_key_type());
    *edge.mutable_legal_basis() = l.legal_basis();
    *edge.mutable_purpose() = l.purpose();
  }
  for (const auto& u : e.out_of_purpose_uses()) {
    for (const auto& target : u.linked_entries()) {
      v1h::LinkageEdge& edge = out.emplace_back();
      edge.set_from_entry_id(from);
      edge.set_to(target.find('/') != std::string::npos
                      ? target
                      : absl::StrCat("external:", target));
      // An out-of-purpose use sends this database's data to the use.
      edge.set_direction(v1::Linkage::DIRECTION_OUTBOUND);
      *edge.mutable_legal_basis() = u.specific_law();
      *edge.mutable_purpose() = u.purpose();
      edge.set_via_out_of_purpose_use(true);
    }
  }
  return out;
}

absl::StatusOr<v1h::GetLinkageGraphResponse> DisclosureIndex::LinkageGraph(
    const v1h::GetLinkageGraphRequest& req) const {
  absl::StatusOr<uint64_t> offset = ParsePageToken(req.page_token());
  if (!offset.ok()) return offset.status();
  const uint32_t page_size =
      PageSize(req.page_size(), kDefaultEdgePage, kMaxEdgePage);
  absl::ReaderMutexLock lock(&mu_);
  // With a data category: the databases holding it and everything reachable
  // from them along declared edges.
  std::set<std::string> reachable;
  if (!req.data_category().empty()) {
    std::map<std::string, std::vector<const std::string*>> next;
    std::deque<std::string> todo;
    for (const auto& [agency_id, a] : agencies_) {
      for (const auto& [id, edges] : a.edges) {
        auto& targets = next[absl::StrCat(agency_id, "/", id)];
        for (const auto& edge : edges) targets.push_back(&edge.to);
      }
      for (const auto& [id, e] : a.databases) {
        if (!e.withdrawn && std::count(e.categories.begin(), e.categories.end(),
                                       req.data_category()) > 0) {
          const std::string node = absl::StrCat(agency_id, "/", id);
          if (reachable.insert(node).second) todo.push_back(node);
        }
      }
    }
    while (!todo.empty()) {
      auto it = next.find(todo.front());
      todo.pop_front();
      if (it == next.end()) continue;
      for (const std::string* to : it->second) {
        if (reachable.insert(*to).second) todo.push_back(*to);
      }
    }
  }
  // Whether an edge's target is held is decided now: targets come and go
  // as their agencies publish.
  const auto dangling = [&](const std::string& to) {
    if (absl::StartsWith(to, "external:")) return false;
    const size_t slash = to.find('/');
    if (slash == std::string::npos) return true;
    auto agency = agencies_.find(to.substr(0, slash));
    if (agency == agencies_.end()) return true;
    auto db = agency->second.databases.find(to.substr(slash + 1));
    return db == agency->second.databases.end() || db->second.withdrawn;
  };
  // Whether `to` declares a flow back to `from` that mirrors `direction`.
  // Only the target's edge ends are compared; an edge is parsed on a match.
  const auto confirmed = [&](const std::string& from, const std::string& to,
                             v1::Linkage::Direction direction) {
    const size_t slash = to.find('/');
    if (absl::StartsWith(to, "external:") || slash == std::string::npos)
      return false;
    auto agency = agencies_.find(to.substr(0, slash));
    if (agency == agencies_.end()) return false;
    auto back = agency->second.edges.find(to.substr(slash + 1));
    if (back == agency->second.edges.end()) return false;
    for (const StoredEdge& e : back->second) {
      if (e.to != from) continue;
      const v1::Linkage::Direction d = ParseEdge(to, e).direction();
      if (d == v1::Linkage::DIRECTION_BOTH ||
          direction == v1::Linkage::DIRECTION_BOTH ||
          (d == v1::Linkage::DIRECTION_INBOUND &&
           direction == v1::Linkage::DIRECTION_OUTBOUND) ||
          (d == v1::Linkage::DIRECTION_OUTBOUND &&
           direction == v1::Linkage::DIRECTION_INBOUND))
        return true;
    }
    return false;
  };
  const auto wanted = [&](const std::string& from, const std::string& to) {
    if (!req.entry_id().empty() && from != req.entry_id() &&
        to != req.entry_id()) {
      return false;
    }
    if (req.dangling_only() && !dangling(to)) return false;
    return req.data_category().empty() || reachable.count(from) > 0;
  };
  v1h::GetLinkageGraphResponse out;
  std::set<std::string> nodes;
  uint64_t matched = 0;
  size_t bytes = 0;
  bool full = false;
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [id, edges] : a.edges) {
      if (edges.empty()) continue;
      const std::string from = absl::StrCat(agency_id, "/", id);
      for (const auto& edge : edges) {
        if (!wanted(from, edge.to)) continue;
        if (matched++ < *offset) continue;
        if (full) continue;
        v1h::LinkageEdge parsed = ParseEdge(from, edge);
        bytes += parsed.ByteSizeLong();
        if (out.edges_size() >= static_cast<int>(page_size) ||
            bytes > kMaxEdgePageBytes) {
          out.set_next_page_token(absl::StrCat(matched - 1));
          full = true;
          continue;
        }
        parsed.set_dangling(dangling(edge.to));
        parsed.set_confirmed(!parsed.dangling() &&
                             confirmed(from, edge.to, parsed.direction()));
        *out.add_edges() = std::move(parsed);
        nodes.insert(from);
        nodes.insert(edge.to);
      }
    }
  }
  out.set_total_edges(static_cast<int64_t>(matched));
  for (const auto& n : nodes) out.add_nodes(n);
  return out;
}

v1h::GetStatisticsRollupResponse DisclosureIndex::Rollup(
    const v1h::GetStatisticsRollupRequest& req) const {
  std::set<std::string> by(req.group_by().begin(), req.group_by().end());
  using Key =
      std::tuple<std::string, std::string, std::string, std::string, int, int>;
  std::map<Key, v1h::RollupRow> rows;
  v1h::GetStatisticsRollupResponse out;
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    if (!req.agency_id().empty() && req.agency_id() != agency_id) continue;
    for (const auto& [period, s] : a.statistics) {
      if (!req.period().empty() && req.period() != period) continue;
      if (s.reporting_status() == v1::REPORTING_STATUS_ZERO)
        out.add_agencies_reported_zero(agency_id);
      if (s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED) {
        out.add_agencies_not_tracked(agency_id);
      }
      for (const auto& r : s.rows()) {
        Key k{by.count("period") ? period : "",
              by.count("agency") ? agency_id : "",
              by.count("legal_basis") ? r.legal_basis().statute() : "",
              by.count("legal_basis") ? r.legal_basis().article() : "",
              by.count("purpose") ? r.purpose_category() : 0,
              by.count("provider_type") ? r.provider_type() : 0};
        v1h::RollupRow& row = rows[k];
        row.set_period(std::get<0>(k));
        row.set_agency_id(std::get<1>(k));
        row.mutable_legal_basis()->set_statute(std::get<2>(k));
        row.mutable_legal_basis()->set_article(std::get<3>(k));
        row.set_purpose_category(
            static_cast<v1::PurposeCategory>(std::get<4>(k)));
        row.set_provider_type(static_cast<v1::ProviderType>(std::get<5>(k)));
        if (r.suppressed()) {
          row.set_suppressed_rows(row.suppressed_rows() + 1);
          out.set_banded_rows(out.banded_rows() + 1);
        } else {
          // Totals sum published cells only: a total that covered banded
          // rows would give their counts back by subtraction.
          AddRequestCounts(r.counts(), row.mutable_counts());
          AddRequestCounts(r.counts(), out.mutable_totals());
        }
      }
    }
  }
  for (auto& [k, row] : rows) *out.add_rows() = std::move(row);
  return out;
}

std::string DisclosureIndex::MissingFields(
    const v1::DatabaseEntry& e,
    const google::protobuf::RepeatedPtrField<v1::RightsChannel>* defaults) {
  std::vector<std::string> names;
  for (const MissingItem& m : MissingDisclosureItems(e, defaults))
    names.push_back(m.name);
  return absl::StrJoin(names, ", ");
}

v1h::GetCoverageResponse DisclosureIndex::Coverage(
    const std::vector<std::string>& agencies, const std::string& period) const {
  google::protobuf::Map<std::string, std::string> missing;
  v1h::GetCoverageResponse out = Coverage(
      agencies, period,
      [&missing](const std::string& entry_id, const std::string& what) {
        missing[entry_id] = what;
      });
  out.mutable_missing_fields()->swap(missing);
  return out;
}

absl::StatusOr<v1h::GetCoverageResponse> DisclosureIndex::Coverage(
    const std::vector<std::string>& agencies, const std::string& period,
    const v1h::GetCoverageRequest& req) const {
  absl::StatusOr<uint64_t> start = ParsePageToken(req.page_token());
  if (!start.ok()) return start.status();
  const uint64_t size =
      PageSize(req.page_size(), kDefaultCoveragePage, kMaxCoveragePage);
  google::protobuf::Map<std::string, std::string> page;
  uint64_t seen = 0;
  v1h::GetCoverageResponse out =
      Coverage(agencies, period,
               [&](const std::string& entry_id, const std::string& what) {
                 if (seen >= *start && seen - *start < size)
                   page[entry_id] = what;
                 ++seen;
               });
  out.mutable_missing_fields()->swap(page);
  if (seen > *start + size)
    out.set_next_page_token(absl::StrCat(*start + size));
  return out;
}

v1h::GetCoverageResponse DisclosureIndex::Coverage(
    const std::vector<std::string>& agencies, const std::string& period,
    const IncompleteFn& incomplete) const {
  v1h::GetCoverageResponse out;
  out.set_last_period(period);
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [id, e] : a.databases) {
      if (e.withdrawn) continue;
      out.set_databases_total(out.databases_total() + 1);
      if (e.missing.empty()) {
        out.set_databases_complete(out.databases_complete() + 1);
      } else {
        incomplete(absl::StrCat(agency_id, "/", id), e.missing);
      }
    }
  }
  for (const std::string& agency_id : agencies) {
    auto a = agencies_.find(agency_id);
    bool published = false;
    if (a != agencies_.end()) {
      auto s = a->second.statistics.find(period);
      published =
          s != a->second.statistics.end() &&
          s->second.reporting_status() != v1::REPORTING_STATUS_NOT_TRACKED;
    }
    if (published) {
      out.add_agencies_with_statistics(agency_id);
    } else {
      out.add_agencies_late(agency_id);
    }
  }
  auto* m1 = out.add_milestones();
  m1->set_name("databases with a complete disclosure (target: at least 5)");
  m1->set_target(5);
  m1->set_actual(out.databases_complete());
  m1->set_met(out.databases_complete() >= 5);
  auto* m2 = out.add_milestones();
  m2->set_name(absl::StrCat("agencies publishing request statistics for ",
                            period, " (target: at least 4)"));
  m2->set_target(4);
  m2->set_actual(out.agencies_with_statistics_size());
  m2->set_met(out.agencies_with_statistics_size() >= 4);
  return out;
}

std::vector<v1::RequestStatistics> DisclosureIndex::Statistics(
    const std::string& agency_id) const {
  std::vector<v1::RequestStatistics> out;
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return out;
  for (const auto& [period, s] : a->second.statistics) out.push_back(s);
  return out;
}

}  // namespace disclosure::hub
