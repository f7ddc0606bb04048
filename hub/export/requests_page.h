// What requests.html says of each agency's request statistics, as the
// data of its template: per agency, every period in order, with the
// period's total, its breakdowns by legal basis, purpose, provider type and
// outcome, the identifiers named, and charts with their tables.
//
// Numbers mean what the signed rows let a reader conclude (core/
// request_counts.h): a total over banded rows is a range ("14–22"), drawn
// as a solid and a hatched part; the band and the threshold are stated; a
// period not tracked is drawn as such, never as 0. Trend charts of every
// agency share one scale, and the breakdowns of a period share that
// period's, so bars can be compared wherever they are drawn side by side.
#ifndef DISCLOSURE_HUB_EXPORT_REQUESTS_PAGE_H_
#define DISCLOSURE_HUB_EXPORT_REQUESTS_PAGE_H_

#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "disclosure/v1/statistics.pb.h"
#include "hub/export/site_text.h"
#include "hub/participation/participation_view.h"

namespace disclosure::hub::site {

// agency id -> (statistics as signed, path of its proof bundle).
using StatisticsByAgency = std::map<
    std::string,
    std::vector<std::pair<disclosure::v1::RequestStatistics, std::string>>>;

// The template data {"agencies": [...]} of requests.html in `l`; `base`
// leads from the page to the export root (for the data file links). With
// `participation`, each agency gets its participation section
// (site_participation.h) about its periods.
kainjow::mustache::data RequestsPageData(
    Lang l, const StatisticsByAgency& stats, const std::string& base,
    const std::function<std::string(const std::string& agency_id)>& agency_name,
    const std::function<std::string(const std::string& enum_value)>& enum_name,
    const ParticipationView* participation = nullptr,
    const std::string& today = "");

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_REQUESTS_PAGE_H_
