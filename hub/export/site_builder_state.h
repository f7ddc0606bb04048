// Private to the site builder's files (site_builder.cc, site_lists.cc,
// site_linkages.cc) and its pages (page_<name>.cc, site_pages.h): the
// builder's state and the helpers its pages share. Nothing else includes
// it.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_BUILDER_STATE_H_
#define DISCLOSURE_HUB_EXPORT_SITE_BUILDER_STATE_H_

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "core/periods.h"
#include "format/withholding.h"
#include "hub/export/export_file.h"
#include "hub/export/requests_page.h"
#include "hub/export/site_builder.h"
#include "hub/export/site_templates.h"
#include "hub/export/site_text.h"
#include "hub/export/site_values.h"
#include "hub/export/site_withholding.h"

namespace disclosure::hub {

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
// The linkage picture stays readable, and with the table below it the page
// stays under 300 KB (about 150 bytes a line, 400 a row in English).
constexpr size_t kMaxGraphNodes = 240;
constexpr size_t kMaxGraphEdges = 600;
// The flows the linkage table lists: a page a phone can open. Every flow is
// in linkages.csv and linkages.json, and each database's page lists its own.
constexpr uint64_t kMaxLinkageRows = 400;
constexpr size_t kMaxFeedEntries = 50;
constexpr size_t kRecentChanges = 10;
constexpr size_t kChangesNamed = 5;
// The withheld items withholding.html lists; the counts cover them all.
constexpr size_t kMaxWithheldRows = 2000;
// The incomplete databases coverage.html lists (about 250 bytes each: a
// page a phone can open); coverage.json names what every one lacks.
constexpr uint64_t kMaxIncompleteRows = 1000;

inline std::string Date(Lang l, absl::Time t) {
  return absl::FormatTime(Zh(l) ? "%Y年%m月%d日 %H:%M" : "%Y-%m-%d %H:%M", t,
                          TaipeiTime());
}
inline std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

inline data TextData(Lang l) {
  data t;
  for (const auto& [k, v] : site::SiteText(l)) t.set(k, v);
  return t;
}

inline int LangIndex(Lang l) { return Zh(l) ? 0 : 1; }

// The relative links of a page at `path` (relative to its language's
// root): `base` leads to the export root, `home` to the language's root.
struct Links {
  std::string base, home;
};
inline Links LinksOf(Lang l, const std::string& path) {
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

inline const std::vector<Topic>& Topics() {
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
    std::unique_ptr<SpillFile> linkages;    // linkages.html table rows
    std::unique_ptr<SpillFile> incomplete;  // coverage.html rows
  };
  Lists lists[2];                       // by LangIndex
  std::vector<uint64_t> holder_counts;  // per topic
  // What databases.html and who.html say of each agency: its databases
  // (withdrawn included, as its list shows them) and, per topic, those
  // holding it (not withdrawn).
  struct AgencyCounts {
    uint64_t databases = 0;
    std::vector<uint64_t> holders;  // per topic
  };
  std::map<std::string, AgencyCounts> agency_counts;
  // The rows of the agency in scope's own list pages
  // (databases/<agency>.html, who/<agency>.html; site_agency_pages.cc),
  // written at EndAgency; how many there are is in agency_counts. A reused
  // agency's pages are linked instead.
  struct AgencyRows {
    // databases/<agency>[-N].html, kListPageRows rows each, per language.
    std::vector<std::unique_ptr<SpillFile>> database_pages[2];
    // who/<agency>.html: per language, per topic; at most kWhoTopicRows
    // each (the databases pages list them all).
    std::vector<std::unique_ptr<SpillFile>> holders[2];
  };
  std::optional<AgencyRows> agency_rows;
  uint64_t database_count = 0;
  uint64_t incomplete_count = 0;  // all; the page lists kMaxIncompleteRows
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
  // What is withheld (format 2), for withholding.html, by agency: the
  // counts of every item, and the items themselves up to kMaxWithheldRows
  // in all, in the order met.
  struct WithheldRow {
    std::string page;  // relative to the language's root
    v1::LocalizedText name;
    std::string what;  // format/withholding.h's WithheldItem::what
    v1::Withholding withholding;
  };
  struct WithheldAgency {
    uint64_t items = 0;
    uint64_t overdue = 0;
    std::vector<WithheldRow> rows;
  };
  std::map<std::string, WithheldAgency> withheld;  // by agency
  size_t withheld_rows = 0;                        // kept, across agencies
  bool withheld_rows_cut = false;  // some items are counted but not listed
  // Taipei's date at the export: a review date before it is overdue.
  std::string today = site::SiteToday();
  // The agency whose files are being written (SiteBuilder::BeginAgency):
  // its pages carry no export time, and the other agencies they name are
  // recorded, since their names are part of the pages.
  struct AgencyScope {
    std::string agency_id;
    std::set<std::string> names;
  };
  mutable std::optional<AgencyScope> scope;
  void NoteNamed(const std::string& agency_id) const {
    if (scope.has_value() && agency_id != scope->agency_id)
      scope->names.insert(agency_id);
  }
  void NoteWithheld(const std::string& agency_id, const v1::DatabaseEntry& db,
                    const std::string& page);
  void NoteWithheld(const std::string& agency_id,
                    const v1::RequestStatistics& s);
  void NoteWithheldItems(const std::string& agency_id, const std::string& page,
                         const v1::LocalizedText& name,
                         const std::vector<WithheldItem>& items);
  std::map<const char*, std::unique_ptr<mustache>> templates;
  std::unique_ptr<data> text_zh, text_en;

  // The registry's name (authoritative), else the agency's signed
  // profile's, else its id.
  std::string AgencyName(Lang l, const std::string& id) const {
    NoteNamed(id);
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
  // "C111 病歷、醫療、遺傳…": the codes a topic covers, with their names.
  data TopicCodes(Lang l, const Topic& t) const {
    std::vector<std::string> names;
    for (const auto& c : t.codes) {
      const std::string n = CodeName(l, c, true);
      names.push_back(n.empty() ? c : absl::StrCat(c, " ", n));
    }
    return site::Run(l, absl::StrJoin(names, Zh(l) ? "、" : ", "));
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
    // An agency's page changes only when what it shows does: it carries
    // no export time (its entry's version and date are in its body).
    frame.set("agency_page", scope.has_value());
    frame.set("exported_at", Date(l, in.now));
    frame.set("exported_iso", Rfc3339(in.now));
    frame.set("search", search ? data(data::type::bool_true)
                               : data(data::type::bool_false));
    frame.set("demonstration", in.demonstration);
    frame.set("consultations",
              in.participation != nullptr && in.participation->enabled);
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

  // "異動：全民健康保險資料、2026-H1 調取統計": what a publication changed,
  // named as the site names it (at most kChangesNamed, then a count).
  std::string ChangesInWords(Lang l, const std::string& agency_id,
                             const std::vector<std::string>& keys) const;
  // "hub, cy, ntu (3/3)": the witnesses of in.witnesses whose cosignature
  // on `note` verifies, and how many there are; "" if none.
  std::string CosignedBy(const std::string& note) const;

  // As entries and edges arrive.
  void OpenLists();
  // Counts `db` for databases.html and who.html; with `rows`, renders its
  // rows of the agency's own list pages too.
  void AddDatabaseRows(const std::string& agency_id,
                       const v1::DatabaseEntry& db, const std::string& page,
                       bool rows);
  // The agency in scope's own pages, at EndAgency: its list pages (if it
  // has a database) and its request statistics (if it has any).
  void WriteAgencyPages(const std::string& agency_id);
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

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_SITE_BUILDER_STATE_H_
