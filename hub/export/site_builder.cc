#include "hub/export/site_builder.h"

#include <algorithm>
#include <cmath>
#include <kainjow/mustache.hpp>
#include <optional>
#include <random>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/enum_labels.h"
#include "core/witness_policy.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "hub/export/coverage_page.h"
#include "hub/export/database_page.h"
#include "hub/export/requests_page.h"
#include "hub/export/site_templates.h"
#include "hub/export/site_text.h"
#include "hub/export/site_values.h"
#include "hub/export/verify_examples.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using kainjow::mustache::data;
using kainjow::mustache::mustache;
using site::Basis;
using site::EnumName;
using site::Lang;
using site::Pick;
using site::Zh;

constexpr Lang kLangs[] = {Lang::kZhTw, Lang::kEn};
// The linkage picture stays readable; the table below it lists every edge.
constexpr size_t kMaxGraphNodes = 240;
constexpr size_t kMaxGraphEdges = 2000;
// The flows the linkage table lists: a page a phone can open. Every flow is
// in linkages.csv and linkages.json, and each database's page lists its own.
constexpr uint64_t kMaxLinkageRows = 2000;
constexpr size_t kMaxFeedEntries = 50;
constexpr size_t kRecentChanges = 10;
constexpr size_t kChangesNamed = 5;

std::string Date(Lang l, absl::Time t) {
  return absl::FormatTime(Zh(l) ? "%Y年%m月%d日 %H:%M" : "%Y-%m-%d %H:%M", t,
                          absl::FixedTimeZone(8 * 3600));
}
std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

data TextData(Lang l) {
  data t;
  for (const auto& [k, v] : site::SiteText(l)) t.set(k, v);
  return t;
}

int LangIndex(Lang l) { return Zh(l) ? 0 : 1; }

// The relative links of a page at `path` (relative to its language's
// root): `base` leads to the export root, `home` to the language's root.
struct Links {
  std::string base, home;
};
Links LinksOf(Lang l, const std::string& path) {
  const int depth = static_cast<int>(std::count(path.begin(), path.end(), '/'));
  Links out;
  for (int i = 0; i < depth + (Zh(l) ? 0 : 1); ++i) out.base += "../";
  out.home = Zh(l) ? out.base : out.base + "en/";
  return out;
}

struct Topic {
  const char* anchor;
  const char* text_key;
  std::vector<std::string> codes;
};

const std::vector<Topic>& Topics() {
  static const auto* const kTopics = new std::vector<Topic>{
      {"health", "topic_health", {"C111"}},
      {"tax", "topic_tax", {"C081", "C093"}},
      {"school", "topic_school", {"C051", "C052"}},
      {"id", "topic_id", {"C001", "C003", "C012"}},
      {"family", "topic_family", {"C021", "C023"}},
      {"work", "topic_work", {"C061", "C064", "C088"}},
  };
  return *kTopics;
}

}  // namespace

struct SiteBuilder::State {
  std::string dir;
  Inputs in;
  ExportListing* listing;
  absl::Status status;
  std::map<std::string, v1h::RegisteredAgency> registry;
  // Each agency's signed profile: its name, contacts and default channels.
  std::map<std::string, v1::AgencyProfile> profiles;
  // The long lists are rendered as entries and edges arrive, into
  // temporary files per language, and copied into their pages at Finish:
  // nothing is kept per database.
  struct Lists {
    std::unique_ptr<SpillFile> databases;             // databases.html rows
    std::vector<std::unique_ptr<SpillFile>> holders;  // who.html, per topic
    std::unique_ptr<SpillFile> linkages;    // linkages.html table rows
    std::unique_ptr<SpillFile> incomplete;  // coverage.html rows
  };
  Lists lists[2];                       // by LangIndex
  std::vector<uint64_t> holder_counts;  // per topic
  uint64_t database_count = 0;
  uint64_t incomplete_count = 0;
  uint64_t linkage_flows = 0;  // all of them; the table lists kMaxLinkageRows
  std::set<std::string> category_codes, purpose_codes, ground_codes;
  std::unique_ptr<ExportFile> search_index;
  std::unique_ptr<JsonArrayWriter> search_entries;
  // The edges of one source database, sorted by target before their rows
  // are written.
  std::vector<v1h::LinkageEdge> edge_group;
  // The picture: the first kMaxGraphNodes ends met along the edges, and
  // the edges between them.
  std::vector<std::string> graph_nodes;
  std::set<std::string> graph_node_set;
  std::vector<v1h::LinkageEdge> graph_edges;
  // Marks where a long list goes in a rendered page; random, so that no
  // agency text can imitate one.
  std::string marker_nonce;
  site::StatisticsByAgency stats;
  std::vector<Publication> publications;
  std::vector<std::pair<v1h::AgencySummary, std::string>> agencies;
  v1h::GetCoverageResponse coverage;
  std::map<const char*, std::unique_ptr<mustache>> templates;
  std::unique_ptr<data> text_zh, text_en;

  // The registry's name (authoritative), else the agency's signed
  // profile's, else its id.
  std::string AgencyName(Lang l, const std::string& id) const {
    v1::LocalizedText name;
    if (auto it = registry.find(id); it != registry.end()) {
      name.set_zh_tw(it->second.name_zh_tw());
      name.set_en(it->second.name_en());
    }
    if (auto it = profiles.find(id);
        it != profiles.end() && name.zh_tw().empty() && name.en().empty())
      name = it->second.name();
    const std::string n = Pick(l, name);
    return n.empty() ? id : n;
  }
  std::string CodeName(Lang l, const std::string& code, bool category) const {
    if (in.vocabularies == nullptr) return "";
    const Vocabulary& v = category ? in.vocabularies->data_categories
                                   : in.vocabularies->specific_purposes;
    const Vocabulary::Names n = v.NamesOf(code);
    return Zh(l) || n.en.empty() ? n.zh_tw : n.en;
  }

  // Templates are parsed once per export, the words once per language:
  // thousands of database pages reuse them.
  mustache& Template(std::string_view text) {
    auto it = templates.find(text.data());
    if (it == templates.end()) {
      it = templates
               .emplace(text.data(),
                        std::make_unique<mustache>(site::ExpandRuns(text)))
               .first;
    }
    return *it->second;
  }
  // {"t": words of the language}: looked up through a context rather than
  // copied into every page's data.
  const data& Words(Lang l) {
    auto& slot = Zh(l) ? text_zh : text_en;
    if (!slot) {
      slot = std::make_unique<data>();
      slot->set("t", TextData(l));
    }
    return *slot;
  }
  std::string Render(std::string_view tmpl, Lang l, const data& d) {
    kainjow::mustache::context<std::string> ctx(&Words(l));
    ctx.push(&d);
    return Template(tmpl).render(ctx);
  }

  void Write(const std::string& name, const std::string& content) {
    if (!status.ok()) return;
    status = WriteExportFile(dir, name, content, listing);
  }

  // Renders `body` into the layout: the page at `path` (relative to the
  // language's root). Empty, with status set, if a template is broken.
  std::string RenderPage(Lang l, const std::string& path,
                         const std::string& title,
                         std::string_view body_template, data d, bool search) {
    const Links links = LinksOf(l, path);
    d.set("base", links.base);
    d.set("home", links.home);
    const std::string html = Render(body_template, l, d);
    if (!Template(body_template).is_valid()) {
      status = absl::InternalError(
          absl::StrCat("site template for ", path, ": ",
                       Template(body_template).error_message()));
      return "";
    }
    data frame;
    frame.set("lang", Zh(l) ? "zh-Hant-TW" : "en");
    frame.set("other_lang", Zh(l) ? "en" : "zh-Hant-TW");
    frame.set("switch_url",
              Zh(l) ? links.base + "en/" + path : links.base + path);
    frame.set("title", title);
    frame.set("base", links.base);
    frame.set("home", links.home);
    frame.set("body", html);
    frame.set("exported_at", Date(l, in.now));
    frame.set("exported_iso", Rfc3339(in.now));
    frame.set("search", search ? data(data::type::bool_true)
                               : data(data::type::bool_false));
    frame.set("demonstration", in.demonstration);
    return Render(site::kLayout, l, frame);
  }
  void Page(Lang l, const std::string& path, const std::string& title,
            std::string_view body_template, data d, bool search = false) {
    std::string html =
        RenderPage(l, path, title, body_template, std::move(d), search);
    if (status.ok()) Write(Zh(l) ? path : "en/" + path, html);
  }

  // The text that stands for long list `i` in a page's data ({{{key}}}).
  std::string Marker(size_t i) const {
    return absl::StrCat("<!--list-", marker_nonce, "-", i, "-->");
  }
  // Page() for a page with long lists: `d` holds Marker(i) where list i
  // of `parts` goes, in order; the page is written around them.
  void StreamedPage(Lang l, const std::string& path, const std::string& title,
                    std::string_view body_template, data d,
                    const std::vector<SpillFile*>& parts, bool search = false) {
    const std::string html =
        RenderPage(l, path, title, body_template, std::move(d), search);
    if (!status.ok()) return;
    ExportFile f(dir, Zh(l) ? path : "en/" + path);
    size_t at = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      const std::string marker = Marker(i);
      const size_t pos = html.find(marker, at);
      if (pos == std::string::npos) {
        status = absl::InternalError(absl::StrCat(
            "site template for ", path, ": list ", i, " has no place"));
        return;
      }
      f.Append(absl::string_view(html).substr(at, pos - at));
      if (absl::Status s = parts[i]->CopyTo(&f); !s.ok()) {
        status = s;
        return;
      }
      at = pos + marker.size();
    }
    f.Append(absl::string_view(html).substr(at));
    status = f.Close(listing);
  }

  void DatabasePage(Lang l, const std::string& agency_id,
                    const v1::DatabaseEntry& db, const std::string& page,
                    const std::string& bundle);
  void HomePage(Lang l);
  void DatabasesPage(Lang l);
  void WhoPage(Lang l);
  void LinkagesPage(Lang l);
  void RequestsPage(Lang l);
  void AgenciesPage(Lang l);
  void CoveragePage(Lang l);
  void VerifyPage(Lang l);
  void Feeds();
  // "異動：全民健康保險資料、2026-H1 調取統計": what a publication changed,
  // named as the site names it (at most kChangesNamed, then a count).
  std::string ChangesInWords(Lang l, const std::string& agency_id,
                             const std::vector<std::string>& keys) const;
  // "hub, cy, ntu (3/3)": the witnesses of in.witnesses whose cosignature
  // on `note` verifies, and how many there are; "" if none.
  std::string CosignedBy(const std::string& note) const;

  // As entries and edges arrive.
  void OpenLists();
  void AddDatabaseRows(const std::string& agency_id,
                       const v1::DatabaseEntry& db, const std::string& page);
  void AddSearchEntry(const std::string& agency_id, const v1::DatabaseEntry& db,
                      const std::string& entry_id);
  void FlushEdgeGroup();
  // The table row of edges[begin, end): one flow, its declarations merged.
  void AddLinkageRow(const std::optional<v1::LocalizedText>& from_name,
                     const std::vector<v1h::LinkageEdge>& edges, size_t begin,
                     size_t end, bool confirmed, bool dangling);
  // The names of the database `entry_id` names, if the hub holds it (each
  // call parses the database: look a name up once per use).
  std::optional<v1::LocalizedText> NameOf(const std::string& entry_id) const;
  // What an edge end is shown as: its database's name in `l` if it has
  // one, an outside body's name, else the entry id.
  static std::string Shown(Lang l, const std::string& entry_id,
                           const std::optional<v1::LocalizedText>& name);
  std::string ShownName(Lang l, const std::string& entry_id) const {
    return Shown(l, entry_id, NameOf(entry_id));
  }
};

void SiteBuilder::State::DatabasePage(Lang l, const std::string& agency_id,
                                      const v1::DatabaseEntry& db,
                                      const std::string& page,
                                      const std::string& bundle) {
  site::DatabasePageNames names;
  names.agency = [&](const std::string& id) { return AgencyName(l, id); };
  names.code = [&](const std::string& code, bool category) {
    return CodeName(l, code, category);
  };
  names.entry = [&](const std::string& id) { return ShownName(l, id); };
  auto profile = profiles.find(agency_id);
  data d = site::DatabasePageData(
      l, agency_id, db,
      profile == profiles.end() ? nullptr
                                : &profile->second.default_rights_channels(),
      bundle, names);
  Page(l, page, Pick(l, db.file_name()), site::kDatabase, std::move(d));
}

void SiteBuilder::State::HomePage(Lang l) {
  data d;
  data ms{data::type::list};
  const char* keys[] = {"milestone_databases", "milestone_statistics"};
  for (int i = 0; i < coverage.milestones_size(); ++i) {
    const auto& m = coverage.milestones(i);
    data x;
    x.set("actual", std::to_string(m.actual()));
    x.set("target", std::to_string(m.target()));
    x.set("name", i < 2 ? site::SiteText(l).at(keys[i]) : m.name());
    x.set("status", site::SiteText(l).at(m.met() ? "met" : "unmet"));
    x.set("status_class", m.met() ? "met" : "unmet");
    ms.push_back(x);
  }
  d.set("milestones", ms);
  data changes{data::type::list};
  for (size_t i = 0; i < publications.size() && i < kRecentChanges; ++i) {
    const Publication& p = publications[i];
    data x;
    x.set("iso", Rfc3339(absl::FromUnixSeconds(p.accepted_at)));
    x.set("date", Date(l, absl::FromUnixSeconds(p.accepted_at)));
    x.set("agency", site::Run(l, AgencyName(l, p.agency_id)));
    x.set("agency_id", p.agency_id);
    x.set("summary",
          site::Run(l, ChangesInWords(l, p.agency_id, p.changed_keys)));
    changes.push_back(x);
  }
  d.set("changes", changes);
  Page(l, "index.html", site::SiteText(l).at("home_title"), site::kHome,
       std::move(d));
}

void SiteBuilder::State::DatabasesPage(Lang l) {
  data d;
  d.set("rows", Marker(0));
  d.set("count_text", Zh(l) ? absl::StrCat("共 ", database_count, " 個資料庫")
                            : absl::StrCat(database_count, " databases"));
  data agencies_list{data::type::list};
  for (const auto& [id, reg] : registry) {
    data x;
    x.set("id", id);
    x.set("name", AgencyName(l, id));
    agencies_list.push_back(x);
  }
  d.set("agencies", agencies_list);
  const auto codes = [&](const std::set<std::string>& set, bool category) {
    data list{data::type::list};
    for (const auto& c : set) {
      data x;
      x.set("code", c);
      x.set("name", CodeName(l, c, category));
      list.push_back(x);
    }
    return list;
  };
  d.set("categories", codes(category_codes, true));
  d.set("purposes", codes(purpose_codes, false));
  data ground_list{data::type::list};
  for (const auto& g : ground_codes) {
    data x;
    x.set("code", g);
    x.set("name", EnumName(l, g));
    ground_list.push_back(x);
  }
  d.set("grounds", ground_list);
  StreamedPage(l, "databases.html", site::SiteText(l).at("databases_title"),
               site::kDatabases, std::move(d),
               {lists[LangIndex(l)].databases.get()}, /*search=*/true);
}

void SiteBuilder::State::WhoPage(Lang l) {
  data topics{data::type::list};
  std::vector<SpillFile*> holders;
  for (size_t i = 0; i < Topics().size(); ++i) {
    const Topic& t = Topics()[i];
    data x;
    x.set("anchor", t.anchor);
    x.set("title", site::SiteText(l).at(t.text_key));
    std::vector<std::string> names;
    for (const auto& c : t.codes) {
      const std::string n = CodeName(l, c, true);
      names.push_back(n.empty() ? c : absl::StrCat(c, " ", n));
    }
    x.set("codes", site::Run(l, absl::StrJoin(names, Zh(l) ? "、" : ", ")));
    x.set("has_holders", holder_counts[i] > 0);
    x.set("holders", Marker(i));
    holders.push_back(lists[LangIndex(l)].holders[i].get());
    topics.push_back(x);
  }
  data d;
  d.set("topics", topics);
  StreamedPage(l, "who.html", site::SiteText(l).at("who_title"), site::kWho,
               std::move(d), holders);
}

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

void SiteBuilder::State::RequestsPage(Lang l) {
  data d = site::RequestsPageData(
      l, stats, LinksOf(l, "requests.html").base,
      [&](const std::string& id) { return AgencyName(l, id); },
      [&](const std::string& value) { return EnumName(l, value); });
  Page(l, "requests.html", site::SiteText(l).at("requests_title"),
       site::kRequests, std::move(d));
}

void SiteBuilder::State::AgenciesPage(Lang l) {
  const auto& t = site::SiteText(l);
  data list{data::type::list};
  for (const auto& [a, evidence] : agencies) {
    data x;
    x.set("agency_id", a.agency_id());
    x.set("name", site::Run(l, AgencyName(l, a.agency_id())));
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
    for (const Publication& p : publications) {
      if (p.agency_id != a.agency_id()) continue;
      x.set("issued", Date(l, absl::FromUnixSeconds(p.accepted_at)));
      x.set("size", std::to_string(p.tree_size));
      x.set("checkpoint", absl::StrCat("checkpoints/", a.agency_id(), ".note"));
      x.set("cosigned", CosignedBy(p.checkpoint_note));
      break;  // newest first
    }
    const auto& late = coverage.agencies_late();
    x.set("late",
          std::find(late.begin(), late.end(), a.agency_id()) != late.end());
    for (const char* field : {"contact", "officer", "privacy_page"})
      x.set(field, data(data::type::bool_false));
    if (auto p = profiles.find(a.agency_id()); p != profiles.end()) {
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
    }
    x.set("databases", std::to_string(a.database_count()));
    x.set("periods", std::to_string(a.statistics_periods()));
    list.push_back(x);
  }
  data d;
  d.set("agencies", list);
  Page(l, "agencies.html", t.at("agencies_title"), site::kAgencies,
       std::move(d));
}

std::string SiteBuilder::State::ChangesInWords(
    Lang l, const std::string& agency_id,
    const std::vector<std::string>& keys) const {
  const bool zh = Zh(l);
  std::vector<std::string> named;
  for (const std::string& key : keys) {
    if (named.size() == kChangesNamed) break;
    if (key == "agency") {
      named.push_back(zh ? "機關基本資料" : "agency profile");
    } else if (absl::StartsWith(key, "db/")) {
      named.push_back(
          ShownName(l, absl::StrCat(agency_id, "/", key.substr(3))));
    } else if (absl::StartsWith(key, "stats/")) {
      named.push_back(absl::StrCat(key.substr(6),
                                   zh ? " 調取統計" : " request statistics"));
    } else if (absl::StartsWith(key, "keys/")) {
      named.push_back(zh ? "簽章金鑰" : "signing keys");
    } else {
      named.push_back(key);
    }
  }
  std::string out =
      absl::StrCat(site::SiteText(l).at("changed"), zh ? "：" : ": ",
                   absl::StrJoin(named, zh ? "、" : ", "));
  if (keys.size() > named.size())
    absl::StrAppend(
        &out, zh ? absl::StrCat(" 等 ", keys.size(), " 項")
                 : absl::StrCat(" and ", keys.size() - named.size(), " more"));
  return out;
}

std::string SiteBuilder::State::CosignedBy(const std::string& note) const {
  // Checked again here: only a cosignature that verifies under a key the
  // hub publishes is named on the page.
  std::string text;
  for (const auto& [name, vkey] : in.witnesses) {
    absl::StrAppend(&text, "witness ", name, " ", vkey, "\n");
  }
  absl::StatusOr<WitnessPolicy> policy =
      WitnessPolicy::Parse(absl::StrCat(text, "quorum none\n"));
  absl::StatusOr<std::set<std::string>> by =
      policy.ok() ? policy->VerifiedWitnesses(note)
                  : absl::StatusOr<std::set<std::string>>(policy.status());
  if (!by.ok() || by->empty()) return "";
  std::vector<std::string> names;
  for (const auto& w : in.witnesses) {
    if (by->count(w.first)) names.push_back(w.first);
  }
  return absl::StrCat(absl::StrJoin(names, ", "), " (", names.size(), "/",
                      in.witnesses.size(), ")");
}

void SiteBuilder::State::CoveragePage(Lang l) {
  data d;
  d.set("complete", absl::StrCat(coverage.databases_complete()));
  d.set("total", absl::StrCat(coverage.databases_total()));
  d.set("has_incomplete", incomplete_count > 0);
  d.set("rows", Marker(0));
  StreamedPage(l, "coverage.html", site::SiteText(l).at("coverage_title"),
               site::kCoverage, std::move(d),
               {lists[LangIndex(l)].incomplete.get()});
}

void SiteBuilder::State::VerifyPage(Lang l) {
  data d;
  d.set("witness_count", absl::StrCat(in.witnesses.size()));
  d.set("agency",
        registry.empty() ? std::string("AGENCY") : registry.begin()->first);
  d.set("go_example", std::string(kVerifyNoteGo));
  d.set("python_example", std::string(kVerifyCheckpointPy));
  Page(l, "verify.html", site::SiteText(l).at("how_to_verify"),
       Zh(l) ? site::kVerifyZh : site::kVerifyEn, std::move(d));
}

void SiteBuilder::State::Feeds() {
  const auto feed = [&](const std::string& name, const std::string& title,
                        const std::string& agency_filter) {
    data entries{data::type::list};
    std::string updated = Rfc3339(in.now);
    bool first = true;
    size_t n = 0;
    for (const Publication& p : publications) {
      if (!agency_filter.empty() && p.agency_id != agency_filter) continue;
      if (n++ >= kMaxFeedEntries) break;
      const absl::Time at = absl::FromUnixSeconds(p.accepted_at);
      if (first) updated = Rfc3339(at);
      first = false;
      data e;
      e.set("title", absl::StrCat(AgencyName(Lang::kZhTw, p.agency_id), " ",
                                  site::SiteText(Lang::kZhTw).at("published"),
                                  p.tree_size, " 版"));
      e.set("id", absl::StrCat("tag:", in.trust_domain, ",2026:", p.agency_id,
                               "/", p.tree_size));
      e.set("updated", Rfc3339(at));
      e.set("link", absl::StrCat(agency_filter.empty() ? "" : "../",
                                 "agencies.html#", p.agency_id));
      e.set("summary",
            ChangesInWords(Lang::kZhTw, p.agency_id, p.changed_keys));
      entries.push_back(e);
    }
    data d;
    d.set("title", title);
    d.set("id", absl::StrCat("tag:", in.trust_domain, ",2026:", name));
    d.set("updated", updated);
    d.set("author", in.trust_domain);
    d.set("self",
          agency_filter.empty() ? name : name.substr(name.find('/') + 1));
    d.set("entries", entries);
    Write(name, Template(site::kAtom).render(d));
  };
  feed("feed.xml", site::SiteText(Lang::kZhTw).at("site_name"), "");
  for (const auto& [id, reg] : registry) {
    feed(absl::StrCat("feeds/", id, ".xml"),
         absl::StrCat(AgencyName(Lang::kZhTw, id), " · ",
                      site::SiteText(Lang::kZhTw).at("site_name")),
         id);
  }
}

void SiteBuilder::State::OpenLists() {
  for (auto& l : lists) {
    l.databases = std::make_unique<SpillFile>(dir);
    l.linkages = std::make_unique<SpillFile>(dir);
    l.incomplete = std::make_unique<SpillFile>(dir);
    for (size_t i = 0; i < Topics().size(); ++i)
      l.holders.push_back(std::make_unique<SpillFile>(dir));
  }
  holder_counts.assign(Topics().size(), 0);
  std::random_device random;
  for (int i = 0; i < 4; ++i)
    absl::StrAppend(&marker_nonce, absl::Hex(random()));
  // search-index.json: {"synonyms": [[word, ...], ...], "databases": [...]}
  google::protobuf::ListValue synonyms;
  if (in.synonyms != nullptr) {
    for (const auto& group : in.synonyms->groups()) {
      auto* g = synonyms.add_values()->mutable_list_value();
      for (const auto& m : group) g->add_values()->set_string_value(m);
    }
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(synonyms, &json);
  search_index = std::make_unique<ExportFile>(dir, "search-index.json");
  search_index->Append(absl::StrCat("{\"synonyms\":", json, ",\"databases\":"));
  search_entries = std::make_unique<JsonArrayWriter>(search_index.get());
}

void SiteBuilder::State::AddSearchEntry(const std::string& agency_id,
                                        const v1::DatabaseEntry& db,
                                        const std::string& entry_id) {
  google::protobuf::Struct item;
  auto* f = item.mutable_fields();
  (*f)["id"].set_string_value(entry_id);
  (*f)["agency"].set_string_value(agency_id);
  (*f)["optout"].set_bool_value(db.opt_out().available());
  std::string text = absl::StrCat(
      db.file_name().zh_tw(), " ", db.file_name().en(), " ",
      db.description().zh_tw(), " ", db.description().en(), " ",
      db.subject_categories().zh_tw(), " ", AgencyName(Lang::kZhTw, agency_id),
      " ", AgencyName(Lang::kEn, agency_id));
  // Codes and their names ("C111" finds its holders), the purposes, who
  // receives the data and what it is linked with.
  for (const auto& c : db.data_categories())
    absl::StrAppend(&text, " ", c.code(), " ",
                    CodeName(Lang::kZhTw, c.code(), true), " ",
                    CodeName(Lang::kEn, c.code(), true), " ", c.name_zh());
  for (const auto& p : db.specific_purposes())
    absl::StrAppend(&text, " ", p.code(), " ",
                    CodeName(Lang::kZhTw, p.code(), false), " ", p.name_zh(),
                    " ", p.note());
  for (const auto& u : db.out_of_purpose_uses())
    absl::StrAppend(&text, " ", u.recipient_name().zh_tw(), " ",
                    u.recipient_name().en(), " ", u.purpose().zh_tw());
  for (const auto& k : db.linkages())
    absl::StrAppend(&text, " ", k.external_name(), " ", k.purpose().zh_tw());
  (*f)["text"].set_string_value(absl::AsciiStrToLower(text));
  auto* categories = (*f)["categories"].mutable_list_value();
  for (const auto& c : db.data_categories())
    categories->add_values()->set_string_value(c.code());
  auto* purposes = (*f)["purposes"].mutable_list_value();
  for (const auto& p : db.specific_purposes())
    purposes->add_values()->set_string_value(p.code());
  std::set<std::string> grounds;
  for (const auto& u : db.out_of_purpose_uses())
    grounds.insert(v1::LegalGround_Name(u.legal_ground()));
  auto* g = (*f)["grounds"].mutable_list_value();
  for (const auto& ground : grounds) g->add_values()->set_string_value(ground);
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(item, &json);
  search_entries->Add(json);
}

void SiteBuilder::State::AddDatabaseRows(const std::string& agency_id,
                                         const v1::DatabaseEntry& db,
                                         const std::string& page) {
  const bool withdrawn = db.status() == v1::ENTRY_STATUS_WITHDRAWN;
  // Recipients of uses and partners of linkages, for "who holds my data".
  std::vector<v1::LocalizedText> flows;
  for (const auto& u : db.out_of_purpose_uses())
    flows.push_back(u.recipient_name());
  for (const auto& k : db.linkages()) {
    if (k.direction() == v1::Linkage::DIRECTION_INBOUND) continue;
    v1::LocalizedText partner;
    partner.set_zh_tw(k.linked_entry_id().empty() ? k.external_name()
                                                  : k.linked_entry_id());
    flows.push_back(partner);
  }
  std::vector<bool> holds(Topics().size(), false);
  for (size_t t = 0; t < Topics().size(); ++t) {
    for (const auto& c : db.data_categories()) {
      const auto& codes = Topics()[t].codes;
      if (std::count(codes.begin(), codes.end(), c.code())) holds[t] = true;
    }
    if (holds[t] && !withdrawn) ++holder_counts[t];
  }
  for (Lang l : kLangs) {
    Lists& out = lists[LangIndex(l)];
    std::vector<std::string> names;
    for (const auto& c : db.data_categories()) {
      const std::string n = CodeName(l, c.code(), true);
      names.push_back(n.empty() ? c.code() : n);
    }
    data x;
    x.set("entry_id", absl::StrCat(agency_id, "/", db.database_id()));
    x.set("home", LinksOf(l, "databases.html").home);
    x.set("page", page);
    x.set("name", site::Run(l, db.file_name()));
    x.set("agency", site::Run(l, AgencyName(l, agency_id)));
    x.set("categories",
          site::Run(l, absl::StrJoin(names, Zh(l) ? "、" : ", ")));
    x.set("uses", std::to_string(db.out_of_purpose_uses_size()));
    x.set("optout",
          site::SiteText(l).at(db.opt_out().available() ? "yes" : "no"));
    x.set("withdrawn", withdrawn);
    out.databases->Append(Render(site::kDatabasesRow, l, x));
    if (withdrawn) continue;
    // Each recipient once, however often it is declared.
    std::vector<std::string> shown_flows;
    std::set<std::string> seen;
    for (const auto& f : flows) {
      std::string name = Pick(l, f);
      if (seen.insert(name).second) shown_flows.push_back(std::move(name));
    }
    data h;
    h.set("home", LinksOf(l, "who.html").home);
    h.set("page", page);
    h.set("name", site::Run(l, db.file_name()));
    h.set("agency", site::Run(l, AgencyName(l, agency_id)));
    h.set("flows",
          shown_flows.empty()
              ? data(data::type::bool_false)
              : site::Run(l, absl::StrJoin(shown_flows, Zh(l) ? "、" : ", ")));
    for (size_t t = 0; t < Topics().size(); ++t) {
      if (holds[t]) out.holders[t]->Append(Render(site::kWhoHolder, l, h));
    }
  }
}

SiteBuilder::SiteBuilder(std::string dir, Inputs inputs, ExportListing* listing)
    : s_(std::make_unique<State>()) {
  s_->dir = std::move(dir);
  s_->in = std::move(inputs);
  s_->listing = listing;
  for (const auto& r : s_->in.registry) s_->registry[r.agency_id()] = r;
  s_->OpenLists();
}

SiteBuilder::~SiteBuilder() = default;

void SiteBuilder::AddEntry(const std::string& agency_id,
                           const v1::DisclosureEntry& entry,
                           const std::string& bundle_path) {
  if (entry.has_statistics()) {
    s_->stats[agency_id].emplace_back(entry.statistics(), bundle_path);
    return;
  }
  // "agency" sorts before every other key: the name is known for the rest.
  if (entry.has_agency_profile()) {
    s_->profiles[agency_id] = entry.agency_profile();
    return;
  }
  if (!entry.has_database()) return;
  const v1::DatabaseEntry& db = entry.database();
  const std::string entry_id = absl::StrCat(agency_id, "/", db.database_id());
  const std::string page = absl::StrCat("db/", entry_id, ".html");
  ++s_->database_count;
  for (const auto& c : db.data_categories())
    s_->category_codes.insert(c.code());
  for (const auto& p : db.specific_purposes())
    s_->purpose_codes.insert(p.code());
  for (const auto& u : db.out_of_purpose_uses())
    s_->ground_codes.insert(v1::LegalGround_Name(u.legal_ground()));
  s_->AddSearchEntry(agency_id, db, entry_id);
  s_->AddDatabaseRows(agency_id, db, page);
  for (Lang l : kLangs) s_->DatabasePage(l, agency_id, db, page, bundle_path);
}

void SiteBuilder::AddPublication(Publication p) {
  s_->publications.push_back(std::move(p));
}

void SiteBuilder::AddAgency(const v1h::AgencySummary& summary,
                            const std::string& evidence_path) {
  s_->agencies.emplace_back(summary, evidence_path);
}

void SiteBuilder::AddLinkage(const v1h::LinkageEdge& edge) {
  if (!s_->edge_group.empty() &&
      s_->edge_group.front().from_entry_id() != edge.from_entry_id())
    s_->FlushEdgeGroup();
  s_->edge_group.push_back(edge);
}

void SiteBuilder::AddIncomplete(const std::string& entry_id,
                                const std::string& missing) {
  ++s_->incomplete_count;
  const std::string agency = entry_id.substr(0, entry_id.find('/'));
  const std::optional<v1::LocalizedText> name = s_->NameOf(entry_id);
  for (Lang l : kLangs) {
    data row;
    row.set("home", LinksOf(l, "coverage.html").home);
    row.set("page", absl::StrCat("db/", entry_id, ".html"));
    row.set("name", site::Run(l, State::Shown(l, entry_id, name)));
    row.set("agency", site::Run(l, s_->AgencyName(l, agency)));
    data reasons{data::type::list};
    for (const std::string& r : site::MissingInWords(l, missing))
      reasons.push_back(data(r));
    row.set("reasons", reasons);
    s_->lists[LangIndex(l)].incomplete->Append(
        s_->Render(site::kCoverageRow, l, row));
  }
}

void SiteBuilder::SetCoverage(const v1h::GetCoverageResponse& coverage) {
  // The home page shows the milestones; the list of what each database
  // lacks (one line per incomplete database) is coverage.json's.
  s_->coverage.set_databases_total(coverage.databases_total());
  s_->coverage.set_databases_complete(coverage.databases_complete());
  s_->coverage.set_last_period(coverage.last_period());
  *s_->coverage.mutable_agencies_late() = coverage.agencies_late();
  *s_->coverage.mutable_milestones() = coverage.milestones();
}

absl::Status SiteBuilder::Finish() {
  std::sort(s_->publications.begin(), s_->publications.end(),
            [](const Publication& a, const Publication& b) {
              return std::tie(b.accepted_at, b.agency_id) <
                     std::tie(a.accepted_at, a.agency_id);
            });
  s_->FlushEdgeGroup();
  for (Lang l : kLangs) {
    s_->HomePage(l);
    s_->DatabasesPage(l);
    s_->WhoPage(l);
    s_->LinkagesPage(l);
    s_->RequestsPage(l);
    s_->AgenciesPage(l);
    s_->CoveragePage(l);
    s_->VerifyPage(l);
  }
  s_->Feeds();
  s_->search_entries->End();
  s_->search_index->Append("}\n");
  if (absl::Status st = s_->search_index->Close(s_->listing); s_->status.ok())
    s_->status = st;
  s_->Write("site.css", std::string(site::kStyleSheet));
  s_->Write("search.js", std::string(site::kSearchScript));
  return s_->status;
}

}  // namespace disclosure::hub
