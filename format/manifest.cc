#include "format/manifest.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/entry_key.h"
#include "format/limits.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {

absl::StatusOr<disclosure::v1::SnapshotManifest> ParseManifest(
    absl::string_view bytes) {
  if (bytes.size() > kMaxManifestBytes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("manifest is $0 bytes, over the limit of $1"),
                         bytes.size(), kMaxManifestBytes));
  }
  disclosure::v1::SnapshotManifest m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(
        _("manifest is not a valid SnapshotManifest"));
  }
  // A newer format is refused rather than read wrongly, with what to do
  // (docs/compatibility.md): readers are upgraded before writers.
  if (m.format_version() > kSnapshotFormatVersion) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("manifest format version $0 is newer than this program reads (up "
          "to $1): upgrade it"),
        m.format_version(), kSnapshotFormatVersion));
  }
  if (m.format_version() < 1) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("manifest format version $0 is not supported (want 1 to $1)"),
        m.format_version(), kSnapshotFormatVersion));
  }
  DN_RETURN_IF_ERROR(ValidateId(m.agency_id(), "manifest agency_id"));
  if (!absl::EndsWith(m.log_origin(),
                      absl::StrCat("/agency/", m.agency_id()))) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("manifest log origin \"$0\" is not that of agency $1"),
        m.log_origin(), m.agency_id()));
  }
  if (m.entries_root().size() != kHashSize) {
    return absl::InvalidArgumentError(
        _("manifest entries root is not 32 bytes"));
  }
  if (m.entry_count() > kMaxEntriesPerSnapshot) {
    return absl::InvalidArgumentError(
        _("manifest entry count is over the limit"));
  }
  const auto& issued = m.issued_at();
  const auto& expires = m.expires_at();
  if (expires.seconds() < issued.seconds() ||
      (expires.seconds() == issued.seconds() &&
       expires.nanos() <= issued.nanos())) {
    return absl::InvalidArgumentError(
        _("manifest expires_at is not after issued_at"));
  }
  return m;
}

}  // namespace disclosure
