// agencies.html: each agency's state, contacts and latest signed publication.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/export/database_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void AgenciesPage(SiteBuilder::State& s, Lang l) {
  const auto& t = site::SiteText(l);
  data list{data::type::list};
  for (const auto& [a, evidence] : s.agencies) {
    data x;
    x.set("agency_id", a.agency_id());
    x.set("name", site::Run(l, s.AgencyName(l, a.agency_id())));
    std::string key = "state_never", cls = "never";
    switch (a.freshness()) {
      case v1h::FRESHNESS_FRESH:
        key = "state_fresh";
        cls = "fresh";
        break;
      case v1h::FRESHNESS_OVERDUE:
        key = "state_overdue";
        cls = "overdue";
        break;
      case v1h::FRESHNESS_UNREACHABLE:
        key = "state_unreachable";
        cls = "unreachable";
        break;
      case v1h::FRESHNESS_MISBEHAVING:
        key = "state_misbehaving";
        cls = "misbehaving";
        break;
      default:
        break;
    }
    x.set("state", t.at(key));
    x.set("state_class", cls);
    if (a.since().seconds() > 0) {
      x.set("since", Date(l, absl::FromUnixSeconds(a.since().seconds())));
      x.set("since_iso", Rfc3339(absl::FromUnixSeconds(a.since().seconds())));
    }
    x.set("reason", a.misbehaving_reason().empty()
                        ? data(data::type::bool_false)
                        : site::Run(l, a.misbehaving_reason()));
    if (!evidence.empty()) x.set("evidence", evidence);
    if (a.expires_at().seconds() > 0)
      x.set("expires",
            Date(l, absl::FromUnixSeconds(a.expires_at().seconds())));
    for (const Publication& p : s.publications) {
      if (p.agency_id != a.agency_id()) continue;
      x.set("issued", Date(l, absl::FromUnixSeconds(p.accepted_at)));
      x.set("size", std::to_string(p.tree_size));
      x.set("checkpoint", absl::StrCat("checkpoints/", a.agency_id(), ".note"));
      x.set("cosigned", s.CosignedBy(p.checkpoint_note));
      break;  // newest first
    }
    const auto& late = s.coverage.agencies_late();
    x.set("late",
          std::find(late.begin(), late.end(), a.agency_id()) != late.end());
    for (const char* field :
         {"contact", "officer", "privacy_page", "has_channels", "shared"})
      x.set(field, data(data::type::bool_false));
    if (auto p = s.profiles.find(a.agency_id()); p != s.profiles.end()) {
      const v1::AgencyProfile& profile = p->second;
      const auto joined =
          [&](std::initializer_list<const std::string*> values) {
            std::vector<std::string> parts;
            for (const std::string* v : values)
              if (!v->empty()) parts.push_back(*v);
            return parts.empty()
                       ? data(data::type::bool_false)
                       : site::Run(l,
                                   absl::StrJoin(parts, Zh(l) ? "；" : "; "));
          };
      x.set("contact",
            joined({&profile.contact().unit(), &profile.contact().phone(),
                    &profile.contact().email(), &profile.contact().address()}));
      const auto& dpo = profile.data_protection_officer();
      x.set("officer",
            joined({&dpo.title(), &dpo.name(), &dpo.contact().phone(),
                    &dpo.contact().email()}));
      x.set("privacy_page", profile.privacy_page_url().empty()
                                ? data(data::type::bool_false)
                                : site::Link(l, profile.privacy_page_url()));
      x.set("has_channels", !profile.default_rights_channels().empty());
      site::SetChannels(l, profile.default_rights_channels(), &x);
    }
    x.set("databases", std::to_string(a.database_count()));
    x.set("periods", std::to_string(a.statistics_periods()));
    list.push_back(x);
  }
  data d;
  d.set("agencies", list);
  s.Page(l, "agencies.html", t.at("agencies_title"), site::kAgencies,
         std::move(d));
}

}  // namespace disclosure::hub
