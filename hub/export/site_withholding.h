// What the public site says where something is withheld (format 2,
// format/withholding.h): one sentence naming the ground, the deciding unit
// and the review date, or that the review is overdue, in place of what the
// agency did not show. Nothing withheld is ever shown as empty or as 0.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_WITHHOLDING_H_
#define DISCLOSURE_HUB_EXPORT_SITE_WITHHOLDING_H_

#include <cstdint>
#include <kainjow/mustache.hpp>
#include <string>

#include "disclosure/v1/database.pb.h"
#include "hub/export/site_text.h"

namespace disclosure::hub::site {

// "5 項限制公開，其中 1 項已逾檢討期限" and its English.
std::string WithheldCounts(Lang l, uint64_t items, uint64_t overdue);

// Today in Taipei, "YYYY-MM-DD": a review date before it is overdue.
std::string SiteToday();

// "依政府資訊公開法第18條第1項第3款限制公開（資訊室決定），2027-06-30
// 前重新檢討" and its English, or the overdue form.
std::string WithheldSentence(Lang l, const disclosure::v1::Withholding& w,
                             const std::string& today);

// What a withheld item is, in words: the label of a field, or "use outside
// the purpose u1", "recipient of a use u1", "linkage", "statistics row".
std::string WithheldWhat(Lang l, const std::string& what);

// Sets the database page's data `d` (DatabasePageData) for each withheld
// field of `db`: the lists a page always shows (categories, purposes,
// holding basis, collection ground) hold the sentence in place; every other
// withheld field is listed, with its label, at the end of its section, and
// what would misread its absence (the opt-out's "not available", an empty
// contact line) is hidden
// ("withheld_what", "withheld_law", "withheld_rights", "withheld_proof").
void SetWithheldFields(Lang l, const disclosure::v1::DatabaseEntry& db,
                       const std::string& today, kainjow::mustache::data* d);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_WITHHOLDING_H_
