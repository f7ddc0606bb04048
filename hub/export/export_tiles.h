// Each agency's log in the export as C2SP tlog-tiles (format/tlog_tiles.h),
// under logs/<agency id>/: the cosigned checkpoint byte for byte, the hash
// tiles and the entry bundles, whose entries are the signed snapshot
// manifests (the log's leaves). Any tlog-tiles client can follow the log
// from these files alone.
//
// A full tile never changes: when the previous export holds it with the
// same bytes, it is hard-linked, not written again, so it keeps its bytes
// and modification time and a mirror does not fetch it again. The partial
// tiles of earlier sizes stay (hard-linked) until their full tile exists,
// as tlog-tiles requires, for clients that verified an earlier checkpoint.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hub/export/export_file.h"

namespace disclosure::hub {

// Writes logs/<agency_id>/ into the export folder `dir` for the log of
// `manifests` and its `cosigned_checkpoint`. `previous_dir`: the export
// before this one ("" if none), whose full tiles are reused.
absl::Status ExportTiles(const std::string& agency_id,
                         const std::vector<std::string>& manifests,
                         const std::string& cosigned_checkpoint,
                         const std::string& dir,
                         const std::string& previous_dir,
                         ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_
