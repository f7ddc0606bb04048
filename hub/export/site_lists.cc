// The site's long lists, written as entries arrive: each agency's
// database list and "who holds my data" rows, and search-index.json.
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "core/json.h"
#include "google/protobuf/struct.pb.h"
#include "hub/export/site_builder_state.h"

namespace disclosure::hub {

void SiteBuilder::State::OpenLists() {
  for (auto& l : lists) {
    l.linkages = std::make_unique<SpillFile>(dir);
    l.incomplete = std::make_unique<SpillFile>(dir);
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
  std::string json = ToJson(synonyms);
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
  // What the results table shows: the names (zh-TW, English), the number of
  // other uses, and whether the database was withdrawn.
  auto* name = (*f)["name"].mutable_list_value();
  name->add_values()->set_string_value(db.file_name().zh_tw());
  name->add_values()->set_string_value(db.file_name().en());
  (*f)["uses"].set_number_value(db.out_of_purpose_uses_size());
  if (db.status() == v1::ENTRY_STATUS_WITHDRAWN)
    (*f)["withdrawn"].set_bool_value(true);
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
  std::string json = ToJson(item);
  search_entries->Add(json);
}

void SiteBuilder::State::AddDatabaseRows(const std::string& agency_id,
                                         const v1::DatabaseEntry& db,
                                         const std::string& page, bool rows) {
  const bool withdrawn = db.status() == v1::ENTRY_STATUS_WITHDRAWN;
  AgencyCounts& counts = agency_counts[agency_id];
  counts.holders.resize(Topics().size(), 0);
  ++counts.databases;
  std::vector<bool> holds(Topics().size(), false);
  for (size_t t = 0; t < Topics().size(); ++t) {
    for (const auto& c : db.data_categories()) {
      const auto& codes = Topics()[t].codes;
      if (std::count(codes.begin(), codes.end(), c.code())) holds[t] = true;
    }
    if (holds[t] && !withdrawn) {
      ++holder_counts[t];
      ++counts.holders[t];
    }
  }
  if (!rows || !agency_rows.has_value()) return;
  AgencyRows& out = *agency_rows;
  // The agency's counts include this database already (its rows are the
  // counts' databases, in order).
  const bool new_page = (counts.databases - 1) % kListPageRows == 0;
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
  for (Lang l : kLangs) {
    const int li = LangIndex(l);
    if (new_page)
      out.database_pages[li].push_back(std::make_unique<SpillFile>(dir));
    std::vector<std::string> names;
    for (const auto& c : db.data_categories()) {
      const std::string n = CodeName(l, c.code(), true);
      names.push_back(n.empty() ? c.code() : n);
    }
    data x;
    x.set("entry_id", absl::StrCat(agency_id, "/", db.database_id()));
    x.set("home", LinksOf(l, "databases/x.html").home);
    x.set("page", page);
    x.set("name", site::Run(l, db.file_name()));
    x.set("agency", site::Run(l, AgencyName(l, agency_id)));
    x.set("categories",
          site::Run(l, absl::StrJoin(names, Zh(l) ? "、" : ", ")));
    x.set("uses", std::to_string(db.out_of_purpose_uses_size()));
    x.set("optout",
          site::SiteText(l).at(db.opt_out().available() ? "yes" : "no"));
    x.set("withdrawn", withdrawn);
    out.database_pages[li].back()->Append(Render(site::kDatabasesRow, l, x));
    if (withdrawn) continue;
    if (out.holders[li].empty()) {
      for (size_t t = 0; t < Topics().size(); ++t)
        out.holders[li].push_back(std::make_unique<SpillFile>(dir));
    }
    // Each recipient once, however often it is declared.
    std::vector<std::string> shown_flows;
    std::set<std::string> seen;
    for (const auto& f : flows) {
      std::string name = Pick(l, f);
      if (seen.insert(name).second) shown_flows.push_back(std::move(name));
    }
    data h;
    h.set("home", LinksOf(l, "who/x.html").home);
    h.set("page", page);
    h.set("name", site::Run(l, db.file_name()));
    h.set("flows",
          shown_flows.empty()
              ? data(data::type::bool_false)
              : site::Run(l, absl::StrJoin(shown_flows, Zh(l) ? "、" : ", ")));
    for (size_t t = 0; t < Topics().size(); ++t) {
      if (holds[t] && counts.holders[t] <= kWhoTopicRows)
        out.holders[li][t]->Append(Render(site::kWhoHolder, l, h));
    }
  }
}

}  // namespace disclosure::hub
