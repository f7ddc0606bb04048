#include "hub/export/requests_page.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/request_counts.h"
#include "format/entry_key.h"
#include "hub/export/site_charts.h"
#include "hub/export/site_participation.h"
#include "hub/export/site_values.h"
#include "hub/export/site_withholding.h"

namespace disclosure::hub::site {
namespace {

namespace v1 = disclosure::v1;
using kainjow::mustache::data;

using Row = v1::RequestStatisticsRow;

// Groups of rows under `key`, each group's requests as a range, in key
// order. nullopt if a band is unreadable.
std::optional<std::vector<ChartBar>> Breakdown(
    const v1::RequestStatistics& s,
    const std::function<std::string(const Row&)>& key) {
  std::map<std::string, CountRange> groups;
  for (const Row& row : s.rows()) {
    // A withheld row has no count to draw; the page says so beside.
    if (row.has_withheld()) continue;
    CountRange add{row.counts().requests(), row.counts().requests()};
    if (row.suppressed()) {
      const std::optional<CountRange> band = BandRange(row.band());
      if (!band) return std::nullopt;
      add = *band;
    }
    CountRange& g = groups[key(row)];
    g.low += add.low;
    g.high += add.high;
  }
  std::vector<ChartBar> bars;
  for (const auto& [label, range] : groups) bars.push_back({label, range});
  return bars;
}

// Outcomes and identifiers are counted in published rows only: a banded
// row withholds every count, and its band bounds requests, not these.
struct PublishedCounts {
  v1::RequestCounts sum;
  int banded = 0;
  std::string band;  // of the first banded row
  int withheld = 0;
};
PublishedCounts Published(const v1::RequestStatistics& s) {
  PublishedCounts out;
  for (const Row& row : s.rows()) {
    if (row.has_withheld()) {
      ++out.withheld;
    } else if (!row.suppressed()) {
      AddRequestCounts(row.counts(), &out.sum);
    } else if (out.banded++ == 0) {
      out.band = row.band();
    }
  }
  return out;
}

std::string Fill(
    std::string text,
    const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [k, v] : values) absl::StrReplaceAll({{k, v}}, &text);
  return text;
}

struct Context {
  Lang l;
  const std::map<std::string, std::string>& t;
  std::string data_links;  // trusted markup
  const std::function<std::string(const std::string&)>& enum_name;
};

data PeriodData(const Context& c, const v1::RequestStatistics& s,
                const std::string& bundle) {
  data p;
  p.set("period", s.period());
  p.set("synthetic", s.synthetic());
  p.set("bundle", bundle);
  p.set("not_tracked",
        s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED);
  p.set("zero", s.reporting_status() == v1::REPORTING_STATUS_ZERO);
  if (!s.correction_note().empty())
    p.set("correction", Run(c.l, s.correction_note()));
  if (!s.counting_rule().empty())
    p.set("counting_rule", Run(c.l, s.counting_rule()));
  p.set("scope_unstated", s.scope() == v1::STATISTICS_SCOPE_UNSPECIFIED);
  if (s.reporting_status() != v1::REPORTING_STATUS_REPORTED) return p;
  p.set("reported", true);
  const std::optional<CountRange> total = RequestsRange(s);
  const PublishedCounts published = Published(s);
  if (!total) {
    p.set("total", c.t.at("unreadable_band"));
    return p;
  }
  p.set("total", FormatRange(*total));
  if (published.withheld > 0) {
    p.set("withheld_rows", Fill(c.t.at("withheld_rows"),
                                {{"{n}", absl::StrCat(published.withheld)}}));
    const std::string today = SiteToday();
    data list{data::type::list};
    for (const Row& row : s.rows()) {
      if (!row.has_withheld()) continue;
      data x;
      x.set("basis", Run(c.l, absl::StrCat(row.legal_basis().statute(),
                                           row.legal_basis().article())));
      x.set("sentence", Run(c.l, WithheldSentence(c.l, row.withheld(), today)));
      list.push_back(x);
    }
    p.set("withheld_list", list);
  }
  if (published.banded > 0) {
    const std::optional<CountRange> band = BandRange(published.band);
    p.set("banded", true);
    p.set("banded_text", Fill(c.t.at("banded_rows"),
                              {{"{n}", absl::StrCat(published.banded)},
                               {"{band}", FormatRange(*band)},
                               {"{threshold}", absl::StrCat(band->high + 1)}}));
  }
  const int64_t scale = std::max<int64_t>(total->high, 1);
  data charts{data::type::list};
  const auto chart = [&](const std::string& title,
                         const std::function<std::string(const Row&)>& key) {
    std::optional<std::vector<ChartBar>> bars = Breakdown(s, key);
    if (!bars) return;
    data x;
    x.set("html", BarChartHtml(c.l, title, *bars, scale, c.data_links));
    charts.push_back(x);
  };
  chart(c.t.at("by_basis"), [](const Row& r) {
    return absl::StrCat(r.legal_basis().statute(), r.legal_basis().article());
  });
  chart(c.t.at("by_purpose"), [&](const Row& r) {
    return c.enum_name(v1::PurposeCategory_Name(r.purpose_category()));
  });
  chart(c.t.at("by_provider"), [&](const Row& r) {
    return c.enum_name(v1::ProviderType_Name(r.provider_type()));
  });
  // Outcomes: exact counts of the published rows.
  const v1::RequestCounts& sum = published.sum;
  const auto exact = [](int64_t n) { return CountRange{n, n}; };
  std::vector<ChartBar> outcomes = {
      {c.t.at("outcome_produced"), exact(sum.requests_data_produced())},
      {c.t.at("outcome_no_data"), exact(sum.requests_no_data())},
      {c.t.at("outcome_refused"), exact(sum.requests_refused())},
      {c.t.at("outcome_pending"), exact(sum.requests_pending())}};
  data x;
  x.set("html", BarChartHtml(c.l,
                             published.banded + published.withheld > 0
                                 ? c.t.at("by_outcome_published")
                                 : c.t.at("by_outcome"),
                             outcomes, scale, c.data_links));
  charts.push_back(x);
  p.set("charts", charts);
  p.set("identifiers", absl::StrCat(sum.identifiers_specified()));
  if (published.banded + published.withheld > 0)
    p.set("identifiers_partial", true);
  return p;
}

// The requests of `s` in words: a number or range, "not tracked",
// "unreadable" when a band is malformed, or "not stated" for a status this
// program does not know. Never 0 unless signed as zero.
std::string PeriodTotalText(const std::map<std::string, std::string>& t,
                            const v1::RequestStatistics& s) {
  if (std::optional<CountRange> r = PeriodRequests(s)) return FormatRange(*r);
  switch (s.reporting_status()) {
    case v1::REPORTING_STATUS_NOT_TRACKED:
      return t.at("not_tracked_short");
    case v1::REPORTING_STATUS_REPORTED:
      return t.at("unreadable_band");
    default:
      return t.at("not_stated");
  }
}

// The agency's periods, oldest first.
AgencyStatistics InPeriodOrder(AgencyStatistics list) {
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    return a.first.period() < b.first.period();
  });
  return list;
}

}  // namespace

data AgencyRequestsData(
    Lang l, const std::string& agency_id, const AgencyStatistics& unsorted,
    const std::string& base,
    const std::function<std::string(const std::string&)>& agency_name,
    const std::function<std::string(const std::string&)>& enum_name,
    const ParticipationView* participation, const std::string& today) {
  const Context c{
      l, SiteText(l),
      absl::StrCat("<a href=\"", base, "statistics.csv\">CSV</a> · <a href=\"",
                   base, "statistics.json\">JSON</a>"),
      enum_name};
  const AgencyStatistics list = InPeriodOrder(unsorted);
  // One scale for the trend: the agency's largest period.
  int64_t trend_scale = 1;
  for (const auto& [s, bundle] : list) {
    if (auto r = PeriodRequests(s))
      trend_scale = std::max(trend_scale, r->high);
  }
  std::vector<ChartBar> trend;
  data periods{data::type::list};
  for (const auto& [s, bundle] : list) {
    if (s.reporting_status() == v1::REPORTING_STATUS_NOT_TRACKED) {
      trend.push_back({s.period(), std::nullopt});
    } else if (auto r = PeriodRequests(s)) {
      trend.push_back({s.period(), r});
    }
    periods.push_back(PeriodData(c, s, bundle));
  }
  data a;
  a.set("agency_id", agency_id);
  a.set("agency", Run(l, agency_name(agency_id)));
  a.set("trend",
        BarChartHtml(l, c.t.at("trend"), trend, trend_scale, c.data_links));
  a.set("periods", periods);
  // Questions about the agency's statistics, newest period first.
  std::vector<std::string> concerns;
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    concerns.push_back(StatisticsKey(it->first.period()));
  a.set("participation",
        ParticipationSection(l, participation, agency_id, concerns,
                             absl::StrCat("req-", agency_id), today));
  return a;
}

data RequestsOverviewData(
    Lang l, const StatisticsByAgency& stats,
    const std::function<std::string(const std::string&)>& agency_name) {
  const std::map<std::string, std::string>& t = SiteText(l);
  data agencies{data::type::list};
  for (const auto& [agency_id, unsorted] : stats) {
    if (unsorted.empty()) continue;
    const AgencyStatistics list = InPeriodOrder(unsorted);
    const v1::RequestStatistics& latest = list.back().first;
    data a;
    a.set("agency_id", agency_id);
    a.set("agency", Run(l, agency_name(agency_id)));
    a.set("periods", absl::StrCat(list.size()));
    a.set("latest_period", latest.period());
    a.set("latest_total", PeriodTotalText(t, latest));
    agencies.push_back(a);
  }
  data d;
  d.set("agencies", agencies);
  return d;
}

}  // namespace disclosure::hub::site
