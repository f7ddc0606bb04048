// Bar charts of the public site: an SVG drawn at export and, beside it, the
// same numbers as a table (screen readers, copying, and phones too narrow
// for the picture). A bar is a count, a range (a published part drawn
// solid and the part a banded row may add drawn hatched, "14–22"), or "not
// tracked" (a dashed outline across, never a zero bar).
//
// Every chart drawn with the same `scale` is comparable: a bar's length is
// its value over the scale, not over the chart's own largest bar. Text is
// drawn at 13 px in a 320 px wide picture shown at its natural size, so it
// stays readable on a 360 px phone.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_CHARTS_H_
#define DISCLOSURE_HUB_EXPORT_SITE_CHARTS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/request_counts.h"
#include "hub/export/site_text.h"

namespace disclosure::hub::site {

struct ChartBar {
  std::string label;
  std::optional<CountRange> value;  // nullopt: not tracked
};

// The chart titled `title` as <figure>: the SVG, the table, and a caption
// holding `caption_html` (trusted markup: links to the data files) after
// the title. `scale` is at least 1; a value above it is drawn at full
// length.
std::string BarChartHtml(Lang l, const std::string& title,
                         const std::vector<ChartBar>& bars, int64_t scale,
                         const std::string& caption_html = "");

// `s` cut to at most `max_chars` code points, with "…" when cut; never
// splits a UTF-8 sequence (valid UTF-8 assumed).
std::string TruncateUtf8(const std::string& s, size_t max_chars);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_CHARTS_H_
