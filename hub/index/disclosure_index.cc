#include "hub/index/disclosure_index.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/encoding.h"
#include "core/logging.h"
#include "core/status_macros.h"
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
  DN_RETURN_IF_ERROR(open_status_);
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
  DN_ASSIGN_OR_RETURN(std::string entry, read_entry_(db.leaf_hash));
  // The whole entry, as when it was harvested: a database field that
  // occurs more than once reads back merged. Not a database only if the
  // store holds other bytes under the hash, which its own check reports.
  v1::DisclosureEntry whole;
  if (!whole.ParseFromString(entry) || !whole.has_database()) {
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
  DN_ASSIGN_OR_RETURN(std::vector<std::string> indexed,
                      indexer_->index().CommittedAgencies());
  absl::MutexLock lock(&mu_);
  for (const std::string& agency_id : indexed) {
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
  DN_ASSIGN_OR_RETURN(uint64_t start, ParsePageToken(req.page_token()));
  TextIndex::Query q;
  q.offset = start;
  q.limit = PageSize(req.page_size(), kDefaultPageSize, kMaxPageSize);
  q.agency_id = req.agency_id();
  q.data_category = req.data_category();
  q.specific_purpose = req.specific_purpose();
  q.legal_ground = req.legal_ground();
  q.recipient = req.recipient();
  if (req.has_opt_out_available())
    q.opt_out_available = req.opt_out_available();
  q.include_withdrawn = req.include_withdrawn();

  DN_RETURN_IF_ERROR(SearchStatus());
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
  DN_ASSIGN_OR_RETURN(TextIndex::Page page, indexer_->index().Search(q));

  v1h::SearchDatabasesResponse out;
  for (const TextIndex::Hit& h : page.hits) {
    auto agency = agencies_.find(h.agency_id);
    if (agency == agencies_.end()) continue;
    auto entry = agency->second.databases.find(h.database_id);
    if (entry == agency->second.databases.end()) continue;
    DN_ASSIGN_OR_RETURN(v1::DatabaseEntry parsed, Parse(entry->second));
    auto* hit = out.add_hits();
    hit->set_entry_id(absl::StrCat(h.agency_id, "/", h.database_id));
    *hit->mutable_entry() = std::move(parsed);
  }
  out.set_total(page.total);
  if (static_cast<uint64_t>(page.total) > q.offset + q.limit)
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

}  // namespace disclosure::hub
