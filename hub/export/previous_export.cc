#include "hub/export/previous_export.h"

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/encoding.h"
#include "format/sha256.h"

namespace disclosure::hub {
namespace {

// As the verifier's limits (tools/verify/signed_listing.cc).
constexpr size_t kMaxListingBytes = size_t{512} << 20;
constexpr size_t kMaxAgencyListingBytes = size_t{64} << 20;

}  // namespace

PreviousExport PreviousExport::Open(const std::string& dir) {
  PreviousExport out;
  if (dir.empty()) return out;
  absl::StatusOr<std::string> text =
      ReadFile(absl::StrCat(dir, "/export-manifest.txt"), kMaxListingBytes);
  absl::StatusOr<ExportListingText> listing =
      text.ok() ? ParseExportListing(*text)
                : absl::StatusOr<ExportListingText>(text.status());
  if (!listing.ok()) return out;
  out.top_ = std::move(listing->files);
  out.dir_ = dir;
  return out;
}

std::string PreviousExport::TopSha(const std::string& name) const {
  auto it = top_.find(name);
  return it == top_.end() ? "" : it->second;
}

std::optional<AgencyListing> PreviousExport::Agency(
    const std::string& agency_id) const {
  const std::string path = AgencyListingPath(agency_id);
  const std::string want = TopSha(path);
  if (want.empty()) return std::nullopt;
  absl::StatusOr<std::string> text =
      ReadFile(absl::StrCat(dir_, "/", path), kMaxAgencyListingBytes);
  if (!text.ok() || HexEncode(AsBytes(Sha256::Of(*text))) != want)
    return std::nullopt;
  absl::StatusOr<AgencyListing> listing = ParseAgencyListing(*text);
  if (!listing.ok() || listing->agency_id != agency_id) return std::nullopt;
  return *std::move(listing);
}

}  // namespace disclosure::hub
