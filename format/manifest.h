// Snapshot manifests: the leaves of an agency log (proto
// disclosure.v1.SnapshotManifest), parsed strictly after they were hashed.
#ifndef DISCLOSURE_FORMAT_MANIFEST_H_
#define DISCLOSURE_FORMAT_MANIFEST_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/snapshot.pb.h"

namespace disclosure {

// The newest snapshot format this code reads (it reads every format from 1
// up: docs/compatibility.md). Format 2 adds explicit withholding and the
// statistics' scope (format/withholding.h).
inline constexpr uint32_t kSnapshotFormatVersion = 2;
// The format a node writes unless its configuration says otherwise: the
// oldest that every supported hub reads.
inline constexpr uint32_t kDefaultSnapshotFormatVersion = 1;

// Parses a serialized manifest and checks it: within kMaxManifestBytes,
// format version 1 to kSnapshotFormatVersion, an agency id, a log origin ending
// in
// "/agency/<agency_id>", a 32-byte entries root, an entry count within
// kMaxEntriesPerSnapshot, and expires_at after issued_at. InvalidArgument
// with the reason otherwise.
absl::StatusOr<disclosure::v1::SnapshotManifest> ParseManifest(
    absl::string_view bytes);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_MANIFEST_H_
