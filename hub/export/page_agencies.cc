// agencies.html: each agency's state, contacts and latest signed publication.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/export/database_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/site_participation.h"

namespace disclosure::hub {
namespace {

// The CSS class of an agency's state; its words are the text "state_<class>".
const char* FreshnessClass(v1h::Freshness f) {
  switch (f) {
    case v1h::FRESHNESS_FRESH:
      return "fresh";
    case v1h::FRESHNESS_OVERDUE:
      return "overdue";
    case v1h::FRESHNESS_UNREACHABLE:
      return "unreachable";
    case v1h::FRESHNESS_MISBEHAVING:
      return "misbehaving";
    default:
      return "never";
  }
}

// The state, since when, why (if misbehaving), the evidence and expiry.
void SetState(Lang l, const v1h::AgencySummary& a, const std::string& evidence,
              data* x) {
  const std::string cls = FreshnessClass(a.freshness());
  x->set("state", site::SiteText(l).at(absl::StrCat("state_", cls)));
  x->set("state_class", cls);
  if (a.since().seconds() > 0) {
    x->set("since", Date(l, absl::FromUnixSeconds(a.since().seconds())));
    x->set("since_iso", Rfc3339(absl::FromUnixSeconds(a.since().seconds())));
  }
  x->set("reason", a.misbehaving_reason().empty()
                       ? data(data::type::bool_false)
                       : site::Run(l, a.misbehaving_reason()));
  if (!evidence.empty()) x->set("evidence", evidence);
  if (a.expires_at().seconds() > 0)
    x->set("expires", Date(l, absl::FromUnixSeconds(a.expires_at().seconds())));
}

// The agency's latest publication (publications are newest first).
void SetLatestPublication(SiteBuilder::State& s, Lang l,
                          const std::string& agency_id, data* x) {
  for (const Publication& p : s.publications) {
    if (p.agency_id != agency_id) continue;
    x->set("issued", Date(l, absl::FromUnixSeconds(p.accepted_at)));
    x->set("size", std::to_string(p.tree_size));
    x->set("checkpoint", absl::StrCat("checkpoints/", agency_id, ".note"));
    x->set("cosigned", s.CosignedBy(p.checkpoint_note));
    return;
  }
}

// What the agency's signed profile says of whom to reach, or false for
// each part it does not give.
void SetContacts(Lang l, const v1::AgencyProfile* profile, data* x) {
  for (const char* field :
       {"contact", "officer", "privacy_page", "has_channels", "shared"})
    x->set(field, data(data::type::bool_false));
  if (profile == nullptr) return;
  const auto joined = [&](std::initializer_list<const std::string*> values) {
    std::vector<std::string> parts;
    for (const std::string* v : values)
      if (!v->empty()) parts.push_back(*v);
    return parts.empty()
               ? data(data::type::bool_false)
               : site::Run(l, absl::StrJoin(parts, Zh(l) ? "；" : "; "));
  };
  const auto& contact = profile->contact();
  x->set("contact", joined({&contact.unit(), &contact.phone(), &contact.email(),
                            &contact.address()}));
  const auto& dpo = profile->data_protection_officer();
  x->set("officer", joined({&dpo.title(), &dpo.name(), &dpo.contact().phone(),
                            &dpo.contact().email()}));
  x->set("privacy_page", profile->privacy_page_url().empty()
                             ? data(data::type::bool_false)
                             : site::Link(l, profile->privacy_page_url()));
  x->set("has_channels", !profile->default_rights_channels().empty());
  site::SetChannels(l, profile->default_rights_channels(), x);
}

// The agency's participation counts in one sentence (false without
// participation).
void SetParticipation(SiteBuilder::State& s, Lang l, const std::string& id,
                      data* x) {
  const ParticipationView* v = s.in.participation;
  if (v == nullptr || !v->enabled) {
    x->set("participation", data(data::type::bool_false));
    return;
  }
  auto it = v->agencies.find(id);
  x->set("participation", site::ParticipationCountsSentence(
                              l,
                              it == v->agencies.end() ? ParticipationCounts{}
                                                      : it->second.counts,
                              v->deadline_days));
}

}  // namespace

void AgenciesPage(SiteBuilder::State& s, Lang l) {
  const auto& late = s.coverage.agencies_late();
  data list{data::type::list};
  for (const auto& [a, evidence] : s.agencies) {
    const std::string& id = a.agency_id();
    data x;
    x.set("agency_id", id);
    x.set("name", site::Run(l, s.AgencyName(l, id)));
    SetState(l, a, evidence, &x);
    SetLatestPublication(s, l, id, &x);
    x.set("late", std::find(late.begin(), late.end(), id) != late.end());
    auto profile = s.profiles.find(id);
    SetContacts(l, profile == s.profiles.end() ? nullptr : &profile->second,
                &x);
    x.set("databases", std::to_string(a.database_count()));
    x.set("periods", std::to_string(a.statistics_periods()));
    // Linked only when this export wrote (or kept) the agency's page.
    const auto counted = s.agency_counts.find(id);
    x.set("has_databases",
          counted != s.agency_counts.end() && counted->second.databases > 0);
    const auto stats = s.stats.find(id);
    x.set("has_periods", stats != s.stats.end() && !stats->second.empty());
    SetParticipation(s, l, id, &x);
    list.push_back(x);
  }
  data d;
  d.set("agencies", list);
  s.Page(l, "agencies.html", site::SiteText(l).at("agencies_title"),
         site::kAgencies, std::move(d));
}

}  // namespace disclosure::hub
