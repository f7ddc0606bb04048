// requests.html: which agencies publish statistics of their requests to
// telecom and internet providers, each with its latest period; every
// agency's own page (requests/<agency>.html) is one of its files, written
// with it (site_agency_pages.cc).
#include "hub/export/requests_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void RequestsPage(SiteBuilder::State& s, Lang l) {
  data d = site::RequestsOverviewData(
      l, s.stats, [&](const std::string& id) { return s.AgencyName(l, id); });
  const std::string& url = s.in.criminal_statistics_url;
  d.set("criminal_url", url.empty() ? data(data::type::bool_false) : data(url));
  s.Page(l, "requests.html", site::SiteText(l).at("requests_title"),
         site::kRequests, std::move(d));
}

}  // namespace disclosure::hub
