// The site's participation section (公民參與), on every database page and
// per agency on the requests page: what was received about the entries,
// how much was answered within the deadline, late, still open and overdue;
// each answer the agency signed, with the question's text only where the
// person allowed it and the agency quoted it as the hub masked it; and the
// form that posts a new question or opinion to the hub's intake.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_PARTICIPATION_H_
#define DISCLOSURE_HUB_EXPORT_SITE_PARTICIPATION_H_

#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

#include "hub/export/site_values.h"
#include "hub/participation/participation_view.h"

namespace disclosure::hub::site {

// The section's data for `agency_id`'s entries `concerns` (the form offers
// them as a choice when there are several); `form_id` makes the form's
// element ids unique on the page. False (no section) when `view` is null.
kainjow::mustache::data ParticipationSection(
    Lang l, const ParticipationView* view, const std::string& agency_id,
    const std::vector<std::string>& concerns, const std::string& form_id,
    const std::string& today);

// "共收到 3 則…" and its English: the counts in one sentence.
std::string ParticipationCountsSentence(Lang l, const ParticipationCounts& c,
                                        uint32_t deadline_days);

// "徵詢中，至 2027-01-31 止" or "已於 2027-01-20 結束", and English.
std::string RoundStatusSentence(Lang l, const RoundView& r);
// "共收到 4 則意見：採納 1 則…" and its English.
std::string RoundCountsSentence(Lang l, const RoundCounts& c);
// The round's title in `l` (the Chinese one when it has no English).
std::string RoundTitle(Lang l, const disclosure::v1::hub::ConsultationRound& r);
// One handled opinion of a round or an entry, as the answers of
// ParticipationSection show it.
kainjow::mustache::data AnswerData(Lang l, const ShownAnswer& a,
                                   const std::string& today);
// One submission waiting for its answer, as ParticipationSection lists it.
kainjow::mustache::data OpenData(Lang l, const OpenSubmission& o);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_PARTICIPATION_H_
