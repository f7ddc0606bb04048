// Snapshot manifests: the leaves of an agency log (proto
// disclosure.v1.SnapshotManifest), parsed strictly after they were hashed.
#ifndef DISCLOSURE_FORMAT_MANIFEST_H_
#define DISCLOSURE_FORMAT_MANIFEST_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/snapshot.pb.h"

namespace disclosure {

// The snapshot format this code writes and verifies.
inline constexpr uint32_t kSnapshotFormatVersion = 1;

// Parses a serialized manifest and checks it: within kMaxManifestBytes,
// format version 1, an agency id, a log origin ending in
// "/agency/<agency_id>", a 32-byte entries root, an entry count within
// kMaxEntriesPerSnapshot, and expires_at after issued_at. InvalidArgument
// with the reason otherwise.
absl::StatusOr<disclosure::v1::SnapshotManifest> ParseManifest(
    absl::string_view bytes);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_MANIFEST_H_
