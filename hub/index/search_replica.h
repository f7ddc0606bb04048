// The public search answered from a search replica: a read-only copy of
// the hub's search index that xapian-replicate keeps current on another
// machine (docs/operations.md, "Search replicas"). The copy holds all a
// search needs: each database's entry as the hub indexed it, and the
// hub's synonym table, so a replica answers every SearchDatabasesRequest
// with the same page the hub would at the same revision. It holds no
// proofs: entries with proofs come from the hub (GetDatabaseEntry) or the
// static export.
//
// Thread-safe; each search reads the latest revision the copy holds (the
// synonym table: as it was at most a second ago).
#ifndef DISCLOSURE_HUB_INDEX_SEARCH_REPLICA_H_
#define DISCLOSURE_HUB_INDEX_SEARCH_REPLICA_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/synonyms.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/index/text_index.h"

namespace disclosure::hub {

class SearchReplica {
 public:
  // The copy in `dir`; it need not exist yet (searches are UNAVAILABLE,
  // naming the folder, until it does).
  explicit SearchReplica(const std::string& dir);

  absl::StatusOr<disclosure::v1::hub::SearchDatabasesResponse> Search(
      const disclosure::v1::hub::SearchDatabasesRequest& req) const;

 private:
  // The synonym table changes rarely: the copy's is read again at most
  // this often (not on every search, which would cost a reader of its own).
  static constexpr absl::Duration kSynonymsRecheck = absl::Seconds(1);

  // The synonym table the copy holds, read at most every kSynonymsRecheck
  // and parsed again only when it changed.
  std::shared_ptr<const Synonyms> CurrentSynonyms() const;

  const std::unique_ptr<TextIndex> index_;
  mutable absl::Mutex mu_;
  mutable std::string synonyms_csv_ ABSL_GUARDED_BY(mu_);
  mutable std::shared_ptr<const Synonyms> synonyms_ ABSL_GUARDED_BY(mu_);
  mutable absl::Time synonyms_checked_ ABSL_GUARDED_BY(mu_) =
      absl::InfinitePast();
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_SEARCH_REPLICA_H_
