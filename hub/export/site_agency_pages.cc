// Each agency's own pages, written when the agency is done (its list rows
// were rendered as its entries arrived, site_lists.cc): the agency's files,
// reused with them when nothing they are made from changed.
//
//   databases/<agency>.html, -2.html, ...: its databases,
//   SiteBuilder::kListPageRows
//     a page, with links to the pages before and after;
//   who/<agency>.html: per topic, its databases holding that kind of data
//     (at most SiteBuilder::kWhoTopicRows each, then a pointer to the list);
//   requests/<agency>.html: every period of its request statistics.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "hub/export/requests_page.h"
#include "hub/export/site_builder_state.h"

namespace disclosure::hub {
namespace {

// The file of page `i` (from 0) of an agency's database list.
std::string ListPageFile(const std::string& agency_id, size_t i) {
  return i == 0 ? absl::StrCat(agency_id, ".html")
                : absl::StrCat(agency_id, "-", i + 1, ".html");
}

void DatabaseListPages(SiteBuilder::State& s, Lang l,
                       const std::string& agency_id) {
  const auto& pages = s.agency_rows->database_pages[LangIndex(l)];
  const uint64_t total = s.agency_counts[agency_id].databases;
  for (size_t i = 0; i < pages.size() && s.status.ok(); ++i) {
    data d;
    d.set("agency_id", agency_id);
    d.set("agency", site::Run(l, s.AgencyName(l, agency_id)));
    d.set("count_text", Zh(l) ? absl::StrCat("共 ", total, " 個資料庫")
                              : absl::StrCat(total, " databases"));
    d.set("paged", pages.size() > 1);
    d.set("page_text",
          absl::StrReplaceAll(site::SiteText(l).at("page_of"),
                              {{"{i}", absl::StrCat(i + 1)},
                               {"{n}", absl::StrCat(pages.size())}}));
    if (i > 0) d.set("prev", ListPageFile(agency_id, i - 1));
    if (i + 1 < pages.size()) d.set("next", ListPageFile(agency_id, i + 1));
    d.set("rows", s.Marker(0));
    const std::string title = absl::StrCat(
        s.AgencyName(l, agency_id), " · ",
        site::SiteText(l).at("databases_title"),
        pages.size() > 1 ? absl::StrCat(" (", i + 1, "/", pages.size(), ")")
                         : "");
    s.StreamedPage(l, "databases/" + ListPageFile(agency_id, i), title,
                   site::kAgencyDatabases, std::move(d), {pages[i].get()});
  }
}

void WhoAgencyPage(SiteBuilder::State& s, Lang l,
                   const std::string& agency_id) {
  const auto& rows = s.agency_rows->holders[LangIndex(l)];
  const auto& counts = s.agency_counts[agency_id].holders;
  data topics{data::type::list};
  std::vector<SpillFile*> parts;
  for (size_t t = 0; t < Topics().size() && t < rows.size(); ++t) {
    if (t >= counts.size() || counts[t] == 0) continue;
    data x;
    x.set("anchor", Topics()[t].anchor);
    x.set("title", site::SiteText(l).at(Topics()[t].text_key));
    x.set("codes", s.TopicCodes(l, Topics()[t]));
    if (counts[t] > SiteBuilder::kWhoTopicRows) {
      x.set("more", absl::StrReplaceAll(
                        site::SiteText(l).at("who_agency_more"),
                        {{"{shown}", absl::StrCat(SiteBuilder::kWhoTopicRows)},
                         {"{total}", absl::StrCat(counts[t])}}));
    }
    x.set("holders", s.Marker(parts.size()));
    parts.push_back(rows[t].get());
    topics.push_back(x);
  }
  if (parts.empty()) return;  // nothing held of any topic: no page
  data d;
  d.set("agency_id", agency_id);
  d.set("agency", site::Run(l, s.AgencyName(l, agency_id)));
  d.set("topics", topics);
  s.StreamedPage(l, absl::StrCat("who/", agency_id, ".html"),
                 absl::StrCat(s.AgencyName(l, agency_id), " · ",
                              site::SiteText(l).at("who_title")),
                 site::kAgencyWho, std::move(d), parts);
}

void RequestsAgencyPage(SiteBuilder::State& s, Lang l,
                        const std::string& agency_id) {
  const auto stats = s.stats.find(agency_id);
  if (stats == s.stats.end() || stats->second.empty()) return;
  const std::string path = absl::StrCat("requests/", agency_id, ".html");
  data d = site::AgencyRequestsData(
      l, agency_id, stats->second, LinksOf(l, path).base,
      [&](const std::string& id) { return s.AgencyName(l, id); },
      [&](const std::string& value) { return EnumName(l, value); },
      s.in.participation, s.today);
  s.Page(l, path,
         absl::StrCat(s.AgencyName(l, agency_id), " · ",
                      site::SiteText(l).at("requests_title")),
         site::kAgencyRequests, std::move(d));
}

}  // namespace

void SiteBuilder::State::WriteAgencyPages(const std::string& agency_id) {
  if (!agency_rows.has_value()) return;
  for (Lang l : kLangs) {
    if (agency_counts[agency_id].databases > 0) {
      DatabaseListPages(*this, l, agency_id);
      WhoAgencyPage(*this, l, agency_id);
    }
    RequestsAgencyPage(*this, l, agency_id);
  }
}

}  // namespace disclosure::hub
