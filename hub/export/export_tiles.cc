#include "hub/export/export_tiles.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "format/status_macros.h"
#include "format/tlog_tiles.h"

namespace disclosure::hub {
namespace {

// The first `width` items of a tile's data: hashes, or length-prefixed
// entries for an entry bundle; "" if it holds fewer.
std::string Prefix(const std::string& data, uint64_t width, bool entries) {
  if (!entries) {
    return width * kHashSize <= data.size() ? data.substr(0, width * kHashSize)
                                            : "";
  }
  size_t at = 0;
  for (uint64_t i = 0; i < width; ++i) {
    if (at + 2 > data.size()) return "";
    at += 2 + ((static_cast<uint8_t>(data[at]) << 8) |
               static_cast<uint8_t>(data[at + 1]));
  }
  return at <= data.size() ? data.substr(0, at) : "";
}

// The level of a tile's path ("tile/<L>/..." or "tile/entries/...", which
// follows level 0) and its width ("...<N>.p/<W>"; 256 for a full tile).
bool LevelAndWidth(const std::string& path, int* level, uint64_t* width) {
  *level = 0;
  if (!absl::StartsWith(path, "tile/entries/")) {
    const size_t slash = path.find('/', 5);
    if (slash == std::string::npos ||
        !absl::SimpleAtoi(path.substr(5, slash - 5), level) || *level < 0 ||
        *level > 7) {
      return false;
    }
  }
  const size_t p = path.find(".p/");
  if (p == std::string::npos) {
    *width = 256;
    return true;
  }
  return absl::SimpleAtoi(path.substr(p + 3), width);
}

// The partial tiles of the earlier checkpoint sizes `earlier` that the log
// still serves: a client that verified an earlier checkpoint may read them
// until their full tile exists (tlog-tiles). A partial tile of an earlier
// size is the start of the same tile now.
std::map<std::string, std::string> EarlierPartials(
    const std::vector<TileFile>& tiles, uint64_t size,
    const std::vector<uint64_t>& earlier) {
  std::map<std::string, std::string> out;  // path -> data
  for (const TileFile& t : tiles) {
    int level = 0;
    uint64_t width = 0;
    if (t.full || !LevelAndWidth(t.path, &level, &width)) continue;
    // The tile's first item is number `start` of its level.
    const uint64_t start = (size >> (8 * level)) - width;
    const bool entries = absl::StartsWith(t.path, "tile/entries/");
    for (uint64_t s : earlier) {
      const uint64_t count = s >> (8 * level);
      if (s >= size || count <= start || count - start >= width) continue;
      const uint64_t w = count - start;
      out[absl::StrCat(t.path.substr(0, t.path.find(".p/")), ".p/", w)] =
          Prefix(t.data, w, entries);
    }
  }
  return out;
}

}  // namespace

absl::Status ExportTiles(const std::string& agency_id,
                         const std::vector<std::string>& manifests,
                         const std::string& cosigned_checkpoint,
                         const std::vector<uint64_t>& earlier_sizes,
                         const std::string& dir, ExportListing* listing) {
  const std::string prefix = absl::StrCat("logs/", agency_id, "/");
  DN_RETURN_IF_ERROR(WriteExportFile(dir, prefix + "checkpoint",
                                     cosigned_checkpoint, listing));
  DN_ASSIGN_OR_RETURN(std::vector<TileFile> tiles, LogTiles(manifests));
  for (const TileFile& t : tiles) {
    DN_RETURN_IF_ERROR(WriteExportFile(dir, prefix + t.path, t.data, listing));
  }
  for (const auto& [path, data] :
       EarlierPartials(tiles, manifests.size(), earlier_sizes)) {
    if (data.empty()) continue;  // cannot happen: a prefix of a tile
    DN_RETURN_IF_ERROR(WriteExportFile(dir, prefix + path, data, listing));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub
