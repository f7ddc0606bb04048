#include "format/tlog_tiles.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/merkle.h"

namespace disclosure {
namespace {

std::string WidthSuffix(uint64_t width) {
  return width == kTileWidth ? "" : absl::StrCat(".p/", width);
}

// The Merkle Tree Hash of a full tile: a perfect tree over its 256 hashes.
Hash FullTileRoot(const Hash* hashes) {
  std::vector<Hash> level(hashes, hashes + kTileWidth);
  while (level.size() > 1) {
    for (size_t i = 0; i < level.size() / 2; ++i) {
      level[i] = HashChildren(level[2 * i], level[2 * i + 1]);
    }
    level.resize(level.size() / 2);
  }
  return level[0];
}

}  // namespace

std::string TileIndexPath(uint64_t n) {
  std::string out = absl::StrFormat("%03d", n % 1000);
  for (n /= 1000; n > 0; n /= 1000) {
    out = absl::StrFormat("x%03d/", n % 1000) + out;
  }
  return out;
}

std::string TilePath(int level, uint64_t n, uint64_t width) {
  return absl::StrCat("tile/", level, "/", TileIndexPath(n),
                      WidthSuffix(width));
}

std::string EntryBundlePath(uint64_t n, uint64_t width) {
  return absl::StrCat("tile/entries/", TileIndexPath(n), WidthSuffix(width));
}

absl::StatusOr<std::vector<TileFile>> LogTiles(
    const std::vector<std::string>& leaves) {
  std::vector<TileFile> out;
  // Entry bundles, and the level-0 hashes.
  std::vector<Hash> hashes;
  hashes.reserve(leaves.size());
  for (uint64_t start = 0; start < leaves.size(); start += kTileWidth) {
    const uint64_t width =
        std::min<uint64_t>(kTileWidth, leaves.size() - start);
    TileFile bundle{EntryBundlePath(start / kTileWidth, width), "",
                    width == kTileWidth};
    for (uint64_t i = start; i < start + width; ++i) {
      const std::string& leaf = leaves[i];
      if (leaf.size() > 0xffff) {
        return absl::InvalidArgumentError(
            absl::StrCat("leaf ", i, " is ", leaf.size(),
                         " bytes: an entry bundle holds at most 65535"));
      }
      bundle.data.push_back(static_cast<char>(leaf.size() >> 8));
      bundle.data.push_back(static_cast<char>(leaf.size() & 0xff));
      bundle.data.append(leaf);
      hashes.push_back(HashLeaf(leaf));
    }
    out.push_back(std::move(bundle));
  }
  // Hash tiles, level by level, while a level has any hash.
  for (int level = 0; !hashes.empty(); ++level) {
    std::vector<Hash> parents;
    for (uint64_t start = 0; start < hashes.size(); start += kTileWidth) {
      const uint64_t width =
          std::min<uint64_t>(kTileWidth, hashes.size() - start);
      TileFile tile{TilePath(level, start / kTileWidth, width), "",
                    width == kTileWidth};
      for (uint64_t i = start; i < start + width; ++i) {
        tile.data.append(reinterpret_cast<const char*>(hashes[i].data()),
                         kHashSize);
      }
      // Only full tiles are hashed into the level above.
      if (width == kTileWidth) parents.push_back(FullTileRoot(&hashes[start]));
      out.push_back(std::move(tile));
    }
    hashes = std::move(parents);
  }
  return out;
}

}  // namespace disclosure
