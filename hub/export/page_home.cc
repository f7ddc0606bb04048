// index.html: the milestones and the latest changes.
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void HomePage(SiteBuilder::State& s, Lang l) {
  data d;
  data ms{data::type::list};
  const char* keys[] = {"milestone_databases", "milestone_statistics"};
  for (int i = 0; i < s.coverage.milestones_size(); ++i) {
    const auto& m = s.coverage.milestones(i);
    data x;
    x.set("actual", std::to_string(m.actual()));
    x.set("target", std::to_string(m.target()));
    x.set("name", i < 2 ? site::SiteText(l).at(keys[i]) : m.name());
    x.set("status", site::SiteText(l).at(m.met() ? "met" : "unmet"));
    x.set("status_class", m.met() ? "met" : "unmet");
    ms.push_back(x);
  }
  d.set("milestones", ms);
  data changes{data::type::list};
  for (size_t i = 0; i < s.publications.size() && i < kRecentChanges; ++i) {
    const Publication& p = s.publications[i];
    data x;
    x.set("iso", Rfc3339(absl::FromUnixSeconds(p.accepted_at)));
    x.set("date", Date(l, absl::FromUnixSeconds(p.accepted_at)));
    x.set("agency", site::Run(l, s.AgencyName(l, p.agency_id)));
    x.set("agency_id", p.agency_id);
    x.set("summary",
          site::Run(l, s.ChangesInWords(l, p.agency_id, p.changed_keys)));
    changes.push_back(x);
  }
  d.set("changes", changes);
  s.Page(l, "index.html", site::SiteText(l).at("home_title"), site::kHome,
         std::move(d));
}

}  // namespace disclosure::hub
