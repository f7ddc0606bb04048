// The listing of a static export: what a hub signs so that anyone holding
// a copy of its export (a mirror, a CDN, a download) can check every byte.
//
// export-manifest.txt, the top listing, is signed through
// export-manifest.note (a signed note by the export key naming the
// listing's SHA-256). Format 3, line by line:
//
//   disclosure-net/export/v3
//   time <POSIX seconds>
//   agency <agency id> size <tree size of its exported checkpoint>   (each)
//   state <hex digest of the public state the export shows>
//   file <sha256 hex> <path>                                         (each)
//
// Each agency's own files (its bundles, pages, log tiles, history,
// evidence) are listed in listings/<agency>.txt, which the top listing
// lists like any file, so that an export rewrites only the listings of the
// agencies that changed:
//
//   disclosure-net/export-agency/v1
//   agency <id>
//   inputs <hex digest of what its files were made from>
//   names <agency id> ...     (the agencies its pages name; may be absent)
//   file <sha256 hex> <path>                                         (each)
//
// Format 2 (disclosure-net/export/v2) is the same top listing without
// agency listings: every file is in it. Readers accept both.
#ifndef DISCLOSURE_FORMAT_EXPORT_LISTING_H_
#define DISCLOSURE_FORMAT_EXPORT_LISTING_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

inline constexpr absl::string_view kExportListingHeader =
    "disclosure-net/export/v3";
inline constexpr absl::string_view kExportListingHeaderV2 =
    "disclosure-net/export/v2";
inline constexpr absl::string_view kAgencyListingHeader =
    "disclosure-net/export-agency/v1";

struct ExportListingText {
  std::string header;  // kExportListingHeader or kExportListingHeaderV2
  int64_t time = 0;
  // Agency id -> tree size of its exported checkpoint (0: none), in order.
  std::vector<std::pair<std::string, uint64_t>> agencies;
  std::string state;
  // Path -> SHA-256 hex.
  std::map<std::string, std::string> files;
};

// Parses a top listing; InvalidArgument naming the line that is wrong.
absl::StatusOr<ExportListingText> ParseExportListing(absl::string_view text);

struct AgencyListing {
  std::string agency_id;
  std::string inputs;
  std::vector<std::string> names;
  // Path -> SHA-256 hex.
  std::map<std::string, std::string> files;
};

// Parses an agency listing; InvalidArgument naming the line that is wrong.
absl::StatusOr<AgencyListing> ParseAgencyListing(absl::string_view text);

// The text of an agency listing (the inverse of ParseAgencyListing).
std::string AgencyListingText(const AgencyListing& listing);

// listings/<agency>.txt.
std::string AgencyListingPath(absl::string_view agency_id);

// The agency id of an agency listing's path; "" when `path` is not one.
std::string AgencyOfListingPath(absl::string_view path);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_EXPORT_LISTING_H_
