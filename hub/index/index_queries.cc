// DisclosureIndex's queries over the linkage graph, the statistics and
// the coverage of the agencies' disclosures (hub/index/disclosure_index.h);
// the model and the search are in disclosure_index.cc.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/coverage.h"
#include "core/periods.h"
#include "core/request_counts.h"
#include "format/status_macros.h"
#include "format/withholding.h"
#include "hub/index/disclosure_index.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr uint32_t kDefaultEdgePage = 500;
constexpr uint32_t kMaxEdgePage = 1000;
// A page of edges stops before this many bytes, whatever its edge count.
constexpr size_t kMaxEdgePageBytes = 1 << 20;
// Incomplete databases per page of a coverage answer: each line is an
// entry id and a list of field names, so a page stays well under 1 MiB.
constexpr uint32_t kDefaultCoveragePage = 500;
constexpr uint32_t kMaxCoveragePage = 1000;

}  // namespace

absl::StatusOr<v1h::GetLinkageGraphResponse> DisclosureIndex::LinkageGraph(
    const v1h::GetLinkageGraphRequest& req) const {
  DN_ASSIGN_OR_RETURN(uint64_t offset, ParsePageToken(req.page_token()));
  const uint32_t page_size =
      PageSize(req.page_size(), kDefaultEdgePage, kMaxEdgePage);
  absl::ReaderMutexLock lock(&mu_);
  // With a data category: the databases holding it and everything reachable
  // from them along declared edges.
  std::set<std::string> reachable;
  if (!req.data_category().empty()) {
    std::map<std::string, std::vector<const std::string*>> next;
    std::deque<std::string> todo;
    for (const auto& [agency_id, a] : agencies_) {
      for (const auto& [id, edges] : a.edges) {
        auto& targets = next[absl::StrCat(agency_id, "/", id)];
        for (const auto& edge : edges) targets.push_back(&edge.to);
      }
      for (const auto& [id, e] : a.databases) {
        if (!e.withdrawn && std::count(e.categories.begin(), e.categories.end(),
                                       req.data_category()) > 0) {
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
  const auto wanted = [&](const std::string& from, const std::string& to) {
    if (!req.entry_id().empty() && from != req.entry_id() &&
        to != req.entry_id()) {
      return false;
    }
    if (req.dangling_only() && !Dangling(to)) return false;
    return req.data_category().empty() || reachable.count(from) > 0;
  };
  v1h::GetLinkageGraphResponse out;
  std::set<std::string> nodes;
  uint64_t matched = 0;
  size_t bytes = 0;
  bool full = false;
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [id, edges] : a.edges) {
      if (edges.empty()) continue;
      const std::string from = absl::StrCat(agency_id, "/", id);
      for (const auto& edge : edges) {
        if (!wanted(from, edge.to)) continue;
        if (matched++ < offset) continue;
        if (full) continue;
        v1h::LinkageEdge parsed = AnsweredEdge(from, edge);
        bytes += parsed.ByteSizeLong();
        if (out.edges_size() >= static_cast<int>(page_size) ||
            bytes > kMaxEdgePageBytes) {
          out.set_next_page_token(absl::StrCat(matched - 1));
          full = true;
          continue;
        }
        *out.add_edges() = std::move(parsed);
        nodes.insert(from);
        nodes.insert(edge.to);
      }
    }
  }
  out.set_total_edges(static_cast<int64_t>(matched));
  for (const auto& n : nodes) out.add_nodes(n);
  return out;
}

std::vector<v1h::LinkageEdge> DisclosureIndex::NextEdges(
    EdgeCursor* after, size_t min_edges) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<v1h::LinkageEdge> out;
  const EdgeCursor begin = *after;  // `after` moves as the batch grows
  const bool start = begin.agency_id.empty();
  for (auto a = start ? agencies_.begin()
                      : agencies_.lower_bound(begin.agency_id);
       a != agencies_.end(); ++a) {
    const auto& edges = a->second.edges;
    auto db = !start && a->first == begin.agency_id
                  ? edges.upper_bound(begin.database_id)
                  : edges.begin();
    for (; db != edges.end(); ++db) {
      if (db->second.empty()) continue;
      const std::string from = absl::StrCat(a->first, "/", db->first);
      for (const StoredEdge& e : db->second)
        out.push_back(AnsweredEdge(from, e));
      *after = {a->first, db->first};
      if (out.size() >= min_edges) return out;
    }
  }
  return out;
}

v1h::LinkageEdge DisclosureIndex::AnsweredEdge(const std::string& from,
                                               const StoredEdge& edge) const {
  v1h::LinkageEdge parsed = ParseEdge(from, edge);
  parsed.set_dangling(Dangling(edge.to));
  parsed.set_confirmed(!parsed.dangling() &&
                       Confirmed(from, edge.to, parsed.direction()));
  return parsed;
}

// Whether an edge's target is held is decided when asked: targets come and
// go as their agencies publish.
bool DisclosureIndex::Dangling(const std::string& to) const {
  if (absl::StartsWith(to, "external:")) return false;
  const size_t slash = to.find('/');
  if (slash == std::string::npos) return true;
  auto agency = agencies_.find(to.substr(0, slash));
  if (agency == agencies_.end()) return true;
  auto db = agency->second.databases.find(to.substr(slash + 1));
  return db == agency->second.databases.end() || db->second.withdrawn;
}

// Whether `to` declares a flow back to `from` that mirrors `direction`.
// Only the target's edge ends are compared; an edge is parsed on a match.
bool DisclosureIndex::Confirmed(const std::string& from, const std::string& to,
                                v1::Linkage::Direction direction) const {
  const size_t slash = to.find('/');
  if (absl::StartsWith(to, "external:") || slash == std::string::npos)
    return false;
  auto agency = agencies_.find(to.substr(0, slash));
  if (agency == agencies_.end()) return false;
  auto back = agency->second.edges.find(to.substr(slash + 1));
  if (back == agency->second.edges.end()) return false;
  for (const StoredEdge& e : back->second) {
    if (e.to != from) continue;
    const v1::Linkage::Direction d = ParseEdge(to, e).direction();
    if (d == v1::Linkage::DIRECTION_BOTH ||
        direction == v1::Linkage::DIRECTION_BOTH ||
        (d == v1::Linkage::DIRECTION_INBOUND &&
         direction == v1::Linkage::DIRECTION_OUTBOUND) ||
        (d == v1::Linkage::DIRECTION_OUTBOUND &&
         direction == v1::Linkage::DIRECTION_INBOUND))
      return true;
  }
  return false;
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

v1h::GetCoverageResponse DisclosureIndex::Coverage(
    const std::vector<std::string>& agencies, const std::string& period) const {
  google::protobuf::Map<std::string, std::string> missing;
  v1h::GetCoverageResponse out = CoverageEach(
      agencies, period,
      [&missing](const std::string& entry_id, const std::string& what) {
        missing[entry_id] = what;
      });
  out.mutable_missing_fields()->swap(missing);
  return out;
}

absl::StatusOr<v1h::GetCoverageResponse> DisclosureIndex::CoveragePage(
    const std::vector<std::string>& agencies, const std::string& period,
    const v1h::GetCoverageRequest& req) const {
  DN_ASSIGN_OR_RETURN(uint64_t start, ParsePageToken(req.page_token()));
  const uint64_t size =
      PageSize(req.page_size(), kDefaultCoveragePage, kMaxCoveragePage);
  google::protobuf::Map<std::string, std::string> page;
  uint64_t seen = 0;
  v1h::GetCoverageResponse out =
      CoverageEach(agencies, period,
                   [&](const std::string& entry_id, const std::string& what) {
                     if (seen >= start && seen - start < size)
                       page[entry_id] = what;
                     ++seen;
                   });
  out.mutable_missing_fields()->swap(page);
  if (seen > start + size) out.set_next_page_token(absl::StrCat(start + size));
  return out;
}

v1h::GetCoverageResponse DisclosureIndex::CoverageEach(
    const std::vector<std::string>& agencies, const std::string& period,
    const IncompleteFn& incomplete) const {
  v1h::GetCoverageResponse out;
  out.set_last_period(period);
  const std::string today = TaipeiDate(absl::Now());
  const auto count_withheld = [&](const std::string& review) {
    out.set_items_withheld(out.items_withheld() + 1);
    if (review < today)
      out.set_withholdings_overdue(out.withholdings_overdue() + 1);
  };
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    for (const auto& [period_label, s] : a.statistics)
      for (const WithheldItem& w : WithheldItems(s))
        count_withheld(w.withholding->review_date());
    for (const auto& [id, e] : a.databases) {
      if (e.withdrawn) continue;
      for (const std::string& review : e.withheld_reviews)
        count_withheld(review);
      out.set_databases_total(out.databases_total() + 1);
      if (e.missing.empty()) {
        out.set_databases_complete(out.databases_complete() + 1);
      } else {
        incomplete(absl::StrCat(agency_id, "/", id), e.missing);
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
