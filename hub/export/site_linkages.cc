// The linkage page of the site: the table of flows (each flow once, its
// declarations merged) and the picture, built as edges arrive.
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "hub/export/site_builder_state.h"

namespace disclosure::hub {

std::optional<v1::LocalizedText> SiteBuilder::State::NameOf(
    const std::string& entry_id) const {
  const size_t slash = entry_id.find('/');
  if (!in.database_name || absl::StartsWith(entry_id, "external:") ||
      slash == std::string::npos) {
    return std::nullopt;
  }
  return in.database_name(entry_id.substr(0, slash),
                          entry_id.substr(slash + 1));
}

std::string SiteBuilder::State::Shown(
    Lang l, const std::string& entry_id,
    const std::optional<v1::LocalizedText>& name) {
  if (absl::StartsWith(entry_id, "external:")) return entry_id.substr(9);
  const std::string picked = name ? Pick(l, *name) : "";
  return picked.empty() ? entry_id : picked;
}

void SiteBuilder::State::FlushEdgeGroup() {
  // By target, then direction: the declarations of one flow are adjacent.
  std::stable_sort(edge_group.begin(), edge_group.end(),
                   [](const auto& a, const auto& b) {
                     return std::make_pair(a.to(), a.direction()) <
                            std::make_pair(b.to(), b.direction());
                   });
  const auto add_node = [&](const std::string& id) {
    if (graph_node_set.count(id) || graph_nodes.size() >= kMaxGraphNodes)
      return;
    graph_node_set.insert(id);
    graph_nodes.push_back(id);
  };
  if (edge_group.empty()) return;
  // Every edge of the group has this source: its name is looked up once,
  // each target's once per edge (for both languages).
  const std::optional<v1::LocalizedText> from_name =
      NameOf(edge_group.front().from_entry_id());
  for (size_t k = 0; k < edge_group.size(); ++k) {
    const v1h::LinkageEdge& e = edge_group[k];
    // The same choice as sorting every edge first: nodes are taken in edge
    // order until the picture is full, and a flow is drawn once, when both
    // its ends made it.
    add_node(e.from_entry_id());
    add_node(e.to());
    const bool repeat = k > 0 && edge_group[k - 1].to() == e.to() &&
                        edge_group[k - 1].direction() == e.direction();
    if (!repeat && graph_node_set.count(e.from_entry_id()) &&
        graph_node_set.count(e.to()) && graph_edges.size() < kMaxGraphEdges)
      graph_edges.push_back(e);
  }
  // The table: one row per flow. Declarations of one source to one target
  // in one direction (a linkage and a use's linked entry, say) are merged;
  // a flow both ends declare is listed once, under the end the data leaves
  // (or the smaller id when both say "both ways").
  for (size_t i = 0; i < edge_group.size();) {
    size_t j = i + 1;
    while (j < edge_group.size() && edge_group[j].to() == edge_group[i].to() &&
           edge_group[j].direction() == edge_group[i].direction())
      ++j;
    const v1h::LinkageEdge& e = edge_group[i];
    bool confirmed = false, dangling = false;
    for (size_t k = i; k < j; ++k) {
      confirmed = confirmed || edge_group[k].confirmed();
      dangling = dangling || edge_group[k].dangling();
    }
    const bool mirror =
        confirmed && (e.direction() == v1::Linkage::DIRECTION_INBOUND ||
                      (e.direction() == v1::Linkage::DIRECTION_BOTH &&
                       e.from_entry_id() > e.to()));
    if (!mirror && ++linkage_flows <= kMaxLinkageRows)
      AddLinkageRow(from_name, edge_group, i, j, confirmed, dangling);
    i = j;
  }
  edge_group.clear();
}

void SiteBuilder::State::AddLinkageRow(
    const std::optional<v1::LocalizedText>& from_name,
    const std::vector<v1h::LinkageEdge>& edges, size_t begin, size_t end,
    bool confirmed, bool dangling) {
  const v1h::LinkageEdge& e = edges[begin];
  const std::optional<v1::LocalizedText> to_name = NameOf(e.to());
  for (Lang l : kLangs) {
    std::set<std::string> purposes, bases, keys;
    for (size_t k = begin; k < end; ++k) {
      const std::string p = Pick(l, edges[k].purpose());
      if (!p.empty()) purposes.insert(p);
      for (const auto& b : edges[k].legal_basis())
        bases.insert(absl::StrCat(b.statute(), b.article()));
      if (edges[k].join_key_type() != v1::JOIN_KEY_TYPE_UNSPECIFIED)
        keys.insert(
            EnumName(l, v1::JoinKeyType_Name(edges[k].join_key_type())));
    }
    data row;
    row.set("from", site::Run(l, Shown(l, e.from_entry_id(), from_name)));
    row.set("to", site::Run(l, Shown(l, e.to(), to_name)));
    row.set("direction",
            EnumName(l, v1::Linkage::Direction_Name(e.direction())));
    data p{data::type::list}, b{data::type::list};
    for (const auto& x : purposes) p.push_back(site::Run(l, x));
    for (const auto& x : bases) b.push_back(site::Run(l, x));
    row.set("purposes", p);
    row.set("bases", b);
    row.set("no_basis", bases.empty());
    row.set("join_key", absl::StrJoin(keys, "、"));
    row.set("confirmed", confirmed);
    row.set("external", absl::StartsWith(e.to(), "external:"));
    row.set("dangling", dangling);
    lists[LangIndex(l)].linkages->Append(Render(site::kLinkageRow, l, row));
  }
}

void SiteBuilder::State::LinkagesPage(Lang l) {
  std::vector<std::string> nodes = graph_nodes;
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
  for (size_t i = 0; i < nodes.size(); ++i) shown[i] = ShownName(l, nodes[i]);
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
  for (const auto& e : graph_edges) {
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
  d.set("rows", Marker(0));
  if (linkage_flows > kMaxLinkageRows) {
    const std::string text = site::SiteText(l).at("linkages_capped");
    d.set("capped", absl::StrReplaceAll(
                        text, {{"{shown}", absl::StrCat(kMaxLinkageRows)},
                               {"{total}", absl::StrCat(linkage_flows)}}));
  } else {
    d.set("capped", data(data::type::bool_false));
  }
  StreamedPage(l, "linkages.html", site::SiteText(l).at("linkages_page_title"),
               site::kLinkages, std::move(d),
               {lists[LangIndex(l)].linkages.get()});
}

}  // namespace disclosure::hub
