#include "hub/export/site_charts.h"

#include <algorithm>
#include <kainjow/mustache.hpp>

#include "absl/strings/str_cat.h"
#include "hub/export/site_values.h"

namespace disclosure::hub::site {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// Geometry of one bar: its label on a line of its own, then the bar and
// its value; long labels are cut in the picture and whole in the table.
constexpr int kWidth = 320;
constexpr int kBarMax = 200;
constexpr int kRowHeight = 40;
constexpr size_t kLabelChars = 22;

constexpr std::string_view kChart =
    R"tpl(<figure class="chart-figure">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-label="{{title}}" class="chart"><title>{{title}}</title>
{{#bars}}<g><text x="0" y="{{ly}}" class="label" lang="{{lang}}">{{short}}</text>{{#solid}}<rect x="0" y="{{y}}" width="{{solid}}" height="16" class="bar"/>{{/solid}}{{#range}}<rect x="{{range_x}}" y="{{y}}" width="{{range}}" height="16" class="bar range"/>{{/range}}{{#striped}}<rect x="0" y="{{y}}" width="{{max}}" height="16" class="bar striped"/>{{/striped}}<text x="{{vx}}" y="{{vy}}" class="value">{{value}}</text></g>
{{/bars}}</svg>
<details class="chart-table"><summary>{{table_label}}</summary>
<table><caption>{{title}}</caption><thead><tr><th scope="col">{{item}}</th><th scope="col">{{count}}</th></tr></thead>
<tbody>{{#bars}}<tr><th scope="row"><bdi{{#lang}} lang="{{.}}"{{/lang}}>{{label}}</bdi></th><td>{{value}}</td></tr>
{{/bars}}</tbody></table></details>
<figcaption>{{title}}{{#scale_note}} <span class="muted">{{scale_note}}</span>{{/scale_note}} {{{caption_html}}}</figcaption>
</figure>
)tpl";

int Length(int64_t v, int64_t scale) {
  const double f = static_cast<double>(std::min(v, scale)) /
                   static_cast<double>(std::max<int64_t>(scale, 1));
  return static_cast<int>(f * kBarMax + 0.5);
}

}  // namespace

std::string TruncateUtf8(const std::string& s, size_t max_chars) {
  const auto is_start = [&](size_t i) {
    return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  };
  size_t chars = 0, cut = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_start(i)) continue;
    if (chars + 1 == max_chars) cut = i;  // where "…" would go
    if (++chars > max_chars) return s.substr(0, cut) + "…";
  }
  return s;
}

std::string BarChartHtml(Lang l, const std::string& title,
                         const std::vector<ChartBar>& bars, int64_t scale,
                         const std::string& caption_html) {
  const bool zh = l == Lang::kZhTw;
  data list{data::type::list};
  int y = 0;
  for (const ChartBar& b : bars) {
    data x;
    x.set("label", b.label);
    x.set("lang", HasCjk(b.label) || zh ? "zh-Hant-TW" : "en");
    x.set("short", TruncateUtf8(b.label, kLabelChars));
    x.set("ly", std::to_string(y + 14));
    x.set("y", std::to_string(y + 19));
    x.set("vy", std::to_string(y + 32));
    int end = 0;
    if (!b.value) {
      x.set("striped", true);
      x.set("max", std::to_string(kBarMax));
      x.set("value", SiteText(l).at("not_tracked_short"));
      end = kBarMax;
    } else {
      const int solid = Length(b.value->low, scale);
      end = std::max(Length(b.value->high, scale), solid);
      // A count of one or more always shows: a zero-length bar reads as 0.
      if (b.value->high > 0) end = std::max(end, 2);
      if (solid > 0) x.set("solid", std::to_string(solid));
      if (end > solid) {
        x.set("range_x", std::to_string(solid));
        x.set("range", std::to_string(end - solid));
      }
      x.set("value", FormatRange(*b.value));
    }
    x.set("vx", std::to_string(end + 6));
    list.push_back(x);
    y += kRowHeight;
  }
  data d;
  d.set("title", title);
  d.set("width", std::to_string(kWidth));
  d.set("height", std::to_string(std::max(y, kRowHeight)));
  d.set("bars", list);
  d.set("table_label", zh ? "以表格檢視數字" : "Show the numbers as a table");
  d.set("item", zh ? "項目" : "Item");
  d.set("count", zh ? "件數" : "Requests");
  d.set("caption_html", caption_html);
  static auto* const kTemplate = new mustache(std::string(kChart));
  return kTemplate->render(d);
}

}  // namespace disclosure::hub::site
