// who.html: for each everyday topic (health, tax, ...), the agencies whose
// databases hold that kind of data, each linking to its own page
// (who/<agency>.html, site_agency_pages.cc).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void WhoPage(SiteBuilder::State& s, Lang l) {
  data topics{data::type::list};
  for (size_t i = 0; i < Topics().size(); ++i) {
    const Topic& t = Topics()[i];
    data x;
    x.set("anchor", t.anchor);
    x.set("title", site::SiteText(l).at(t.text_key));
    x.set("codes", s.TopicCodes(l, t));
    data agencies{data::type::list};
    for (const auto& [id, counts] : s.agency_counts) {
      if (counts.holders.size() <= i || counts.holders[i] == 0) continue;
      data a;
      a.set("id", id);
      a.set("name", site::Run(l, s.AgencyName(l, id)));
      a.set("count", std::to_string(counts.holders[i]));
      agencies.push_back(a);
    }
    x.set("has_holders", s.holder_counts[i] > 0);
    x.set("agencies", agencies);
    topics.push_back(x);
  }
  data d;
  d.set("topics", topics);
  s.Page(l, "who.html", site::SiteText(l).at("who_title"), site::kWho,
         std::move(d));
}

}  // namespace disclosure::hub
