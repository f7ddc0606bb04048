// linkages.html: the picture of the linkages between databases, and the table
// of every flow.
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"

namespace disclosure::hub {

void LinkagesPage(SiteBuilder::State& s, Lang l) {
  std::vector<std::string> nodes = s.graph_nodes;
  std::sort(nodes.begin(), nodes.end());  // grouped by agency (id prefix)
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < nodes.size(); ++i) at[nodes[i]] = i;
  const double cx = 480, cy = 420, r = 300;
  const auto pos = [&](size_t i, double* x, double* y) {
    const double a = 2 * M_PI * static_cast<double>(i) /
                     static_cast<double>(std::max<size_t>(nodes.size(), 1));
    *x = cx + r * std::cos(a);
    *y = cy + r * std::sin(a);
  };
  // Every drawn edge joins two of these: each name is looked up once.
  std::vector<std::string> shown(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) shown[i] = s.ShownName(l, nodes[i]);
  data node_list{data::type::list};
  for (size_t i = 0; i < nodes.size(); ++i) {
    double x, y;
    pos(i, &x, &y);
    data n;
    n.set("x", std::to_string(static_cast<int>(x)));
    n.set("y", std::to_string(static_cast<int>(y)));
    const bool right = x >= cx;
    n.set("tx", std::to_string(static_cast<int>(x + (right ? 10 : -10))));
    n.set("ty", std::to_string(static_cast<int>(y + 4)));
    n.set("anchor", right ? "start" : "end");
    const std::string& full = shown[i];
    n.set("label", absl::StrCat(full, " (", nodes[i], ")"));
    n.set("short", full.size() > 36 ? full.substr(0, 33) + "…" : full);
    n.set("external", absl::StartsWith(nodes[i], "external:"));
    n.set("lang", site::HasCjk(full) || Zh(l) ? "zh-Hant-TW" : "en");
    node_list.push_back(n);
  }
  data edge_list{data::type::list};
  for (const auto& e : s.graph_edges) {
    const std::string direction =
        EnumName(l, v1::Linkage::Direction_Name(e.direction()));
    double x1, y1, x2, y2;
    pos(at[e.from_entry_id()], &x1, &y1);
    pos(at[e.to()], &x2, &y2);
    data x;
    x.set("x1", std::to_string(static_cast<int>(x1)));
    x.set("y1", std::to_string(static_cast<int>(y1)));
    x.set("x2", std::to_string(static_cast<int>(x2)));
    x.set("y2", std::to_string(static_cast<int>(y2)));
    x.set("external", absl::StartsWith(e.to(), "external:"));
    const auto d = e.direction();
    x.set("end_arrow", d == v1::Linkage::DIRECTION_OUTBOUND ||
                           d == v1::Linkage::DIRECTION_BOTH);
    x.set("start_arrow", d == v1::Linkage::DIRECTION_INBOUND ||
                             d == v1::Linkage::DIRECTION_BOTH);
    x.set("label", absl::StrCat(shown[at[e.from_entry_id()]], " — ", direction,
                                " — ", shown[at[e.to()]]));
    x.set("lang", site::HasCjk(shown[at[e.from_entry_id()]]) ||
                          site::HasCjk(shown[at[e.to()]]) || Zh(l)
                      ? "zh-Hant-TW"
                      : "en");
    edge_list.push_back(x);
  }
  data d;
  d.set("width", "960");
  d.set("height", "840");
  d.set("nodes", node_list);
  d.set("edges", edge_list);
  d.set("rows", s.Marker(0));
  if (s.linkage_flows > kMaxLinkageRows) {
    const std::string text = site::SiteText(l).at("linkages_capped");
    d.set("capped", absl::StrReplaceAll(
                        text, {{"{shown}", absl::StrCat(kMaxLinkageRows)},
                               {"{total}", absl::StrCat(s.linkage_flows)}}));
  } else {
    d.set("capped", data(data::type::bool_false));
  }
  s.StreamedPage(l, "linkages.html",
                 site::SiteText(l).at("linkages_page_title"), site::kLinkages,
                 std::move(d), {s.lists[LangIndex(l)].linkages.get()});
}

}  // namespace disclosure::hub
