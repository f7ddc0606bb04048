#include "hub/export/site_builder.h"

#include <algorithm>
#include <cmath>
#include <kainjow/mustache.hpp>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/enum_labels.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "hub/export/site_templates.h"
#include "hub/export/site_text.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using kainjow::mustache::data;
using kainjow::mustache::mustache;
using site::Lang;

constexpr Lang kLangs[] = {Lang::kZhTw, Lang::kEn};
// The linkage picture stays readable; the table below it lists every edge.
constexpr size_t kMaxGraphNodes = 240;
constexpr size_t kMaxFeedEntries = 50;
constexpr size_t kRecentChanges = 10;

bool Zh(Lang l) { return l == Lang::kZhTw; }

std::string Pick(Lang l, const v1::LocalizedText& t) {
  if (Zh(l)) return t.zh_tw().empty() ? t.en() : t.zh_tw();
  return t.en().empty() ? t.zh_tw() : t.en();
}

std::string EnumName(Lang l, const std::string& value) {
  const EnumLabel label = LabelOf(value);
  const absl::string_view s = Zh(l) ? label.zh_tw : label.en;
  return s.empty() ? value : std::string(s);
}

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

std::string Basis(
    const google::protobuf::RepeatedPtrField<v1::LegalReference>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs)
    out.push_back(absl::StrCat(r.statute(), r.article()));
  return absl::StrJoin(out, "、");
}

// What the list pages, "who holds my data" and the search need of one
// database.
struct DbSummary {
  std::string entry_id, agency_id, page;
  v1::LocalizedText name;
  std::vector<std::string> categories, purposes, grounds;
  std::vector<v1::LocalizedText> flows;  // recipients and outbound partners
  bool optout = false, withdrawn = false;
  int uses = 0;
  std::string search_text;  // lower-case, both languages
};

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
  std::map<std::string, v1::LocalizedText> profile_names;
  std::vector<DbSummary> dbs;
  std::map<std::string,
           std::vector<std::pair<v1::RequestStatistics, std::string>>>
      stats;  // agency -> (statistics, bundle)
  std::vector<Publication> publications;
  std::vector<std::pair<v1h::AgencySummary, std::string>> agencies;
  std::vector<v1h::LinkageEdge> edges;
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
    if (auto it = profile_names.find(id);
        it != profile_names.end() && name.zh_tw().empty() && name.en().empty())
      name = it->second;
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
                        std::make_unique<mustache>(std::string(text)))
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

  // Renders `body` into the layout and writes the page at `path` (relative
  // to the language's root).
  void Page(Lang l, const std::string& path, const std::string& title,
            std::string_view body_template, data d, bool search = false) {
    const int depth =
        static_cast<int>(std::count(path.begin(), path.end(), '/'));
    std::string base;
    for (int i = 0; i < depth + (Zh(l) ? 0 : 1); ++i) base += "../";
    const std::string home = Zh(l) ? base : base + "en/";
    d.set("base", base);
    d.set("home", home);
    const std::string html = Render(body_template, l, d);
    if (!Template(body_template).is_valid()) {
      status = absl::InternalError(
          absl::StrCat("site template for ", path, ": ",
                       Template(body_template).error_message()));
      return;
    }
    data frame;
    frame.set("lang", Zh(l) ? "zh-Hant-TW" : "en");
    frame.set("other_lang", Zh(l) ? "en" : "zh-Hant-TW");
    frame.set("switch_url", Zh(l) ? base + "en/" + path : base + path);
    frame.set("title", title);
    frame.set("base", base);
    frame.set("home", home);
    frame.set("body", html);
    frame.set("exported_at", Date(l, in.now));
    frame.set("exported_iso", Rfc3339(in.now));
    frame.set("search", search ? data(data::type::bool_true)
                               : data(data::type::bool_false));
    Write(Zh(l) ? path : "en/" + path, Render(site::kLayout, l, frame));
  }

  // Bars of (label, value); a value of -1 means "not tracked".
  std::string BarChart(
      Lang l, const std::string& title,
      const std::vector<std::pair<std::string, int64_t>>& bars) {
    int64_t max = 1;
    for (const auto& [label, v] : bars) max = std::max(max, v);
    data list{data::type::list};
    int y = 4;
    for (const auto& [label, v] : bars) {
      const bool not_tracked = v < 0;
      const int width =
          not_tracked ? 200
                      : static_cast<int>(200.0 * static_cast<double>(v) / max);
      data b;
      b.set("striped", not_tracked);
      b.set("label", label.size() > 60 ? label.substr(0, 57) + "…" : label);
      b.set("y", std::to_string(y));
      b.set("ty", std::to_string(y + 12));
      b.set("width", std::to_string(std::max(width, 1)));
      b.set("vx", std::to_string(not_tracked ? 176 : 176 + width));
      b.set("value_text", not_tracked
                              ? site::SiteText(l).at("not_tracked_short")
                              : std::to_string(v));
      list.push_back(b);
      y += 22;
    }
    data d;
    d.set("title", title);
    d.set("height", std::to_string(y + 4));
    d.set("bars", list);
    return Template(site::kBarChart).render(d);
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
  void Feeds();
  void SearchIndex();
};

void SiteBuilder::State::DatabasePage(Lang l, const std::string& agency_id,
                                      const v1::DatabaseEntry& db,
                                      const std::string& page,
                                      const std::string& bundle) {
  data d;
  d.set("name", Pick(l, db.file_name()));
  d.set("agency", AgencyName(l, agency_id));
  d.set("agency_id", agency_id);
  d.set("description", Pick(l, db.description()));
  d.set("withdrawn", db.status() == v1::ENTRY_STATUS_WITHDRAWN);
  d.set("synthetic", db.synthetic());
  d.set("subjects", Pick(l, db.subject_categories()));
  if (db.approx_subjects().approx() > 0)
    d.set("approx", std::to_string(db.approx_subjects().approx()));
  data cats{data::type::list};
  for (const auto& c : db.data_categories()) {
    data x;
    x.set("code", c.code());
    const std::string n = CodeName(l, c.code(), true);
    x.set("name", n.empty() ? c.name_zh() : n);
    cats.push_back(x);
  }
  d.set("categories", cats);
  data purposes{data::type::list};
  for (const auto& p : db.specific_purposes()) {
    data x;
    x.set("code", p.code());
    const std::string n = CodeName(l, p.code(), false);
    x.set("name",
          n.empty() ? (p.name_zh().empty() ? p.note() : p.name_zh()) : n);
    purposes.push_back(x);
  }
  d.set("purposes", purposes);
  std::vector<std::string> sensitive;
  for (int i = 0; i < db.sensitive_types_size(); ++i)
    sensitive.push_back(
        EnumName(l, v1::SensitiveType_Name(db.sensitive_types(i))));
  if (!sensitive.empty()) d.set("sensitive", absl::StrJoin(sensitive, "、"));
  d.set("sources", Pick(l, db.record_sources()));
  d.set("retention", db.retention());
  d.set("holding_basis", Basis(db.holding_basis()));
  d.set("collection_ground",
        EnumName(l, v1::CollectionGround_Name(db.collection_ground())));
  if (db.art6_ground() != v1::LEGAL_GROUND_UNSPECIFIED)
    d.set("art6", EnumName(l, v1::LegalGround_Name(db.art6_ground())));
  const std::string yes = site::SiteText(l).at("yes"),
                    no = site::SiteText(l).at("no");
  data uses{data::type::list};
  for (const auto& u : db.out_of_purpose_uses()) {
    data x;
    x.set("recipient", Pick(l, u.recipient_name()));
    x.set("purpose", Pick(l, u.purpose()));
    x.set("ground", EnumName(l, v1::LegalGround_Name(u.legal_ground())));
    if (!u.specific_law().empty()) x.set("law", Basis(u.specific_law()));
    if (u.has_consent())
      x.set(
          "consent",
          absl::StrCat(EnumName(l, v1::Consent::Form_Name(u.consent().form())),
                       "；", u.consent().obtained_how()));
    x.set("form", EnumName(l, v1::Identifiability_Name(u.identifiability())));
    x.set("access", EnumName(l, v1::AccessMode_Name(u.access_mode())));
    x.set("approval", u.approval_body());
    x.set("status", EnumName(l, v1::UseStatus_Name(u.status())));
    x.set("valid", absl::StrCat(u.valid_from(), " – ", u.valid_to()));
    x.set("optout", u.opt_out_honoured() ? yes : no);
    uses.push_back(x);
  }
  d.set("uses", uses);
  data links{data::type::list};
  for (const auto& k : db.linkages()) {
    data x;
    x.set("direction", EnumName(l, v1::Linkage::Direction_Name(k.direction())));
    if (!k.linked_entry_id().empty()) {
      x.set("partner", k.linked_entry_id());
      x.set("href", absl::StrCat("db/", k.linked_entry_id(), ".html"));
    } else {
      x.set("partner", k.external_name());
    }
    x.set("purpose", Pick(l, k.purpose()));
    x.set("join_key", EnumName(l, v1::JoinKeyType_Name(k.join_key_type())));
    x.set("basis", Basis(k.legal_basis()));
    links.push_back(x);
  }
  d.set("linkages", links);
  d.set("optout_available", db.opt_out().available());
  d.set("optout_rule", db.opt_out().effective_rule());
  d.set("optout_scope", db.opt_out().scope());
  data channels{data::type::list};
  for (const auto& c : db.rights_channels()) {
    data x;
    x.set("right", EnumName(l, v1::DataSubjectRight_Name(c.right())));
    x.set("method", EnumName(l, v1::ChannelMethod_Name(c.method())));
    std::vector<std::string> where;
    for (const std::string* s :
         {&c.where().unit(), &c.where().address(), &c.where().phone(),
          &c.where().email(), &c.where().hours()})
      if (!s->empty()) where.push_back(*s);
    x.set("where", absl::StrJoin(where, "；"));
    // Only web links are made clickable; anything else stays text.
    if (absl::StartsWith(c.where().url(), "https://") ||
        absl::StartsWith(c.where().url(), "http://"))
      x.set("url", c.where().url());
    x.set("deadline", c.deadline_days() > 0
                          ? absl::StrCat(c.deadline_days(), " ",
                                         site::SiteText(l).at("days"))
                          : "");
    x.set("fee", c.fee());
    channels.push_back(x);
  }
  d.set("channels", channels);
  d.set("bundle", bundle);
  d.set("version", std::to_string(db.version()));
  d.set("last_reviewed", db.last_reviewed_at());
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
    x.set("agency", AgencyName(l, p.agency_id));
    x.set("agency_id", p.agency_id);
    x.set("summary", absl::StrCat(site::SiteText(l).at("changed"), " ",
                                  absl::StrJoin(p.changed_keys, ", ")));
    changes.push_back(x);
  }
  d.set("changes", changes);
  Page(l, "index.html", site::SiteText(l).at("home_title"), site::kHome,
       std::move(d));
}

void SiteBuilder::State::DatabasesPage(Lang l) {
  data d;
  data rows{data::type::list};
  std::set<std::string> cat_codes, purpose_codes, grounds;
  for (const DbSummary& s : dbs) {
    data x;
    x.set("entry_id", s.entry_id);
    x.set("page", s.page);
    x.set("name", Pick(l, s.name));
    x.set("agency", AgencyName(l, s.agency_id));
    std::vector<std::string> names;
    for (const auto& c : s.categories) {
      cat_codes.insert(c);
      const std::string n = CodeName(l, c, true);
      names.push_back(n.empty() ? c : n);
    }
    for (const auto& p : s.purposes) purpose_codes.insert(p);
    for (const auto& g : s.grounds) grounds.insert(g);
    x.set("categories", absl::StrJoin(names, "、"));
    x.set("uses", std::to_string(s.uses));
    x.set("optout", site::SiteText(l).at(s.optout ? "yes" : "no"));
    x.set("withdrawn", s.withdrawn);
    rows.push_back(x);
  }
  d.set("databases", rows);
  d.set("count_text", Zh(l) ? absl::StrCat("共 ", dbs.size(), " 個資料庫")
                            : absl::StrCat(dbs.size(), " databases"));
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
  d.set("categories", codes(cat_codes, true));
  d.set("purposes", codes(purpose_codes, false));
  data ground_list{data::type::list};
  for (const auto& g : grounds) {
    data x;
    x.set("code", g);
    x.set("name", EnumName(l, g));
    ground_list.push_back(x);
  }
  d.set("grounds", ground_list);
  Page(l, "databases.html", site::SiteText(l).at("databases_title"),
       site::kDatabases, std::move(d), /*search=*/true);
}

void SiteBuilder::State::WhoPage(Lang l) {
  data topics{data::type::list};
  for (const Topic& t : Topics()) {
    data x;
    x.set("anchor", t.anchor);
    x.set("title", site::SiteText(l).at(t.text_key));
    std::vector<std::string> names;
    for (const auto& c : t.codes) {
      const std::string n = CodeName(l, c, true);
      names.push_back(n.empty() ? c : absl::StrCat(c, " ", n));
    }
    x.set("codes", absl::StrJoin(names, "、"));
    data holders{data::type::list};
    for (const DbSummary& s : dbs) {
      if (s.withdrawn) continue;
      bool holds = false;
      for (const auto& c : t.codes)
        holds =
            holds || std::count(s.categories.begin(), s.categories.end(), c);
      if (!holds) continue;
      data h;
      h.set("page", s.page);
      h.set("name", Pick(l, s.name));
      h.set("agency", AgencyName(l, s.agency_id));
      std::vector<std::string> flows;
      for (const auto& f : s.flows) flows.push_back(Pick(l, f));
      if (!flows.empty()) h.set("flows", absl::StrJoin(flows, "、"));
      holders.push_back(h);
    }
    x.set("holders", holders);
    topics.push_back(x);
  }
  data d;
  d.set("topics", topics);
  Page(l, "who.html", site::SiteText(l).at("who_title"), site::kWho,
       std::move(d));
}

void SiteBuilder::State::LinkagesPage(Lang l) {
  std::map<std::string, std::string> names;  // entry id -> shown name
  for (const DbSummary& s : dbs) names[s.entry_id] = Pick(l, s.name);
  std::vector<std::string> nodes;
  std::map<std::string, size_t> at;
  const auto add = [&](const std::string& id) {
    if (at.count(id) || nodes.size() >= kMaxGraphNodes) return;
    at[id] = nodes.size();
    nodes.push_back(id);
  };
  std::vector<v1h::LinkageEdge> sorted = edges;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.from_entry_id(), a.to()) <
           std::tie(b.from_entry_id(), b.to());
  });
  for (const auto& e : sorted) {
    add(e.from_entry_id());
    add(e.to());
  }
  std::sort(nodes.begin(), nodes.end());  // grouped by agency (id prefix)
  for (size_t i = 0; i < nodes.size(); ++i) at[nodes[i]] = i;
  const double cx = 480, cy = 420, r = 300;
  const auto pos = [&](size_t i, double* x, double* y) {
    const double a = 2 * M_PI * static_cast<double>(i) /
                     static_cast<double>(std::max<size_t>(nodes.size(), 1));
    *x = cx + r * std::cos(a);
    *y = cy + r * std::sin(a);
  };
  const auto label = [&](const std::string& id) {
    if (absl::StartsWith(id, "external:")) return id.substr(9);
    auto it = names.find(id);
    return it == names.end() ? id : it->second;
  };
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
    const std::string full = label(nodes[i]);
    n.set("label", absl::StrCat(full, " (", nodes[i], ")"));
    n.set("short", full.size() > 36 ? full.substr(0, 33) + "…" : full);
    n.set("external", absl::StartsWith(nodes[i], "external:"));
    node_list.push_back(n);
  }
  data edge_list{data::type::list}, rows{data::type::list};
  for (const auto& e : sorted) {
    const std::string direction =
        EnumName(l, v1::Linkage::Direction_Name(e.direction()));
    data row;
    row.set("from", label(e.from_entry_id()));
    row.set("to", label(e.to()));
    row.set("direction", direction);
    row.set("purpose", Pick(l, e.purpose()));
    row.set("basis", Basis(e.legal_basis()));
    row.set("dangling", e.dangling());
    rows.push_back(row);
    if (!at.count(e.from_entry_id()) || !at.count(e.to())) continue;
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
    x.set("label", absl::StrCat(label(e.from_entry_id()), " — ", direction,
                                " — ", label(e.to())));
    edge_list.push_back(x);
  }
  data d;
  d.set("width", "960");
  d.set("height", "840");
  d.set("nodes", node_list);
  d.set("edges", edge_list);
  d.set("rows", rows);
  Page(l, "linkages.html", site::SiteText(l).at("linkages_page_title"),
       site::kLinkages, std::move(d));
}

void SiteBuilder::State::RequestsPage(Lang l) {
  const auto& t = site::SiteText(l);
  data agencies_list{data::type::list};
  for (auto& [agency_id, list] : stats) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first.period() < b.first.period();
    });
    std::vector<std::pair<std::string, int64_t>> trend;
    data periods{data::type::list};
    for (const auto& [s, bundle] : list) {
      data p;
      p.set("period", s.period());
      p.set("synthetic", s.synthetic());
      p.set("bundle", bundle);
      p.set("not_tracked",
            s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED);
      p.set("zero", s.reporting_status() == v1::REPORTING_STATUS_ZERO);
      if (!s.correction_note().empty())
        p.set("correction", s.correction_note());
      if (s.reporting_status() == v1::REPORTING_STATUS_REPORTED) {
        int banded = 0;
        std::map<std::string, int64_t> by_basis, by_purpose, by_provider;
        for (const auto& row : s.rows()) {
          if (row.suppressed()) {
            ++banded;
            continue;
          }
          by_basis[absl::StrCat(row.legal_basis().statute(),
                                row.legal_basis().article())] +=
              row.counts().requests();
          by_purpose[EnumName(
              l, v1::PurposeCategory_Name(row.purpose_category()))] +=
              row.counts().requests();
          by_provider[EnumName(l,
                               v1::ProviderType_Name(row.provider_type()))] +=
              row.counts().requests();
        }
        p.set("reported", true);
        // With banded rows the total is withheld: only published rows sum.
        p.set("total", banded > 0 ? absl::StrCat("≥ ", s.totals().requests())
                                  : std::to_string(s.totals().requests()));
        if (banded > 0) {
          p.set("banded", true);
          p.set("banded_text", absl::StrCat(banded, " × ", t.at("banded")));
        }
        data charts{data::type::list};
        for (const auto& [caption, m] :
             {std::pair<std::string, const std::map<std::string, int64_t>*>{
                  t.at("by_basis"), &by_basis},
              {t.at("by_purpose"), &by_purpose},
              {t.at("by_provider"), &by_provider}}) {
          data c;
          c.set("caption", caption);
          c.set("svg", BarChart(l, caption, {m->begin(), m->end()}));
          charts.push_back(c);
        }
        p.set("charts", charts);
        trend.emplace_back(s.period(), s.totals().requests());
      } else if (s.reporting_status() == v1::REPORTING_STATUS_ZERO) {
        trend.emplace_back(s.period(), 0);
      } else {
        // "Not tracked" is drawn as a hatched outline, never as a zero bar.
        trend.emplace_back(s.period(), -1);
      }
      periods.push_back(p);
    }
    data a;
    a.set("agency_id", agency_id);
    a.set("agency", AgencyName(l, agency_id));
    a.set("trend", BarChart(l, t.at("trend"), trend));
    a.set("periods", periods);
    agencies_list.push_back(a);
  }
  data d;
  d.set("agencies", agencies_list);
  Page(l, "requests.html", t.at("requests_title"), site::kRequests,
       std::move(d));
}

void SiteBuilder::State::AgenciesPage(Lang l) {
  const auto& t = site::SiteText(l);
  data list{data::type::list};
  for (const auto& [a, evidence] : agencies) {
    data x;
    x.set("agency_id", a.agency_id());
    x.set("name", AgencyName(l, a.agency_id()));
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
    if (!a.misbehaving_reason().empty())
      x.set("reason", a.misbehaving_reason());
    if (!evidence.empty()) x.set("evidence", evidence);
    if (a.expires_at().seconds() > 0)
      x.set("expires",
            Date(l, absl::FromUnixSeconds(a.expires_at().seconds())));
    for (const Publication& p : publications) {
      if (p.agency_id != a.agency_id()) continue;
      x.set("issued", Date(l, absl::FromUnixSeconds(p.accepted_at)));
      x.set("size", std::to_string(p.tree_size));
      x.set("checkpoint", absl::StrCat("checkpoints/", a.agency_id(), ".note"));
      break;  // newest first
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
      e.set("summary", absl::StrCat("異動 changed: ",
                                    absl::StrJoin(p.changed_keys, ", ")));
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

void SiteBuilder::State::SearchIndex() {
  google::protobuf::Struct root;
  auto* syn = (*root.mutable_fields())["synonyms"].mutable_list_value();
  if (in.synonyms != nullptr) {
    for (const auto& group : in.synonyms->groups()) {
      auto* g = syn->add_values()->mutable_list_value();
      for (const auto& m : group) g->add_values()->set_string_value(m);
    }
  }
  auto* list = (*root.mutable_fields())["databases"].mutable_list_value();
  for (const DbSummary& s : dbs) {
    auto* f = list->add_values()->mutable_struct_value()->mutable_fields();
    (*f)["id"].set_string_value(s.entry_id);
    (*f)["agency"].set_string_value(s.agency_id);
    (*f)["optout"].set_bool_value(s.optout);
    (*f)["text"].set_string_value(s.search_text);
    for (const auto& [key, values] :
         {std::pair<const char*, const std::vector<std::string>*>{
              "categories", &s.categories},
          {"purposes", &s.purposes},
          {"grounds", &s.grounds}}) {
      auto* l = (*f)[key].mutable_list_value();
      for (const auto& v : *values) l->add_values()->set_string_value(v);
    }
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(root, &json);
  Write("search-index.json", json);
}

SiteBuilder::SiteBuilder(std::string dir, Inputs inputs, ExportListing* listing)
    : s_(std::make_unique<State>()) {
  s_->dir = std::move(dir);
  s_->in = std::move(inputs);
  s_->listing = listing;
  for (const auto& r : s_->in.registry) s_->registry[r.agency_id()] = r;
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
    s_->profile_names[agency_id] = entry.agency_profile().name();
    return;
  }
  if (!entry.has_database()) return;
  const v1::DatabaseEntry& db = entry.database();
  DbSummary s;
  s.agency_id = agency_id;
  s.entry_id = absl::StrCat(agency_id, "/", db.database_id());
  s.page = absl::StrCat("db/", s.entry_id, ".html");
  s.name = db.file_name();
  for (const auto& c : db.data_categories()) s.categories.push_back(c.code());
  for (const auto& p : db.specific_purposes()) s.purposes.push_back(p.code());
  std::set<std::string> grounds;
  for (const auto& u : db.out_of_purpose_uses()) {
    grounds.insert(v1::LegalGround_Name(u.legal_ground()));
    s.flows.push_back(u.recipient_name());
  }
  for (const auto& k : db.linkages()) {
    if (k.direction() == v1::Linkage::DIRECTION_INBOUND) continue;
    v1::LocalizedText partner;
    partner.set_zh_tw(k.linked_entry_id().empty() ? k.external_name()
                                                  : k.linked_entry_id());
    s.flows.push_back(partner);
  }
  s.grounds.assign(grounds.begin(), grounds.end());
  s.optout = db.opt_out().available();
  s.withdrawn = db.status() == v1::ENTRY_STATUS_WITHDRAWN;
  s.uses = db.out_of_purpose_uses_size();
  std::string text =
      absl::StrCat(db.file_name().zh_tw(), " ", db.file_name().en(), " ",
                   db.description().zh_tw(), " ", db.description().en(), " ",
                   db.subject_categories().zh_tw(), " ",
                   s_->AgencyName(Lang::kZhTw, agency_id), " ",
                   s_->AgencyName(Lang::kEn, agency_id));
  for (const auto& c : s.categories)
    absl::StrAppend(&text, " ", s_->CodeName(Lang::kZhTw, c, true));
  for (const auto& u : db.out_of_purpose_uses())
    absl::StrAppend(&text, " ", u.recipient_name().zh_tw(), " ",
                    u.purpose().zh_tw());
  s.search_text = absl::AsciiStrToLower(text);
  for (Lang l : kLangs) s_->DatabasePage(l, agency_id, db, s.page, bundle_path);
  s_->dbs.push_back(std::move(s));
}

void SiteBuilder::AddPublication(Publication p) {
  s_->publications.push_back(std::move(p));
}

void SiteBuilder::AddAgency(const v1h::AgencySummary& summary,
                            const std::string& evidence_path) {
  s_->agencies.emplace_back(summary, evidence_path);
}

void SiteBuilder::AddLinkage(const v1h::LinkageEdge& edge) {
  s_->edges.push_back(edge);
}

void SiteBuilder::SetCoverage(const v1h::GetCoverageResponse& coverage) {
  s_->coverage = coverage;
}

absl::Status SiteBuilder::Finish() {
  std::sort(s_->publications.begin(), s_->publications.end(),
            [](const Publication& a, const Publication& b) {
              return std::tie(b.accepted_at, b.agency_id) <
                     std::tie(a.accepted_at, a.agency_id);
            });
  std::sort(s_->dbs.begin(), s_->dbs.end(),
            [](const DbSummary& a, const DbSummary& b) {
              return a.entry_id < b.entry_id;
            });
  for (Lang l : kLangs) {
    s_->HomePage(l);
    s_->DatabasesPage(l);
    s_->WhoPage(l);
    s_->LinkagesPage(l);
    s_->RequestsPage(l);
    s_->AgenciesPage(l);
  }
  s_->Feeds();
  s_->SearchIndex();
  s_->Write("site.css", std::string(site::kStyleSheet));
  s_->Write("search.js", std::string(site::kSearchScript));
  return s_->status;
}

}  // namespace disclosure::hub
