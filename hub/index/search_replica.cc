#include "hub/index/search_replica.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "hub/index/search_request.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

SearchReplica::SearchReplica(const std::string& dir)
    : index_(TextIndex::OpenReplica(dir)),
      synonyms_(std::make_shared<const Synonyms>()) {}

std::shared_ptr<const Synonyms> SearchReplica::CurrentSynonyms() const {
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() < synonyms_checked_ + kSynonymsRecheck) return synonyms_;
  }
  // No copy yet (the search itself will say so): read again next time.
  absl::StatusOr<std::string> read =
      index_->CommittedMetadata(kSynonymsMetadataKey);
  absl::MutexLock lock(&mu_);
  if (!read.ok()) return synonyms_;
  synonyms_checked_ = absl::Now();
  const std::string& csv = *read;
  if (csv != synonyms_csv_) {
    // The hub wrote it from a table it had parsed, so it parses; if the
    // copy is damaged, searches go on without synonyms and the log says so.
    absl::StatusOr<Synonyms> parsed =
        csv.empty() ? absl::StatusOr<Synonyms>(Synonyms())
                    : Synonyms::Parse(csv, "the replica's synonyms");
    if (!parsed.ok()) {
      LogWarning("search-replica", parsed.status().message());
      parsed = Synonyms();
    }
    synonyms_ = std::make_shared<const Synonyms>(*std::move(parsed));
    synonyms_csv_ = csv;
  }
  return synonyms_;
}

absl::StatusOr<v1h::SearchDatabasesResponse> SearchReplica::Search(
    const v1h::SearchDatabasesRequest& req) const {
  std::shared_ptr<const Synonyms> synonyms = CurrentSynonyms();
  DN_ASSIGN_OR_RETURN(TextIndex::Query q, SearchQueryFor(req, *synonyms));
  q.with_entries = true;  // the copy is all a replica has
  DN_ASSIGN_OR_RETURN(TextIndex::Page page, index_->Search(q));
  v1h::SearchDatabasesResponse out;
  for (const TextIndex::Hit& h : page.hits) {
    v1::DatabaseEntry entry;
    if (h.entry.empty() || !entry.ParseFromString(h.entry)) {
      return absl::DataLossError(absl::StrCat(
          "search replica: the copy's entry of ", h.agency_id, "/",
          h.database_id,
          " does not parse: the copy is damaged; stop xapian-replicate, "
          "delete the replica's folder and start it again for a full copy"));
    }
    AddSearchHit(h, std::move(entry), &out);
  }
  FinishSearchResponse(q, page, &out);
  return out;
}

}  // namespace disclosure::hub
