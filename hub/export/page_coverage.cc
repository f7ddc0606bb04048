// coverage.html: how many databases are complete, and what each other lacks.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void CoveragePage(SiteBuilder::State& s, Lang l) {
  data d;
  d.set("complete", absl::StrCat(s.coverage.databases_complete()));
  d.set("total", absl::StrCat(s.coverage.databases_total()));
  d.set("has_incomplete", s.incomplete_count > 0);
  d.set("withheld_counts",
        site::WithheldCounts(l, s.coverage.items_withheld(),
                             s.coverage.withholdings_overdue()));
  d.set("rows", s.Marker(0));
  if (s.incomplete_count > kMaxIncompleteRows) {
    d.set("capped",
          absl::StrReplaceAll(site::SiteText(l).at("coverage_capped"),
                              {{"{shown}", absl::StrCat(kMaxIncompleteRows)},
                               {"{total}", absl::StrCat(s.incomplete_count)}}));
  } else {
    d.set("capped", data(data::type::bool_false));
  }
  s.StreamedPage(l, "coverage.html", site::SiteText(l).at("coverage_title"),
                 site::kCoverage, std::move(d),
                 {s.lists[LangIndex(l)].incomplete.get()});
}

}  // namespace disclosure::hub
