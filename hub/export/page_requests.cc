// requests.html: the statistics of requests to telecom and internet providers.
#include "hub/export/requests_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void RequestsPage(SiteBuilder::State& s, Lang l) {
  data d = site::RequestsPageData(
      l, s.stats, LinksOf(l, "requests.html").base,
      [&](const std::string& id) { return s.AgencyName(l, id); },
      [&](const std::string& value) { return EnumName(l, value); },
      s.in.participation, s.today);
  const std::string& url = s.in.criminal_statistics_url;
  d.set("criminal_url", url.empty() ? data(data::type::bool_false) : data(url));
  s.Page(l, "requests.html", site::SiteText(l).at("requests_title"),
         site::kRequests, std::move(d));
}

}  // namespace disclosure::hub
