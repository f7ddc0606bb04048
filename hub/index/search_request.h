// How a public SearchDatabasesRequest becomes a search of the text index,
// and a page of its hits the answer: one implementation for the hub and
// for its search replicas (hub/index/search_replica.h), so that both
// answer the same request with the same page.
#ifndef DISCLOSURE_HUB_INDEX_SEARCH_REQUEST_H_
#define DISCLOSURE_HUB_INDEX_SEARCH_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "core/synonyms.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/index/text_index.h"

namespace disclosure::hub {

// The index metadata holding the synonym table (Synonyms::ToCsv) the hub
// expands words with; replicas read it from their copy.
inline constexpr char kSynonymsMetadataKey[] = "synonyms";

// The query for `req`, its words expanded by `synonyms`. InvalidArgument
// for text over 256 bytes or a page token that is not one of ours.
absl::StatusOr<TextIndex::Query> SearchQueryFor(
    const disclosure::v1::hub::SearchDatabasesRequest& req,
    const Synonyms& synonyms);

// Adds one hit to `out`.
void AddSearchHit(const TextIndex::Hit& hit,
                  disclosure::v1::DatabaseEntry entry,
                  disclosure::v1::hub::SearchDatabasesResponse* out);

// Sets the total, whether it is a lower bound, and the next page's token.
void FinishSearchResponse(const TextIndex::Query& q,
                          const TextIndex::Page& page,
                          disclosure::v1::hub::SearchDatabasesResponse* out);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_SEARCH_REQUEST_H_
