#include "hub/export/export_tiles.h"

#include <filesystem>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "format/tlog_tiles.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;

// True when `previous` holds exactly `data` and is now linked at `target`.
bool LinkedFromPrevious(const std::string& previous, const std::string& target,
                        const std::string& data) {
  absl::StatusOr<std::string> held = ReadFile(previous, data.size() + 1);
  if (!held.ok() || *held != data) return false;
  std::error_code ec;
  fs::create_directories(fs::path(target).parent_path(), ec);
  fs::create_hard_link(previous, target, ec);
  return !ec;
}

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

// The partial tiles of earlier sizes that the previous export served and
// whose full tile does not exist yet: a client that verified an earlier
// checkpoint may still read them (tlog-tiles). Each is kept only when its
// bytes are the start of the same tile now.
absl::Status KeepEarlierPartials(const std::string& prefix,
                                 const std::vector<TileFile>& tiles,
                                 const std::string& dir,
                                 const std::string& previous_dir,
                                 ExportListing* listing) {
  std::map<std::string, const TileFile*> current;  // path without .p/<W>
  for (const TileFile& t : tiles) {
    current[t.path.substr(0, t.path.find(".p/"))] = &t;
  }
  const fs::path root = fs::path(previous_dir) / prefix;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return absl::OkStatus();
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = fs::relative(it->path(), root, ec).string();
    const size_t p = rel.find(".p/");
    uint64_t width = 0;
    if (p == std::string::npos ||
        !absl::SimpleAtoi(rel.substr(p + 3), &width)) {
      continue;
    }
    auto now = current.find(rel.substr(0, p));
    if (now == current.end() || now->second->full || now->second->path == rel) {
      continue;  // superseded by a full tile, or written already
    }
    const bool entries = absl::StartsWith(rel, "tile/entries/");
    const std::string expected = Prefix(now->second->data, width, entries);
    if (expected.empty() ||
        !LinkedFromPrevious(it->path().string(), dir + "/" + prefix + rel,
                            expected)) {
      continue;
    }
    listing->Add(prefix + rel, HexEncode(AsBytes(Sha256::Of(expected))));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ExportTiles(const std::string& agency_id,
                         const std::vector<std::string>& manifests,
                         const std::string& cosigned_checkpoint,
                         const std::string& dir,
                         const std::string& previous_dir,
                         ExportListing* listing) {
  const std::string prefix = absl::StrCat("logs/", agency_id, "/");
  DN_RETURN_IF_ERROR(WriteExportFile(dir, prefix + "checkpoint",
                                     cosigned_checkpoint, listing));
  DN_ASSIGN_OR_RETURN(std::vector<TileFile> tiles, LogTiles(manifests));
  for (const TileFile& t : tiles) {
    const std::string name = prefix + t.path;
    if (t.full && !previous_dir.empty() && IsSafeExportPath(name) &&
        LinkedFromPrevious(absl::StrCat(previous_dir, "/", name),
                           absl::StrCat(dir, "/", name), t.data)) {
      listing->Add(name, HexEncode(AsBytes(Sha256::Of(t.data))));
      continue;
    }
    DN_RETURN_IF_ERROR(WriteExportFile(dir, name, t.data, listing));
  }
  if (previous_dir.empty()) return absl::OkStatus();
  return KeepEarlierPartials(prefix, tiles, dir, previous_dir, listing);
}

}  // namespace disclosure::hub
