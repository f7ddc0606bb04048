// What the site says of agencies' request statistics, as the data of its
// templates: requests.html lists the agencies with their latest period;
// requests/<agency>.html shows every period of one agency in order, with the
// period's total, its breakdowns by legal basis, purpose, provider type and
// outcome, the identifiers named, and charts with their tables.
//
// Numbers mean what the signed rows let a reader conclude (core/
// request_counts.h): a total over banded rows is a range ("14–22"), drawn
// as a solid and a hatched part; the band and the threshold are stated; a
// period not tracked is drawn as such, never as 0. An agency's trend chart
// has one scale, and the breakdowns of a period share that period's, so
// bars can be compared wherever they are drawn side by side.
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

// One agency's statistics as signed, each with the path of its proof
// bundle; agency id -> those.
using AgencyStatistics =
    std::vector<std::pair<disclosure::v1::RequestStatistics, std::string>>;
using StatisticsByAgency = std::map<std::string, AgencyStatistics>;

// The template data of requests/<agency>.html in `l`: the agency's trend
// (on one scale, its largest period), each period in order, and, with
// `participation`, its participation section (site_participation.h) about
// its periods. `base` leads from the page to the export root (for the
// data file links). Made from the agency's own statistics only, so the
// page is one of the agency's files.
kainjow::mustache::data AgencyRequestsData(
    Lang l, const std::string& agency_id, const AgencyStatistics& statistics,
    const std::string& base,
    const std::function<std::string(const std::string& agency_id)>& agency_name,
    const std::function<std::string(const std::string& enum_value)>& enum_name,
    const ParticipationView* participation = nullptr,
    const std::string& today = "");

// The template data {"agencies": [...]} of requests.html in `l`: per agency
// with statistics, how many periods it published, its latest period and
// that period's requests as the agency page shows them (a range when
// banded, "not tracked" when not, never 0 unless signed as zero).
kainjow::mustache::data RequestsOverviewData(
    Lang l, const StatisticsByAgency& stats,
    const std::function<std::string(const std::string& agency_id)>&
        agency_name);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_REQUESTS_PAGE_H_
