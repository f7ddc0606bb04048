#include "hub/index/disclosure_index.h"

#include <algorithm>
#include <deque>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/coverage.h"
#include "core/request_counts.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr uint32_t kDefaultPageSize = 50;
constexpr uint32_t kMaxPageSize = 500;
constexpr uint32_t kDefaultEdgePage = 500;
constexpr uint32_t kMaxEdgePage = 1000;
// A page of edges stops before this many bytes, whatever its edge count.
constexpr size_t kMaxEdgePageBytes = 1 << 20;

std::string SearchText(const v1::DatabaseEntry& e) {
  std::string t = absl::StrCat(
      e.database_id(), "\n", e.file_name().zh_tw(), "\n", e.file_name().en(),
      "\n", e.description().zh_tw(), "\n", e.description().en(), "\n",
      e.subject_categories().zh_tw(), "\n");
  for (const auto& u : e.out_of_purpose_uses()) {
    absl::StrAppend(&t, u.recipient_name().zh_tw(), "\n",
                    u.recipient_name().en(), "\n", u.purpose().zh_tw(), "\n",
                    u.purpose().en(), "\n");
  }
  // ASCII case folding; Chinese text matches as is, with no word spacing.
  return absl::AsciiStrToLower(t);
}

bool HasCode(const google::protobuf::RepeatedPtrField<v1::CodeRef>& codes,
             const std::string& code) {
  for (const auto& c : codes) {
    if (c.code() == code) return true;
  }
  return false;
}

// The UTF-8 code points of `s`, each as its own string.
std::vector<std::string> CodePoints(absl::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, s.size() - i);
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Grams of a query term: its bigrams, or the term itself if one character.
std::vector<std::string> TermGrams(absl::string_view term) {
  std::vector<std::string> cps = CodePoints(term);
  if (cps.size() == 1) return cps;
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < cps.size(); ++i)
    out.push_back(cps[i] + cps[i + 1]);
  return out;
}

// Whether `term` is itself one indexed gram (one or two characters): its
// posting list is then exactly the documents containing it, with no need to
// look at their text.
bool IsOneGram(const std::string& term) {
  std::vector<std::string> grams = TermGrams(term);
  return grams.size() == 1 && grams[0] == term;
}

// Whether `e` passes the search filters that read the entry itself
// (codes, opt-out, legal ground, recipient).
bool PassesEntryFilters(const v1h::SearchDatabasesRequest& req,
                        const v1::DatabaseEntry& e) {
  if (!req.data_category().empty() &&
      !HasCode(e.data_categories(), req.data_category())) {
    return false;
  }
  if (!req.specific_purpose().empty() &&
      !HasCode(e.specific_purposes(), req.specific_purpose())) {
    return false;
  }
  if (req.has_opt_out_available() &&
      e.opt_out().available() != req.opt_out_available()) {
    return false;
  }
  if (req.legal_ground() != v1::LEGAL_GROUND_UNSPECIFIED) {
    bool any = e.art6_ground() == req.legal_ground();
    for (const auto& u : e.out_of_purpose_uses())
      any = any || u.legal_ground() == req.legal_ground();
    if (!any) return false;
  }
  if (!req.recipient().empty()) {
    bool any = false;
    for (const auto& u : e.out_of_purpose_uses()) {
      any = any ||
            absl::StrContains(u.recipient_name().zh_tw(), req.recipient()) ||
            absl::AsciiStrToLower(u.recipient_name().en())
                    .find(absl::AsciiStrToLower(req.recipient())) !=
                std::string::npos;
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

void DisclosureIndex::Unindex(const std::string& agency_id,
                              const std::string& database_id) {
  auto it = doc_of_.find({agency_id, database_id});
  if (it == doc_of_.end()) return;
  docs_[it->second].alive = false;
  doc_of_.erase(it);
}

std::vector<uint32_t> DisclosureIndex::WordCandidates(
    const std::string& word) const {
  std::vector<uint32_t> result;
  bool first = true;
  for (const std::string& gram : TermGrams(word)) {
    auto it = grams_.find(gram);
    if (it == grams_.end()) return {};
    if (first) {
      result = it->second;
      first = false;
    } else {
      std::vector<uint32_t> both;
      std::set_intersection(result.begin(), result.end(), it->second.begin(),
                            it->second.end(), std::back_inserter(both));
      result.swap(both);
    }
    if (result.empty()) break;
  }
  return result;
}

std::vector<uint32_t> DisclosureIndex::Candidates(
    const std::vector<std::string>& terms) const {
  std::vector<uint32_t> result;
  bool first = true;
  for (const std::string& term : terms) {
    // A term matches through itself or any synonym it expands to.
    std::vector<uint32_t> any;
    for (const std::string& alt : synonyms_.Expand(term)) {
      std::vector<uint32_t> docs = WordCandidates(alt);
      std::vector<uint32_t> merged;
      std::set_union(any.begin(), any.end(), docs.begin(), docs.end(),
                     std::back_inserter(merged));
      any.swap(merged);
    }
    if (first) {
      result.swap(any);
      first = false;
    } else {
      std::vector<uint32_t> both;
      std::set_intersection(result.begin(), result.end(), any.begin(),
                            any.end(), std::back_inserter(both));
      result.swap(both);
    }
    if (result.empty()) return result;
  }
  return result;
}

void DisclosureIndex::SetSynonyms(Synonyms synonyms) {
  absl::MutexLock lock(&mu_);
  synonyms_ = std::move(synonyms);
}

void DisclosureIndex::Upsert(const std::string& agency_id, Agency& a,
                             const v1::DisclosureEntry& e) {
  switch (e.body_case()) {
    case v1::DisclosureEntry::kAgencyProfile:
      a.profile = e.agency_profile();
      break;
    case v1::DisclosureEntry::kDatabase: {
      const std::string& id = e.database().database_id();
      a.databases[id] = e.database();
      std::string text = SearchText(e.database());
      Unindex(agency_id, id);
      const uint32_t doc = static_cast<uint32_t>(docs_.size());
      docs_.push_back({agency_id, id, true});
      doc_of_[{agency_id, id}] = doc;
      std::vector<std::string> cps = CodePoints(text);
      absl::flat_hash_map<std::string, bool> seen;
      for (size_t i = 0; i < cps.size(); ++i) {
        for (const std::string& g :
             {cps[i], i + 1 < cps.size() ? cps[i] + cps[i + 1] : ""}) {
          if (g.empty() || g.find('\n') != std::string::npos ||
              !seen.emplace(g, true).second) {
            continue;
          }
          grams_[g].push_back(doc);
        }
      }
      std::string& stored_text = a.search_text[id];
      stored_text = std::move(text);
      docs_[doc].entry = &a.databases[id];
      docs_[doc].withdrawn =
          e.database().status() == v1::ENTRY_STATUS_WITHDRAWN;
      docs_[doc].text = &stored_text;
      a.edges[id] = EdgesOf(agency_id, e.database());
      break;
    }
    case v1::DisclosureEntry::kStatistics:
      a.statistics[e.statistics().period()] = e.statistics();
      break;
    default:
      break;
  }
}

void DisclosureIndex::Remove(const std::string& agency_id, Agency& a,
                             const std::string& key) {
  if (key == "agency") a.profile.reset();
  if (absl::StartsWith(key, "db/")) {
    a.databases.erase(key.substr(3));
    a.search_text.erase(key.substr(3));
    a.edges.erase(key.substr(3));
    Unindex(agency_id, key.substr(3));
  }
  if (absl::StartsWith(key, "stats/")) a.statistics.erase(key.substr(6));
}

void DisclosureIndex::ReplaceAgency(
    const std::string& agency_id,
    const std::vector<v1::DisclosureEntry>& entries) {
  absl::MutexLock lock(&mu_);
  Agency& a = agencies_[agency_id];
  for (const auto& [id, e] : a.databases) Unindex(agency_id, id);
  a = Agency();
  for (const auto& e : entries) Upsert(agency_id, a, e);
}

void DisclosureIndex::ApplyChanges(
    const std::string& agency_id,
    const std::vector<v1::DisclosureEntry>& upserts,
    const std::vector<std::string>& removed_keys) {
  absl::MutexLock lock(&mu_);
  Agency& a = agencies_[agency_id];
  for (const auto& k : removed_keys) Remove(agency_id, a, k);
  for (const auto& e : upserts) Upsert(agency_id, a, e);
}

void DisclosureIndex::RemoveAgency(const std::string& agency_id) {
  absl::MutexLock lock(&mu_);
  auto it = agencies_.find(agency_id);
  if (it == agencies_.end()) return;
  for (const auto& [id, e] : it->second.databases) Unindex(agency_id, id);
  agencies_.erase(it);
}

bool DisclosureIndex::HasAgency(const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  return agencies_.count(agency_id) > 0;
}

absl::StatusOr<v1h::SearchDatabasesResponse> DisclosureIndex::Search(
    const v1h::SearchDatabasesRequest& req) const {
  absl::StatusOr<uint64_t> start = ParsePageToken(req.page_token());
  if (!start.ok()) return start.status();
  std::vector<std::string> terms;
  for (absl::string_view t :
       absl::StrSplit(absl::AsciiStrToLower(req.text()),
                      absl::ByAnyChar(" \t\u3000"), absl::SkipWhitespace())) {
    terms.emplace_back(t);
  }
  const uint32_t page_size = req.page_size() == 0
                                 ? kDefaultPageSize
                                 : std::min(req.page_size(), kMaxPageSize);
  const uint64_t offset = *start;

  v1h::SearchDatabasesResponse out;
  int64_t matched = 0;
  absl::ReaderMutexLock lock(&mu_);
  // With text, only the documents holding every character bigram of every
  // term are looked at; results keep the (agency, database) order.
  // A candidate: where it sorts, the entry, and its text (with text only).
  struct Candidate {
    const std::string* agency_id;
    const std::string* id;
    const v1::DatabaseEntry* entry;
    const std::string* text;
  };
  std::vector<Candidate> order;
  // The terms whose text must be looked at: those with an alternative
  // longer than one gram (bigrams only narrow those candidates down).
  std::vector<std::vector<std::string>> expanded;
  for (const auto& t : terms) {
    std::vector<std::string> alternatives = synonyms_.Expand(t);
    if (!std::all_of(alternatives.begin(), alternatives.end(), IsOneGram))
      expanded.push_back(std::move(alternatives));
  }
  if (!terms.empty()) {
    for (uint32_t d : Candidates(terms)) {
      const Doc& doc = docs_[d];
      if (!doc.alive || (doc.withdrawn && !req.include_withdrawn())) continue;
      if (!req.agency_id().empty() && req.agency_id() != doc.agency_id)
        continue;
      order.push_back({&doc.agency_id, &doc.database_id, doc.entry, doc.text});
    }
  } else {
    for (const auto& [agency_id, a] : agencies_) {
      if (!req.agency_id().empty() && req.agency_id() != agency_id) continue;
      for (const auto& [id, e] : a.databases) {
        if (!req.include_withdrawn() &&
            e.status() == v1::ENTRY_STATUS_WITHDRAWN) {
          continue;
        }
        order.push_back({&agency_id, &id, &e, nullptr});
      }
    }
  }
  // The filters that read the entry itself; without them a text search
  // never touches the entries of its matches (only of its page).
  const bool entry_filters =
      !req.data_category().empty() || !req.specific_purpose().empty() ||
      req.has_opt_out_available() ||
      req.legal_ground() != v1::LEGAL_GROUND_UNSPECIFIED ||
      !req.recipient().empty();
  // Filters and the text check; matches are compacted to the front.
  for (size_t k = 0; k < order.size(); ++k) {
    const Candidate c = order[k];
    if (entry_filters && !PassesEntryFilters(req, *c.entry)) continue;
    // Bigrams only narrow the candidates: each term, or one of its
    // synonyms, must appear as written.
    bool all = true;
    for (const auto& alternatives : expanded) {
      bool found = false;
      for (const std::string& alt : alternatives)
        found = found || c.text->find(alt) != std::string::npos;
      all = all && found;
    }
    if (!all) continue;
    order[static_cast<size_t>(matched++)] = c;  // keep the matches in place
  }
  order.resize(static_cast<size_t>(matched));
  // Only the requested page needs the (agency, database) order: text
  // candidates come in document order, and sorting all of them cost a third
  // of a search over 100,000 entries (perf, bench/search_vs_postgres.sh).
  const size_t end = std::min<uint64_t>(
      order.size(), offset + static_cast<uint64_t>(page_size));
  if (!terms.empty() && offset < end) {
    std::partial_sort(
        order.begin(), order.begin() + static_cast<ptrdiff_t>(end), order.end(),
        [](const Candidate& x, const Candidate& y) {
          return std::tie(*x.agency_id, *x.id) < std::tie(*y.agency_id, *y.id);
        });
  }
  for (size_t i = offset; i < end; ++i) {
    auto* hit = out.add_hits();
    hit->set_entry_id(absl::StrCat(*order[i].agency_id, "/", *order[i].id));
    *hit->mutable_entry() = *order[i].entry;
  }
  out.set_total(matched);
  if (static_cast<uint64_t>(matched) > offset + page_size) {
    out.set_next_page_token(absl::StrCat(offset + page_size));
  }
  return out;
}

std::optional<v1::DatabaseEntry> DisclosureIndex::GetDatabase(
    const std::string& agency_id, const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  auto e = a->second.databases.find(id);
  if (e == a->second.databases.end()) return std::nullopt;
  return e->second;
}

std::optional<v1::AgencyProfile> DisclosureIndex::Profile(
    const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  return a->second.profile;
}

std::pair<int64_t, int64_t> DisclosureIndex::Counts(
    const std::string& agency_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return {0, 0};
  int64_t live = 0;
  for (const auto& [id, e] : a->second.databases) {
    if (e.status() != v1::ENTRY_STATUS_WITHDRAWN) ++live;
  }
  return {live, static_cast<int64_t>(a->second.statistics.size())};
}

absl::StatusOr<uint64_t> ParsePageToken(const std::string& token) {
  if (token.empty()) return 0;
  uint64_t offset = 0;
  if (token.size() > 9 ||
      token.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(token, &offset)) {
    return absl::InvalidArgumentError(
        "page_token is not one this service gave out; start again without it");
  }
  return offset;
}

std::vector<v1h::LinkageEdge> DisclosureIndex::EdgesOf(
    const std::string& agency_id, const v1::DatabaseEntry& e) {
  std::vector<v1h::LinkageEdge> out;
  if (e.status() == v1::ENTRY_STATUS_WITHDRAWN) return out;
  const std::string from = absl::StrCat(agency_id, "/", e.database_id());
  for (const auto& l : e.linkages()) {
    v1h::LinkageEdge& edge = out.emplace_back();
    edge.set_from_entry_id(from);
    edge.set_to(l.has_linked_entry_id()
                    ? l.linked_entry_id()
                    : absl::StrCat("external:", l.external_name()));
    edge.set_direction(l.direction());
    edge.set_join_key_type(l.join_key_type());
    *edge.mutable_legal_basis() = l.legal_basis();
    *edge.mutable_purpose() = l.purpose();
  }
  for (const auto& u : e.out_of_purpose_uses()) {
    for (const auto& target : u.linked_entries()) {
      v1h::LinkageEdge& edge = out.emplace_back();
      edge.set_from_entry_id(from);
      edge.set_to(target.find('/') != std::string::npos
                      ? target
                      : absl::StrCat("external:", target));
      // An out-of-purpose use sends this database's data to the use.
      edge.set_direction(v1::Linkage::DIRECTION_OUTBOUND);
      *edge.mutable_legal_basis() = u.specific_law();
      *edge.mutable_purpose() = u.purpose();
      edge.set_via_out_of_purpose_use(true);
    }
  }
  return out;
}

absl::StatusOr<v1h::GetLinkageGraphResponse> DisclosureIndex::LinkageGraph(
    const v1h::GetLinkageGraphRequest& req) const {
  absl::StatusOr<uint64_t> offset = ParsePageToken(req.page_token());
  if (!offset.ok()) return offset.status();
  const uint32_t page_size = req.page_size() == 0
                                 ? kDefaultEdgePage
                                 : std::min(req.page_size(), kMaxEdgePage);
  absl::ReaderMutexLock lock(&mu_);
  // With a data category: the databases holding it and everything reachable
  // from them along declared edges.
  std::set<std::string> reachable;
  if (!req.data_category().empty()) {
    std::map<std::string, std::vector<const std::string*>> next;
    std::deque<std::string> todo;
    for (const auto& [agency_id, a] : agencies_) {
      for (const auto& [id, edges] : a.edges) {
        for (const auto& edge : edges)
          next[edge.from_entry_id()].push_back(&edge.to());
      }
      for (const auto& [id, e] : a.databases) {
        if (e.status() != v1::ENTRY_STATUS_WITHDRAWN &&
            HasCode(e.data_categories(), req.data_category())) {
          const std::string node = absl::StrCat(agency_id, "/", id);
          if (reachable.insert(node).second) todo.push_back(node);
        }
      }
    }
    while (!todo.empty()) {
      auto it = next.find(todo.front());
      todo.pop_front();
      if (it == next.end()) continue;
      for (const std::string* to : it->second) {
        if (reachable.insert(*to).second) todo.push_back(*to);
      }
    }
  }
  // Whether an edge's target is held is decided now: targets come and go
  // as their agencies publish.
  const auto dangling = [&](const v1h::LinkageEdge& e) {
    if (absl::StartsWith(e.to(), "external:")) return false;
    const size_t slash = e.to().find('/');
    if (slash == std::string::npos) return true;
    auto agency = agencies_.find(e.to().substr(0, slash));
    if (agency == agencies_.end()) return true;
    auto db = agency->second.databases.find(e.to().substr(slash + 1));
    return db == agency->second.databases.end() ||
           db->second.status() == v1::ENTRY_STATUS_WITHDRAWN;
  };
  const auto wanted = [&](const v1h::LinkageEdge& e) {
    if (!req.entry_id().empty() && e.from_entry_id() != req.entry_id() &&
        e.to() != req.entry_id()) {
      return false;
    }
    if (req.dangling_only() && !dangling(e)) return false;
    return req.data_category().empty() ||
           reachable.count(e.from_entry_id()) > 0;
  };
  v1h::GetLinkageGraphResponse out;
  std::set<std::string> nodes;
  uint64_t matched = 0;
  size_t bytes = 0;
  bool full = false;
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [id, edges] : a.edges) {
      for (const auto& edge : edges) {
        if (!wanted(edge)) continue;
        if (matched++ < *offset) continue;
        bytes += edge.ByteSizeLong();
        if (full || out.edges_size() >= static_cast<int>(page_size) ||
            bytes > kMaxEdgePageBytes) {
          if (!full) out.set_next_page_token(absl::StrCat(matched - 1));
          full = true;
          continue;
        }
        v1h::LinkageEdge* added = out.add_edges();
        *added = edge;
        added->set_dangling(dangling(edge));
        nodes.insert(edge.from_entry_id());
        nodes.insert(edge.to());
      }
    }
  }
  out.set_total_edges(static_cast<int64_t>(matched));
  for (const auto& n : nodes) out.add_nodes(n);
  return out;
}

v1h::GetStatisticsRollupResponse DisclosureIndex::Rollup(
    const v1h::GetStatisticsRollupRequest& req) const {
  std::set<std::string> by(req.group_by().begin(), req.group_by().end());
  using Key =
      std::tuple<std::string, std::string, std::string, std::string, int, int>;
  std::map<Key, v1h::RollupRow> rows;
  v1h::GetStatisticsRollupResponse out;
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    if (!req.agency_id().empty() && req.agency_id() != agency_id) continue;
    for (const auto& [period, s] : a.statistics) {
      if (!req.period().empty() && req.period() != period) continue;
      if (s.reporting_status() == v1::REPORTING_STATUS_ZERO)
        out.add_agencies_reported_zero(agency_id);
      if (s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED) {
        out.add_agencies_not_tracked(agency_id);
      }
      for (const auto& r : s.rows()) {
        Key k{by.count("period") ? period : "",
              by.count("agency") ? agency_id : "",
              by.count("legal_basis") ? r.legal_basis().statute() : "",
              by.count("legal_basis") ? r.legal_basis().article() : "",
              by.count("purpose") ? r.purpose_category() : 0,
              by.count("provider_type") ? r.provider_type() : 0};
        v1h::RollupRow& row = rows[k];
        row.set_period(std::get<0>(k));
        row.set_agency_id(std::get<1>(k));
        row.mutable_legal_basis()->set_statute(std::get<2>(k));
        row.mutable_legal_basis()->set_article(std::get<3>(k));
        row.set_purpose_category(
            static_cast<v1::PurposeCategory>(std::get<4>(k)));
        row.set_provider_type(static_cast<v1::ProviderType>(std::get<5>(k)));
        if (r.suppressed()) {
          row.set_suppressed_rows(row.suppressed_rows() + 1);
          out.set_banded_rows(out.banded_rows() + 1);
        } else {
          // Totals sum published cells only: a total that covered banded
          // rows would give their counts back by subtraction.
          AddRequestCounts(r.counts(), row.mutable_counts());
          AddRequestCounts(r.counts(), out.mutable_totals());
        }
      }
    }
  }
  for (auto& [k, row] : rows) *out.add_rows() = std::move(row);
  return out;
}

std::string DisclosureIndex::MissingFields(const v1::DatabaseEntry& e) {
  std::vector<std::string> names;
  for (const MissingItem& m : MissingDisclosureItems(e))
    names.push_back(m.name);
  return absl::StrJoin(names, ", ");
}

v1h::GetCoverageResponse DisclosureIndex::Coverage(
    const std::vector<std::string>& agencies, const std::string& period) const {
  v1h::GetCoverageResponse out;
  out.set_last_period(period);
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [id, e] : a.databases) {
      if (e.status() == v1::ENTRY_STATUS_WITHDRAWN) continue;
      out.set_databases_total(out.databases_total() + 1);
      std::string missing = MissingFields(e);
      if (missing.empty()) {
        out.set_databases_complete(out.databases_complete() + 1);
      } else {
        (*out.mutable_missing_fields())[absl::StrCat(agency_id, "/", id)] =
            missing;
      }
    }
  }
  for (const std::string& agency_id : agencies) {
    auto a = agencies_.find(agency_id);
    bool published = false;
    if (a != agencies_.end()) {
      auto s = a->second.statistics.find(period);
      published =
          s != a->second.statistics.end() &&
          s->second.reporting_status() != v1::REPORTING_STATUS_NOT_TRACKED;
    }
    if (published) {
      out.add_agencies_with_statistics(agency_id);
    } else {
      out.add_agencies_late(agency_id);
    }
  }
  auto* m1 = out.add_milestones();
  m1->set_name("databases with a complete disclosure (target: at least 5)");
  m1->set_target(5);
  m1->set_actual(out.databases_complete());
  m1->set_met(out.databases_complete() >= 5);
  auto* m2 = out.add_milestones();
  m2->set_name(absl::StrCat("agencies publishing request statistics for ",
                            period, " (target: at least 4)"));
  m2->set_target(4);
  m2->set_actual(out.agencies_with_statistics_size());
  m2->set_met(out.agencies_with_statistics_size() >= 4);
  return out;
}

std::vector<v1::RequestStatistics> DisclosureIndex::Statistics(
    const std::string& agency_id) const {
  std::vector<v1::RequestStatistics> out;
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return out;
  for (const auto& [period, s] : a->second.statistics) out.push_back(s);
  return out;
}

}  // namespace disclosure::hub
