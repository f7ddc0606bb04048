// What coverage.html says of an incomplete database: each item it lacks
// (core/coverage.h's item names) in words a citizen reads, never as a raw
// key: "no channel for 請求刪除", "the contact has no phone or e-mail",
// "特定目的 holds a placeholder".
#ifndef DISCLOSURE_HUB_EXPORT_COVERAGE_PAGE_H_
#define DISCLOSURE_HUB_EXPORT_COVERAGE_PAGE_H_

#include <string>
#include <vector>

#include "hub/export/site_text.h"

namespace disclosure::hub::site {

// The reasons of one database, from the comma-separated item names.
std::vector<std::string> MissingInWords(Lang l, const std::string& items);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_COVERAGE_PAGE_H_
