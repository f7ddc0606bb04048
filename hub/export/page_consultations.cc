// consultations.html: every consultation round, newest first: whether it
// is open, its entries, documents and platform topic, and how each agency
// handled each opinion, as signed. Written only when the hub takes
// participation.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/site_participation.h"

namespace disclosure::hub {
namespace {

// The page and name of one entry a round names.
data EntryData(SiteBuilder::State& s, Lang l, const v1h::ConsultationEntry& e) {
  data x;
  x.set("agency", site::Run(l, s.AgencyName(l, e.agency_id())));
  absl::string_view key = e.concerns();
  if (absl::ConsumePrefix(&key, "db/")) {
    const std::string id = absl::StrCat(e.agency_id(), "/", key);
    x.set("page", absl::StrCat("db/", id, ".html#ask-db"));
    x.set("name", site::Run(l, s.ShownName(l, id)));
  } else {
    absl::ConsumePrefix(&key, "stats/");
    x.set("page", absl::StrCat("requests/", e.agency_id(), ".html#ask-req-",
                               e.agency_id()));
    x.set("name", site::Run(l, absl::StrCat(site::Zh(l) ? "調取統計 "
                                                        : "Request statistics ",
                                            key)));
  }
  return x;
}

data RoundData(SiteBuilder::State& s, Lang l, const RoundView& r) {
  const v1h::ConsultationRound& round = r.round;
  data x;
  x.set("id", round.id());
  x.set("title", site::Run(l, site::RoundTitle(l, round)));
  x.set("state", site::SiteText(l).at(r.open ? "cr_open" : "cr_closed"));
  x.set("status", site::RoundStatusSentence(l, r));
  const std::string& description = site::Zh(l) || round.description_en().empty()
                                       ? round.description_zh_tw()
                                       : round.description_en();
  if (!description.empty()) x.set("description", site::Run(l, description));
  data entries{data::type::list};
  for (const auto& e : round.entries()) entries.push_back(EntryData(s, l, e));
  x.set("entries", entries);
  data documents{data::type::list};
  for (const auto& doc : round.documents()) {
    data d;
    d.set("url", doc.url());
    d.set("title", site::Run(l, doc.title()));
    documents.push_back(d);
  }
  x.set("documents", documents);
  x.set("has_documents", round.documents_size() > 0);
  if (!round.platform_url().empty())
    x.set("platform_url", round.platform_url());
  x.set("counts", site::RoundCountsSentence(l, r.counts));
  data handled{data::type::list};
  for (const auto& [agency_id, answer] : r.handled) {
    data a = site::AnswerData(l, answer, s.today);
    a.set("agency", site::Run(l, s.AgencyName(l, agency_id)));
    handled.push_back(a);
  }
  x.set("handled", handled);
  x.set("has_handled", !r.handled.empty());
  data waiting{data::type::list};
  for (const auto& [agency_id, o] : r.waiting) {
    data w = site::OpenData(l, o);
    w.set("agency", site::Run(l, s.AgencyName(l, agency_id)));
    waiting.push_back(w);
  }
  x.set("waiting", waiting);
  x.set("has_waiting", !r.waiting.empty());
  return x;
}

}  // namespace

void ConsultationsPage(SiteBuilder::State& s, Lang l) {
  const ParticipationView* view = s.in.participation;
  if (view == nullptr || !view->enabled) return;
  data rounds{data::type::list};
  for (const RoundView& r : view->rounds) rounds.push_back(RoundData(s, l, r));
  data d;
  d.set("rounds", rounds);
  d.set("none", view->rounds.empty());
  s.Page(l, "consultations.html", site::SiteText(l).at("cr_title"),
         site::kConsultations, std::move(d));
}

}  // namespace disclosure::hub
