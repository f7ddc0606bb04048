// What the linkage page (page_linkages.cc) shows, gathered as edges
// arrive: the table of flows (each flow once, its declarations merged) and
// the ends and edges of the picture.
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
  NoteNamed(entry_id.substr(0, slash));
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

}  // namespace disclosure::hub
