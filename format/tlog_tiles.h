// C2SP tlog-tiles (c2sp.org/tlog-tiles): a log served as static files that
// any client, cache or monitor can follow with no code of this project.
//
//   <prefix>/checkpoint                 the signed (and cosigned) checkpoint
//   <prefix>/tile/<L>/<N>[.p/<W>]       256 (or W) Merkle tree hashes
//   <prefix>/tile/entries/<N>[.p/<W>]   256 (or W) leaves, each as a
//                                       big-endian uint16 length and bytes
//
// <N> is written in three-digit groups, all but the last prefixed by "x"
// (1234067 -> x001/x234/067). A level-0 tile holds leaf hashes; a hash of a
// level-l tile (l > 0) is the Merkle Tree Hash of a full tile of level l-1.
// Full tiles never change once written; the partial ones belong to one
// tree size.
//
//   std::vector<TileFile> files = LogTiles(manifests);  // every file
#ifndef DISCLOSURE_FORMAT_TLOG_TILES_H_
#define DISCLOSURE_FORMAT_TLOG_TILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace disclosure {

// Hashes (or entries) per full tile: a tile is a subtree of height 8.
inline constexpr uint64_t kTileWidth = 256;

// "x001/x234/067" for 1234067; "000" for 0.
std::string TileIndexPath(uint64_t n);
// "tile/<level>/<N>", with ".p/<width>" when width < 256.
std::string TilePath(int level, uint64_t n, uint64_t width);
// "tile/entries/<N>", with ".p/<width>" when width < 256.
std::string EntryBundlePath(uint64_t n, uint64_t width);

// One file of a tiled log, relative to its prefix.
struct TileFile {
  std::string path;
  std::string data;
  bool full = false;  // immutable: the same bytes at every later size
};

// Every hash tile and entry bundle of the log whose leaves are `leaves`:
// the full tiles and the partial ones of this size, in path order within
// each level. InvalidArgument if a leaf is over 65,535 bytes (an entry
// bundle cannot hold it).
absl::StatusOr<std::vector<TileFile>> LogTiles(
    const std::vector<std::string>& leaves);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_TLOG_TILES_H_
