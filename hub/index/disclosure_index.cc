#include "hub/index/disclosure_index.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/logging.h"
#include "format/encoding.h"
#include "format/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "hub/index/search_request.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

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
  // Kept with the search index too, so that its replicas expand words as
  // the hub does.
  SearchIndexer::Change table;
  table.kind = SearchIndexer::Change::Kind::kMetadata;
  table.metadata_key = kSynonymsMetadataKey;
  table.metadata_value = synonyms.ToCsv();
  Enqueue(std::move(table));
  absl::MutexLock lock(&mu_);
  synonyms_ = std::move(synonyms);
}

absl::StatusOr<v1::DatabaseEntry> DisclosureIndex::Parse(
    const StoredDatabase& db) const {
  if (db.bytes != nullptr) {
    // The bytes were serialized by StoreDatabase() from a valid message.
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
  IndexedAgency a;
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
  IndexedAgency& a = agencies_[agency_id];
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
  DN_RETURN_IF_ERROR(SearchStatus());
  // Answered from the last commit, never waiting for the indexer: a
  // change is searchable once its batch is committed (moments, or the
  // length of a rebuild), as with any near-real-time search engine.
  absl::ReaderMutexLock lock(&mu_);
  DN_ASSIGN_OR_RETURN(TextIndex::Query q, SearchQueryFor(req, synonyms_));
  DN_ASSIGN_OR_RETURN(TextIndex::Page page, indexer_->index().Search(q));

  v1h::SearchDatabasesResponse out;
  for (const TextIndex::Hit& h : page.hits) {
    // The entry as this index holds it: a change the search index has not
    // taken yet is shown as accepted.
    auto agency = agencies_.find(h.agency_id);
    if (agency == agencies_.end()) continue;
    auto entry = agency->second.databases.find(h.database_id);
    if (entry == agency->second.databases.end()) continue;
    DN_ASSIGN_OR_RETURN(v1::DatabaseEntry parsed, Parse(entry->second));
    AddSearchHit(h, std::move(parsed), &out);
  }
  FinishSearchResponse(q, page, &out);
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

}  // namespace disclosure::hub
