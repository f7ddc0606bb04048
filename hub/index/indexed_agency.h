// One agency as the cross-agency index holds it between queries: the model
// under DisclosureIndex, which keeps one per agency behind its lock. Its
// databases are kept serialized, with the few facts that queries over
// every database read (a parsed DatabaseEntry takes several times its
// bytes, and 100,000 of them would hold most of the hub's memory); its
// linkage edges are computed once, when a database is indexed.
//
// The functions below build and change one agency. They take no lock and
// know nothing of other agencies; the search index only sees the change
// they add to.
#ifndef DISCLOSURE_HUB_INDEX_INDEXED_AGENCY_H_
#define DISCLOSURE_HUB_INDEX_INDEXED_AGENCY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/index/search_indexer.h"

namespace disclosure::hub {

// An entry to index, with the bytes it was received or stored as if the
// caller has them (`*entry` serialized; null if not): a database is then
// kept as its part of those bytes instead of being serialized again.
struct IndexEntryRef {
  const disclosure::v1::DisclosureEntry* entry = nullptr;
  const std::string* bytes = nullptr;
};

// A database as held between queries.
struct StoredDatabase {
  // The DatabaseEntry, shared with the search index's queue; null if
  // restored from saved facts, when it is read by `leaf_hash`.
  std::shared_ptr<const std::string> bytes;
  std::string leaf_hash;  // of the DisclosureEntry; set when bytes is null
  bool withdrawn = false;
  std::vector<std::string> categories;        // data category codes
  std::string missing;                        // MissingFields(); "" if complete
  std::vector<std::string> withheld_reviews;  // one per withheld item
};

// A linkage edge as held between queries: its target, which the graph's
// filters read, and the rest serialized, parsed only into an answer (a
// parsed edge takes several times the bytes). The source is the database
// the edge is filed under.
struct StoredEdge {
  std::string to;
  std::string rest;  // LinkageEdge without from_entry_id and to
};

struct IndexedAgency {
  std::optional<disclosure::v1::AgencyProfile> profile;
  std::map<std::string, StoredDatabase> databases;  // by id
  std::map<std::string, disclosure::v1::RequestStatistics>
      statistics;  // by period
  // Linkage edges each database declares, by database id.
  std::map<std::string, std::vector<StoredEdge>> edges;
  // The snapshot it holds ("" unknown), and whether its facts were saved
  // (or restored) since it last changed.
  std::string version;
  bool facts_saved = false;
};

using RightsChannels =
    google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>;

// What `e` lacks to be a complete disclosure, core/coverage.h's item
// names joined by ", " ("" if complete); `defaults` are the agency's
// default rights channels, or null.
std::string MissingFields(const disclosure::v1::DatabaseEntry& e,
                          const RightsChannels* defaults);

// `entry_bytes`: the DisclosureEntry holding `e`, serialized, or null.
// `defaults`: as for MissingFields().
StoredDatabase StoreDatabase(const disclosure::v1::DatabaseEntry& e,
                             const std::string* entry_bytes,
                             const RightsChannels* defaults);
StoredEdge StoreEdge(disclosure::v1::hub::LinkageEdge edge);
disclosure::v1::hub::LinkageEdge ParseEdge(const std::string& from,
                                           const StoredEdge& e);
// The edges database `e` of `agency_id` declares: its linkages and the
// targets of its out-of-purpose uses; none once it is withdrawn.
std::vector<disclosure::v1::hub::LinkageEdge> EdgesOf(
    const std::string& agency_id, const disclosure::v1::DatabaseEntry& e);

// The agency's default rights channels, or null without a profile.
const RightsChannels* DefaultChannels(const IndexedAgency& a);
// MissingFields() again for every database of `a` held with its bytes,
// after its profile changed.
void RecomputeMissing(IndexedAgency& a);
// Adds or replaces the entry in `a`; a database changed is added to
// `change`, for the search index.
void Upsert(const std::string& agency_id, IndexedAgency& a,
            const IndexEntryRef& ref, SearchIndexer::Change* change);
// Removes the entry `key` from `a`; a database removed is added to
// `change`.
void Remove(IndexedAgency& a, const std::string& key,
            SearchIndexer::Change* change);

// What the index derived for `a`, to be saved for the next start.
disclosure::v1::hub::IndexFacts FactsOf(const IndexedAgency& a);
// `agency_id` rebuilt from facts an earlier run saved (FactsOf), into
// `*out`: `leaf_hashes` gives the leaf hash of each database of the
// snapshot by database id, `others` its other entries (profile,
// statistics). False, `*out` unchanged, unless the facts have a version
// and name exactly the databases of `leaf_hashes`, and `others` holds no
// database.
bool FromFacts(disclosure::v1::hub::IndexFacts facts,
               const std::map<std::string, std::string>& leaf_hashes,
               const std::vector<IndexEntryRef>& others,
               const std::string& agency_id, IndexedAgency* out);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_INDEXED_AGENCY_H_
