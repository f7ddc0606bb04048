// who.html: who holds data of each everyday topic (health, tax, ...).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void WhoPage(SiteBuilder::State& s, Lang l) {
  data topics{data::type::list};
  std::vector<SpillFile*> holders;
  for (size_t i = 0; i < Topics().size(); ++i) {
    const Topic& t = Topics()[i];
    data x;
    x.set("anchor", t.anchor);
    x.set("title", site::SiteText(l).at(t.text_key));
    std::vector<std::string> names;
    for (const auto& c : t.codes) {
      const std::string n = s.CodeName(l, c, true);
      names.push_back(n.empty() ? c : absl::StrCat(c, " ", n));
    }
    x.set("codes", site::Run(l, absl::StrJoin(names, Zh(l) ? "、" : ", ")));
    x.set("has_holders", s.holder_counts[i] > 0);
    x.set("holders", s.Marker(i));
    holders.push_back(s.lists[LangIndex(l)].holders[i].get());
    topics.push_back(x);
  }
  data d;
  d.set("topics", topics);
  s.StreamedPage(l, "who.html", site::SiteText(l).at("who_title"), site::kWho,
                 std::move(d), holders);
}

}  // namespace disclosure::hub
