// databases.html: the search over every database, and each agency's list
// (databases/<agency>.html, site_agency_pages.cc) with its count.
#include "absl/strings/str_cat.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void DatabasesPage(SiteBuilder::State& s, Lang l) {
  data d;
  d.set("count_text", Zh(l) ? absl::StrCat("共 ", s.database_count, " 個資料庫")
                            : absl::StrCat(s.database_count, " databases"));
  data agencies_list{data::type::list};
  data agency_rows{data::type::list};
  for (const auto& [id, reg] : s.registry) {
    data x;
    x.set("id", id);
    x.set("name", s.AgencyName(l, id));
    agencies_list.push_back(x);
    auto counts = s.agency_counts.find(id);
    if (counts == s.agency_counts.end() || counts->second.databases == 0)
      continue;
    data row;
    row.set("id", id);
    row.set("name", site::Run(l, s.AgencyName(l, id)));
    row.set("count", std::to_string(counts->second.databases));
    agency_rows.push_back(row);
  }
  d.set("agencies", agencies_list);
  d.set("agency_rows", agency_rows);
  const auto codes = [&](const std::set<std::string>& set, bool category) {
    data list{data::type::list};
    for (const auto& c : set) {
      data x;
      x.set("code", c);
      x.set("name", s.CodeName(l, c, category));
      list.push_back(x);
    }
    return list;
  };
  d.set("categories", codes(s.category_codes, true));
  d.set("purposes", codes(s.purpose_codes, false));
  data ground_list{data::type::list};
  for (const auto& g : s.ground_codes) {
    data x;
    x.set("code", g);
    x.set("name", EnumName(l, g));
    ground_list.push_back(x);
  }
  d.set("grounds", ground_list);
  s.Page(l, "databases.html", site::SiteText(l).at("databases_title"),
         site::kDatabases, std::move(d), /*search=*/true);
}

}  // namespace disclosure::hub
