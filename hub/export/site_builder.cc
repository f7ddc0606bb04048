#include "hub/export/site_builder.h"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "core/witness_policy.h"
#include "hub/export/coverage_page.h"
#include "hub/export/database_page.h"
#include "hub/export/requests_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_templates.h"
#include "hub/export/site_text.h"
#include "hub/export/site_values.h"
#include "hub/export/verify_examples.h"

namespace disclosure::hub {

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
    for (const char* field :
         {"contact", "officer", "privacy_page", "has_channels", "shared"})
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
      x.set("has_channels", !profile.default_rights_channels().empty());
      site::SetChannels(l, profile.default_rights_channels(), &x);
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
