// index.html: the milestones, the consultation rounds open now, and the
// latest changes.
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/site_participation.h"

namespace disclosure::hub {
namespace {

// The rounds open now, each with its title and closing day.
data OpenRounds(const SiteBuilder::State& s, Lang l) {
  data list{data::type::list};
  if (s.in.participation == nullptr) return list;
  for (const RoundView& r : s.in.participation->rounds) {
    if (!r.open) continue;
    data x;
    x.set("id", r.round.id());
    x.set("title", site::Run(l, site::RoundTitle(l, r.round)));
    x.set("until", site::RoundStatusSentence(l, r));
    list.push_back(x);
  }
  return list;
}

}  // namespace

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
  const data rounds = OpenRounds(s, l);
  d.set("has_open_rounds", !rounds.is_empty_list());
  d.set("open_rounds", rounds);
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
