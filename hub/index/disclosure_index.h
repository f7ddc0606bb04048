// The cross-agency disclosure index, held in memory and rebuilt from the
// hub store at start-up: every agency's latest accepted entries, with the
// queries of the public index service (search, linkage graph, statistics
// roll-ups, coverage). Linkage edges are computed once per database when it
// is indexed; answers are paged (search at most 500 hits, the graph at most
// 1000 edges and 1 MiB a page) so that no agency's data makes one answer
// unbounded. Page tokens are offsets this index gave out; anything else is
// InvalidArgument. Thread-safe: queries share a lock, updates take it
// exclusively.
#ifndef DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_
#define DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/synonyms.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"

namespace disclosure::hub {

// The offset a page token stands for: "" is 0; otherwise at most nine
// decimal digits. InvalidArgument for anything else.
absl::StatusOr<uint64_t> ParsePageToken(const std::string& token);

class DisclosureIndex {
 public:
  // Replaces everything known of `agency_id` by `entries` (a full snapshot).
  void ReplaceAgency(
      const std::string& agency_id,
      const std::vector<disclosure::v1::DisclosureEntry>& entries);
  // Applies harvested changes to `agency_id`.
  void ApplyChanges(const std::string& agency_id,
                    const std::vector<disclosure::v1::DisclosureEntry>& upserts,
                    const std::vector<std::string>& removed_keys);
  void RemoveAgency(const std::string& agency_id);
  // The synonym table free-text search expands query words with.
  void SetSynonyms(Synonyms synonyms);
  bool HasAgency(const std::string& agency_id) const;

  absl::StatusOr<disclosure::v1::hub::SearchDatabasesResponse> Search(
      const disclosure::v1::hub::SearchDatabasesRequest& req) const;
  std::optional<disclosure::v1::DatabaseEntry> GetDatabase(
      const std::string& agency_id, const std::string& database_id) const;
  std::optional<disclosure::v1::AgencyProfile> Profile(
      const std::string& agency_id) const;
  // (live databases, statistics periods) of an agency.
  std::pair<int64_t, int64_t> Counts(const std::string& agency_id) const;

  absl::StatusOr<disclosure::v1::hub::GetLinkageGraphResponse> LinkageGraph(
      const disclosure::v1::hub::GetLinkageGraphRequest& req) const;
  disclosure::v1::hub::GetStatisticsRollupResponse Rollup(
      const disclosure::v1::hub::GetStatisticsRollupRequest& req) const;
  // Coverage over the registered agencies, for statistics period `period`.
  disclosure::v1::hub::GetCoverageResponse Coverage(
      const std::vector<std::string>& agencies,
      const std::string& period) const;
  // The statistics an agency publishes, by period (one agency at a time,
  // for exports).
  std::vector<disclosure::v1::RequestStatistics> Statistics(
      const std::string& agency_id) const;

  // The fields the law asks for that `e` leaves empty ("" if complete).
  static std::string MissingFields(const disclosure::v1::DatabaseEntry& e);

 private:
  struct Agency {
    std::optional<disclosure::v1::AgencyProfile> profile;
    std::map<std::string, disclosure::v1::DatabaseEntry> databases;  // by id
    std::map<std::string, std::string> search_text;                  // by id
    std::map<std::string, disclosure::v1::RequestStatistics>
        statistics;  // by period
    // Linkage edges each database declares, by database id.
    std::map<std::string, std::vector<disclosure::v1::hub::LinkageEdge>> edges;
  };
  static std::vector<disclosure::v1::hub::LinkageEdge> EdgesOf(
      const std::string& agency_id, const disclosure::v1::DatabaseEntry& e);
  // A database in the text index. Documents are append-only; a changed or
  // removed database leaves a dead document behind.
  struct Doc {
    std::string agency_id;
    std::string database_id;
    bool alive = true;
    bool withdrawn = false;  // a tombstone, left out unless asked for
    // While alive: the entry and its search text in the agency's maps
    // (std::map nodes stay put), so a search needs no lookup per hit.
    const disclosure::v1::DatabaseEntry* entry = nullptr;
    const std::string* text = nullptr;
  };
  void Upsert(const std::string& agency_id, Agency& a,
              const disclosure::v1::DisclosureEntry& e)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Remove(const std::string& agency_id, Agency& a, const std::string& key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Unindex(const std::string& agency_id, const std::string& database_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Candidate documents containing every term, or one of its synonyms (by
  // character bigrams).
  std::vector<uint32_t> Candidates(const std::vector<std::string>& terms) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Documents holding every bigram of one word.
  std::vector<uint32_t> WordCandidates(const std::string& word) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Agency> agencies_ ABSL_GUARDED_BY(mu_);
  std::vector<Doc> docs_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, std::string>, uint32_t> doc_of_
      ABSL_GUARDED_BY(mu_);
  // Character bigram (or single character) -> ascending document ids.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> grams_
      ABSL_GUARDED_BY(mu_);
  Synonyms synonyms_ ABSL_GUARDED_BY(mu_);
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_DISCLOSURE_INDEX_H_
