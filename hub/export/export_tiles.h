// Each agency's log in the export as C2SP tlog-tiles (format/tlog_tiles.h),
// under logs/<agency id>/: the cosigned checkpoint byte for byte, the hash
// tiles and the entry bundles, whose entries are the signed snapshot
// manifests (the log's leaves). Any tlog-tiles client can follow the log
// from these files alone.
//
// The export also holds the partial tiles of every earlier checkpoint size
// the hub published whose full tile does not exist yet, as tlog-tiles
// requires, for clients that verified an earlier checkpoint. A tile that
// did not change keeps its bytes and, through the previous export's
// listing, its file (export_file.h), so a mirror does not fetch it again.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hub/export/export_file.h"

namespace disclosure::hub {

// Writes logs/<agency_id>/ into the export folder `dir` for the log of
// `manifests` and its `cosigned_checkpoint`; `earlier_sizes`: the sizes of
// the checkpoints the hub published before (any order; sizes not below the
// log's size are ignored).
absl::Status ExportTiles(const std::string& agency_id,
                         const std::vector<std::string>& manifests,
                         const std::string& cosigned_checkpoint,
                         const std::vector<uint64_t>& earlier_sizes,
                         const std::string& dir, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_TILES_H_
