#include "hub/index/indexed_agency.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/coverage.h"
#include "format/withholding.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

namespace {

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

}  // namespace

StoredDatabase StoreDatabase(
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
  for (const WithheldItem& w : WithheldItems(e))
    db.withheld_reviews.push_back(w.withholding->review_date());
  return db;
}

StoredEdge StoreEdge(v1h::LinkageEdge edge) {
  StoredEdge out;
  out.to = std::move(*edge.mutable_to());
  edge.clear_to();
  edge.clear_from_entry_id();
  edge.SerializeToString(&out.rest);
  return out;
}

v1h::LinkageEdge ParseEdge(const std::string& from, const StoredEdge& e) {
  // The bytes were serialized by StoreEdge() from a valid message.
  v1h::LinkageEdge edge;
  edge.ParseFromString(e.rest);
  edge.set_from_entry_id(from);
  edge.set_to(e.to);
  return edge;
}

void Upsert(const std::string& agency_id, IndexedAgency& a,
            const IndexEntryRef& ref, SearchIndexer::Change* change) {
  const v1::DisclosureEntry& e = *ref.entry;
  switch (e.body_case()) {
    case v1::DisclosureEntry::kAgencyProfile:
      a.profile = e.agency_profile();
      RecomputeMissing(a);
      break;
    case v1::DisclosureEntry::kDatabase: {
      const std::string& id = e.database().database_id();
      StoredDatabase stored =
          StoreDatabase(e.database(), ref.bytes, DefaultChannels(a));
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

const google::protobuf::RepeatedPtrField<v1::RightsChannel>* DefaultChannels(
    const IndexedAgency& a) {
  return a.profile ? &a.profile->default_rights_channels() : nullptr;
}

void RecomputeMissing(IndexedAgency& a) {
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

void Remove(IndexedAgency& a, const std::string& key,
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

v1h::IndexFacts FactsOf(const IndexedAgency& a) {
  v1h::IndexFacts facts;
  facts.set_version(a.version);
  for (const auto& [id, db] : a.databases) {
    v1h::DatabaseFacts* f = facts.add_databases();
    f->set_database_id(id);
    f->set_withdrawn(db.withdrawn);
    for (const auto& c : db.categories) f->add_categories(c);
    f->set_missing(db.missing);
    for (const auto& r : db.withheld_reviews) f->add_withheld_reviews(r);
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

bool FromFacts(v1h::IndexFacts facts,
               const std::map<std::string, std::string>& leaf_hashes,
               const std::vector<IndexEntryRef>& others,
               const std::string& agency_id, IndexedAgency* out) {
  if (facts.version().empty() ||
      static_cast<size_t>(facts.databases_size()) != leaf_hashes.size()) {
    return false;
  }
  IndexedAgency a;
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
    db.withheld_reviews.assign(f.withheld_reviews().begin(),
                               f.withheld_reviews().end());
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
  *out = std::move(a);
  return true;
}

std::vector<v1h::LinkageEdge> EdgesOf(const std::string& agency_id,
                                      const v1::DatabaseEntry& e) {
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

std::string MissingFields(
    const v1::DatabaseEntry& e,
    const google::protobuf::RepeatedPtrField<v1::RightsChannel>* defaults) {
  std::vector<std::string> names;
  for (const MissingItem& m : MissingDisclosureItems(e, defaults))
    names.push_back(m.name);
  return absl::StrJoin(names, ", ");
}

}  // namespace disclosure::hub
