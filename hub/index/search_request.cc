#include "hub/index/search_request.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "format/status_macros.h"
#include "hub/index/paging.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr size_t kMaxTextBytes = 256;
constexpr uint32_t kDefaultPageSize = 50;
constexpr uint32_t kMaxPageSize = 500;

}  // namespace

absl::StatusOr<TextIndex::Query> SearchQueryFor(
    const v1h::SearchDatabasesRequest& req, const Synonyms& synonyms) {
  if (req.text().size() > kMaxTextBytes) {
    return absl::InvalidArgumentError("search text is over 256 bytes");
  }
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
  // An ideographic space separates words as a space does (split on its
  // bytes, it would cut characters that share them).
  const std::string text = absl::StrReplaceAll(req.text(), {{"\u3000", " "}});
  for (absl::string_view w :
       absl::StrSplit(text, absl::ByAnyChar(" \t\n"), absl::SkipWhitespace())) {
    // Synonyms compare lower-cased, as the index does.
    q.words.push_back(synonyms.Expand(absl::AsciiStrToLower(w)));
  }
  q.order =
      req.order() == v1h::SEARCH_ORDER_AGENCY ||
              (req.order() == v1h::SEARCH_ORDER_UNSPECIFIED && q.words.empty())
          ? TextIndex::Order::kAgency
          : TextIndex::Order::kRelevance;
  return q;
}

void AddSearchHit(const TextIndex::Hit& hit, v1::DatabaseEntry entry,
                  v1h::SearchDatabasesResponse* out) {
  v1h::DatabaseHit* h = out->add_hits();
  h->set_entry_id(absl::StrCat(hit.agency_id, "/", hit.database_id));
  *h->mutable_entry() = std::move(entry);
}

void FinishSearchResponse(const TextIndex::Query& q,
                          const TextIndex::Page& page,
                          v1h::SearchDatabasesResponse* out) {
  out->set_total(page.total);
  out->set_total_is_lower_bound(page.total_is_lower_bound);
  if (page.more) out->set_next_page_token(absl::StrCat(q.offset + q.limit));
}

}  // namespace disclosure::hub
