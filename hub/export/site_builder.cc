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
#include "format/witness_policy.h"
#include "hub/export/coverage_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/site_templates.h"
#include "hub/export/site_text.h"
#include "hub/export/site_values.h"

namespace disclosure::hub {

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
    } else if (absl::StartsWith(key, "answers/")) {
      // Questions and opinions alike: the key does not say which.
      named.push_back(zh ? absl::StrCat("回覆 ", key.substr(8))
                         : absl::StrCat("answer to ", key.substr(8)));
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

SiteBuilder::SiteBuilder(std::string dir, Inputs inputs, ExportListing* listing)
    : s_(std::make_unique<State>()) {
  s_->dir = std::move(dir);
  s_->in = std::move(inputs);
  s_->listing = listing;
  for (const auto& r : s_->in.registry) s_->registry[r.agency_id()] = r;
  s_->OpenLists();
}

SiteBuilder::~SiteBuilder() = default;

void SiteBuilder::BeginAgency(const std::string& agency_id) {
  s_->scope.emplace();
  s_->scope->agency_id = agency_id;
  s_->agency_rows.emplace();
}

std::vector<std::string> SiteBuilder::EndAgency() {
  std::vector<std::string> names;
  if (s_->scope.has_value()) {
    s_->WriteAgencyPages(s_->scope->agency_id);
    names.assign(s_->scope->names.begin(), s_->scope->names.end());
  }
  s_->scope.reset();
  s_->agency_rows.reset();
  return names;
}

const std::string& SiteBuilder::today() const { return s_->today; }

void SiteBuilder::AddEntry(const std::string& agency_id,
                           const v1::DisclosureEntry& entry,
                           const std::string& bundle_path, Pages pages) {
  if (entry.has_statistics()) {
    s_->stats[agency_id].emplace_back(entry.statistics(), bundle_path);
    s_->NoteWithheld(agency_id, entry.statistics());
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
  s_->NoteWithheld(agency_id, db, page);
  s_->AddSearchEntry(agency_id, db, entry_id);
  s_->AddDatabaseRows(agency_id, db, page, pages == Pages::kWrite);
  if (pages == Pages::kReused) return;
  for (Lang l : kLangs) DatabasePage(*s_, l, agency_id, db, page, bundle_path);
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
  if (++s_->incomplete_count > kMaxIncompleteRows) return;
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
  s_->coverage.set_items_withheld(coverage.items_withheld());
  s_->coverage.set_withholdings_overdue(coverage.withholdings_overdue());
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
    for (SitePage page : SitePages()) page(*s_, l);
  }
  Feeds(*s_);
  s_->search_entries->End();
  s_->search_index->Append("}\n");
  if (absl::Status st = s_->search_index->Close(s_->listing); s_->status.ok())
    s_->status = st;
  s_->Write("site.css", std::string(site::kStyleSheet));
  s_->Write("search.js", std::string(site::kSearchScript));
  return s_->status;
}

}  // namespace disclosure::hub
