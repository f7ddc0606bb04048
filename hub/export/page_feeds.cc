// feed.xml and feeds/<agency>.xml: Atom feeds of the latest publications.
#include "absl/strings/str_cat.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void Feeds(SiteBuilder::State& s) {
  const auto feed = [&](const std::string& name, const std::string& title,
                        const std::string& agency_filter) {
    data entries{data::type::list};
    std::string updated = Rfc3339(s.in.now);
    bool first = true;
    size_t n = 0;
    for (const Publication& p : s.publications) {
      if (!agency_filter.empty() && p.agency_id != agency_filter) continue;
      if (n++ >= kMaxFeedEntries) break;
      const absl::Time at = absl::FromUnixSeconds(p.accepted_at);
      if (first) updated = Rfc3339(at);
      first = false;
      data e;
      e.set("title", absl::StrCat(s.AgencyName(Lang::kZhTw, p.agency_id), " ",
                                  site::SiteText(Lang::kZhTw).at("published"),
                                  p.tree_size, " 版"));
      e.set("id", absl::StrCat("tag:", s.in.trust_domain, ",2026:", p.agency_id,
                               "/", p.tree_size));
      e.set("updated", Rfc3339(at));
      e.set("link", absl::StrCat(agency_filter.empty() ? "" : "../",
                                 "agencies.html#", p.agency_id));
      e.set("summary",
            s.ChangesInWords(Lang::kZhTw, p.agency_id, p.changed_keys));
      entries.push_back(e);
    }
    data d;
    d.set("title", title);
    d.set("id", absl::StrCat("tag:", s.in.trust_domain, ",2026:", name));
    d.set("updated", updated);
    d.set("author", s.in.trust_domain);
    d.set("self",
          agency_filter.empty() ? name : name.substr(name.find('/') + 1));
    d.set("entries", entries);
    s.Write(name, s.Template(site::kAtom).render(d));
  };
  feed("feed.xml", site::SiteText(Lang::kZhTw).at("site_name"), "");
  for (const auto& [id, reg] : s.registry) {
    feed(absl::StrCat("feeds/", id, ".xml"),
         absl::StrCat(s.AgencyName(Lang::kZhTw, id), " · ",
                      site::SiteText(Lang::kZhTw).at("site_name")),
         id);
  }
}

}  // namespace disclosure::hub
