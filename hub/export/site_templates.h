// The mustache templates of the public site (rendered with Debian's
// kainjow mustache; {{x}} is HTML-escaped, so agency text always shows as
// text) and its static assets: the style sheet and the search script.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_TEMPLATES_H_
#define DISCLOSURE_HUB_EXPORT_SITE_TEMPLATES_H_

#include <string_view>

namespace disclosure::hub::site {

// Page frame: head, navigation, language switch, footer; {{{body}}}.
extern const std::string_view kLayout;
extern const std::string_view kHome;
// Pages with long lists hold {{{rows}}} (who.html: {{{holders}}} per
// topic) where the builder writes the rows, rendered one at a time with
// the row template after them.
extern const std::string_view kDatabases;
extern const std::string_view kDatabasesRow;
extern const std::string_view kAgencyDatabases;
extern const std::string_view kDatabase;
extern const std::string_view kWho;
extern const std::string_view kWhoHolder;
extern const std::string_view kAgencyWho;
extern const std::string_view kLinkages;
extern const std::string_view kLinkageRow;
extern const std::string_view kRequests;
extern const std::string_view kAgencyRequests;
extern const std::string_view kAgencies;
extern const std::string_view kCoverage;
extern const std::string_view kWithholding;
extern const std::string_view kConsultations;
extern const std::string_view kCoverageRow;
extern const std::string_view kVerifyZh;
extern const std::string_view kVerifyEn;
// Atom (RFC 4287) feed.
extern const std::string_view kAtom;
// Horizontal bar chart (SVG) of labelled values.

extern const std::string_view kStyleSheet;
// Search and filters over search-index.json (databases page only).
extern const std::string_view kSearchScript;

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_TEMPLATES_H_
