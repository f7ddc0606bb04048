// The cross-agency disclosure index, rebuilt from the hub store at
// start-up (hub/index/index_loader.h): every agency's latest accepted
// entries (in memory as hub/index/indexed_agency.h holds them, databases
// kept serialized, or, for agencies restored from saved facts, read from
// the store when asked for), with the queries of the public index service
// (search, linkage graph, statistics roll-ups, coverage). Free-text search and
// its filters are answered by a Xapian index on disk (hub/index/text_index.h),
// brought up to date in the background (hub/index/search_indexer.h). Linkage
// edges are computed once per database when it is indexed; answers are paged
// (search at most 500 hits, the graph at most 1000 edges and 1 MiB a page,
// coverage at most 1000 incomplete databases) so that no agency's data makes
// one answer unbounded. Page tokens are offsets this index gave out; anything
// else is InvalidArgument. Thread-safe: queries share a lock, updates take it
// exclusively.
#ifndef DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_
#define DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/synonyms.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/hub_store.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/index/indexed_agency.h"
#include "hub/index/paging.h"
#include "hub/index/search_indexer.h"

namespace disclosure::hub {

class DisclosureIndex {
 public:
  // The search index in a private temporary folder.
  DisclosureIndex();
  // The search index in `search_dir` (created if missing).
  explicit DisclosureIndex(const std::string& search_dir);
  ~DisclosureIndex();
  // --- The search index (hub/index/search_indexer.h), which this class
  // --- keeps up to date in the background.

  // Whether the search index opened and every change reached it; searches
  // fail with this status otherwise.
  absl::Status SearchStatus() const;
  // Waits until the search index holds every change made so far (it is
  // updated in the background), at most `timeout`; false on timeout, and
  // at once while a harvest holds indexing off.
  // Searches never wait: they answer from what is indexed (call this
  // first to read a change just made).
  bool WaitForSearchIndex(absl::Duration timeout) const;
  // What the search index has still to take (zero if it did not open).
  SearchIndexer::Backlog SearchBacklog() const;
  // A harvest begins or ends. While any is under way the search index
  // holds off, each change at most SearchIndexer::kMaxDeferral, and
  // searches answer from what is indexed without waiting for it.
  void BeginHarvest();
  void EndHarvest();

  // --- Changes: a harvested snapshot replaces or updates an agency.

  // An entry to index (indexed_agency.h).
  using EntryRef = IndexEntryRef;
  // Replaces everything known of `agency_id` by `entries` (a full snapshot).
  // `version` names that snapshot (for example a digest of its manifest):
  // if the search index on disk already holds this version of the agency,
  // as after a restart, only the entries in memory are replaced.
  void ReplaceAgency(const std::string& agency_id,
                     const std::vector<EntryRef>& entries,
                     const std::string& version = "");
  // Applies harvested changes to `agency_id`, giving the new `version`.
  void ApplyChanges(const std::string& agency_id,
                    const std::vector<EntryRef>& upserts,
                    const std::vector<std::string>& removed_keys,
                    const std::string& version = "");
  // The same, for entries without their bytes.
  void ReplaceAgency(
      const std::string& agency_id,
      const std::vector<disclosure::v1::DisclosureEntry>& entries,
      const std::string& version = "");
  void ApplyChanges(const std::string& agency_id,
                    const std::vector<disclosure::v1::DisclosureEntry>& upserts,
                    const std::vector<std::string>& removed_keys,
                    const std::string& version = "");
  void RemoveAgency(const std::string& agency_id);

  // --- Restart facts (restart_facts.cc): what the index derived, saved at
  // --- shutdown and restored at the next start.

  // Reads a published entry (a serialized DisclosureEntry) by its 32-byte
  // leaf hash, checked against it: HubStore::GetEntry. Called under the
  // index's shared lock, from any thread.
  using EntryReader =
      std::function<absl::StatusOr<std::string>(const std::string& leaf_hash)>;
  // Set before any RestoreAgency; without one, nothing is restored.
  void SetEntryReader(EntryReader reader);

  // Restores `agency_id` from facts an earlier run saved, instead of
  // parsing its databases: `facts` as saved (their version names the
  // snapshot), `leaf_hashes` the leaf hash of each of that snapshot's
  // databases by database id, `others` its other entries (profile,
  // statistics). The databases' bytes stay in the store and are read when
  // a query needs them. Nothing is queued for the search index, so only
  // at start-up, before any change. Refused (false, the index unchanged)
  // unless an entry reader is set, the search index's last commit holds
  // exactly this version of the agency, and the facts name exactly the
  // databases of `leaf_hashes`: the caller then parses the entries.
  bool RestoreAgency(const std::string& agency_id,
                     disclosure::v1::hub::IndexFacts facts,
                     const std::map<std::string, std::string>& leaf_hashes,
                     const std::vector<EntryRef>& others);
  // Removes from the search index every agency it holds that this index
  // does not (one dropped from the registry while the hub was stopped):
  // once the index is loaded at start-up. The error, if the search index
  // could not be read.
  absl::Status DropUnheldAgenciesFromSearch();
  // Agencies whose facts were not saved since they last changed (agencies
  // indexed without a version are left out).
  std::vector<std::string> AgenciesWithUnsavedFacts() const;
  // What the index derived for `agency_id`, stamped with `build`, for
  // HubStore::PutIndexFacts; nullopt if it holds no such agency.
  std::optional<disclosure::v1::hub::IndexFacts> Facts(
      const std::string& agency_id, const std::string& build) const;
  // Records that the facts of `version` of `agency_id` were saved (ignored
  // if the agency has changed since).
  void MarkFactsSaved(const std::string& agency_id, const std::string& version);
  // --- Queries (here and index_queries.cc), under a shared lock.

  // The synonym table free-text search expands query words with.
  void SetSynonyms(Synonyms synonyms);
  bool HasAgency(const std::string& agency_id) const;

  absl::StatusOr<disclosure::v1::hub::SearchDatabasesResponse> Search(
      const disclosure::v1::hub::SearchDatabasesRequest& req) const;
  // nullopt if not held, or (logged) if a restored database cannot be
  // read back from the store; a search reports that error instead.
  std::optional<disclosure::v1::DatabaseEntry> GetDatabase(
      const std::string& agency_id, const std::string& database_id) const;
  std::optional<disclosure::v1::AgencyProfile> Profile(
      const std::string& agency_id) const;
  // (live databases, statistics periods) of an agency.
  std::pair<int64_t, int64_t> Counts(const std::string& agency_id) const;

  absl::StatusOr<disclosure::v1::hub::GetLinkageGraphResponse> LinkageGraph(
      const disclosure::v1::hub::GetLinkageGraphRequest& req) const;
  // Every edge, in LinkageGraph's order, a batch at a time: the edges of
  // whole databases after `after` (the last database of the batch before;
  // empty for the first) until there are at least `min_edges`. `after` is
  // moved to this batch's last database; an empty batch means the end.
  // For the export, which reads every edge: LinkageGraph's pages would walk
  // the graph from its start once a page.
  struct EdgeCursor {
    std::string agency_id, database_id;  // both empty: the start
  };
  std::vector<disclosure::v1::hub::LinkageEdge> NextEdges(
      EdgeCursor* after, size_t min_edges) const;
  disclosure::v1::hub::GetStatisticsRollupResponse Rollup(
      const disclosure::v1::hub::GetStatisticsRollupRequest& req) const;
  // Coverage over the registered agencies, for statistics period `period`,
  // listing every incomplete database (in process, for small federations
  // and tests; the service pages them).
  disclosure::v1::hub::GetCoverageResponse Coverage(
      const std::vector<std::string>& agencies,
      const std::string& period) const;
  // Coverage() with one page of the incomplete databases, as `req` asks
  // (InvalidArgument for a page token this index did not give out).
  absl::StatusOr<disclosure::v1::hub::GetCoverageResponse> CoveragePage(
      const std::vector<std::string>& agencies, const std::string& period,
      const disclosure::v1::hub::GetCoverageRequest& req) const;
  // Coverage() with each incomplete database handed to `incomplete` (entry
  // id, what it lacks), in (agency, database) order and under the same
  // lock, instead of listed in the answer: a list of 100,000 can then be
  // written out without being held.
  using IncompleteFn = std::function<void(const std::string& entry_id,
                                          const std::string& missing)>;
  disclosure::v1::hub::GetCoverageResponse CoverageEach(
      const std::vector<std::string>& agencies, const std::string& period,
      const IncompleteFn& incomplete) const;
  // The statistics an agency publishes, by period (one agency at a time,
  // for exports).
  std::vector<disclosure::v1::RequestStatistics> Statistics(
      const std::string& agency_id) const;

 private:
  // The database, parsed from its bytes or read from the store.
  absl::StatusOr<disclosure::v1::DatabaseEntry> Parse(
      const StoredDatabase& db) const;

  // The edge from `from` to `to` as answered: parsed, with whether its
  // target is held now and whether the target declares the flow back.
  disclosure::v1::hub::LinkageEdge AnsweredEdge(const std::string& from,
                                                const StoredEdge& edge) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  bool Dangling(const std::string& to) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  bool Confirmed(const std::string& from, const std::string& to,
                 disclosure::v1::Linkage::Direction direction) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  void Enqueue(SearchIndexer::Change change) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Queues the removal of `agency_id` from the search index.
  void EnqueueRemoval(const std::string& agency_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, IndexedAgency> agencies_ ABSL_GUARDED_BY(mu_);
  // Null if the search index could not be opened (open_status_ says why).
  std::unique_ptr<SearchIndexer> indexer_;
  absl::Status open_status_;
  Synonyms synonyms_ ABSL_GUARDED_BY(mu_);
  EntryReader read_entry_;  // set before any agency is restored
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_
