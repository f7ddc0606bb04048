// withholding.html: everything signed as withheld, by agency, with counts
// and the decisions past their review date.
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void WithholdingPage(SiteBuilder::State& s, Lang l) {
  const auto& t = site::SiteText(l);
  data agencies{data::type::list};
  for (const auto& [agency_id, withheld] : s.withheld) {
    data a;
    a.set("agency_id", agency_id);
    a.set("agency", site::Run(l, s.AgencyName(l, agency_id)));
    a.set("counts", site::WithheldCounts(l, withheld.items, withheld.overdue));
    data rows{data::type::list};
    for (const auto& r : withheld.rows) {
      data x;
      x.set("page", r.page);
      x.set("name", site::Run(l, r.name));
      x.set("what", site::WithheldWhat(l, r.what));
      x.set("sentence",
            site::Run(l, site::WithheldSentence(l, r.withholding, s.today)));
      x.set("overdue", ReviewOverdue(r.withholding, s.today));
      rows.push_back(x);
    }
    a.set("rows", rows);
    agencies.push_back(a);
  }
  data d;
  d.set("agencies", agencies);
  d.set("none", s.withheld.empty());
  d.set("truncated", s.withheld_rows_cut);
  s.Page(l, "withholding.html", t.at("withholding_title"), site::kWithholding,
         std::move(d));
}

}  // namespace disclosure::hub
