// format/tlog_tiles: paths and the tile layout of c2sp.org/tlog-tiles,
// including the spec's own example sizes; the tiles' hashes reproduce the
// RFC 6962 root (Go's sumdb/tlog reads them in go_tiles_test).
#include "format/tlog_tiles.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/merkle.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

TEST(TlogTilesTest, PathsAsTheSpecWritesThem) {
  EXPECT_EQ(TileIndexPath(0), "000");
  EXPECT_EQ(TileIndexPath(1234067), "x001/x234/067");
  EXPECT_EQ(TileIndexPath(1000), "x001/000");
  EXPECT_EQ(TilePath(0, 5, 256), "tile/0/005");
  EXPECT_EQ(TilePath(2, 1234067, 17), "tile/2/x001/x234/067.p/17");
  EXPECT_EQ(EntryBundlePath(0, 112), "tile/entries/000.p/112");
}

// The spec: 70,000 leaves are 273 full level-0 tiles, a partial one of
// width 112, one full level-1 tile, a partial one of width 17, and a
// partial level-2 tile of width 1; 256 leaves are a full level-0 tile and a
// partial level-1 tile of width 1.
TEST(TlogTilesTest, TheSpecsExamples) {
  for (const auto& [size, expected] :
       std::vector<std::pair<size_t, std::map<std::string, int>>>{
           {70000,
            {{"tile/0/ full", 273},
             {"tile/0/ partial", 1},
             {"tile/1/ full", 1},
             {"tile/1/ partial", 1},
             {"tile/2/ partial", 1},
             {"entries full", 273},
             {"entries partial", 1}}},
           {256,
            {{"tile/0/ full", 1},
             {"tile/1/ partial", 1},
             {"entries full", 1}}}}) {
    std::vector<std::string> leaves(size);
    for (size_t i = 0; i < size; ++i) leaves[i] = absl::StrCat(i);
    DN_ASSERT_OK_AND_ASSIGN(std::vector<TileFile> tiles, LogTiles(leaves));
    std::map<std::string, int> counts;
    for (const TileFile& t : tiles) {
      const bool entries = t.path.rfind("tile/entries/", 0) == 0;
      const std::string level =
          entries ? "entries" : t.path.substr(0, t.path.find('/', 5) + 1);
      ++counts[absl::StrCat(level, t.full ? " full" : " partial")];
      if (size == 70000 && t.path == "tile/0/273.p/112") {
        EXPECT_EQ(t.data.size(), 112u * 32);
      }
    }
    EXPECT_EQ(counts, expected) << size;
  }
}

TEST(TlogTilesTest, TilesReproduceTheRoot) {
  // 256 + 3 leaves: the root is the level-1 hash (the full tile's root)
  // combined with the three leaf hashes of the partial tile.
  std::vector<std::string> leaves;
  MerkleTree tree;
  for (int i = 0; i < 259; ++i) {
    leaves.push_back(absl::StrCat("manifest ", i));
    tree.AppendLeaf(leaves.back());
  }
  DN_ASSERT_OK_AND_ASSIGN(std::vector<TileFile> tiles, LogTiles(leaves));
  std::map<std::string, std::string> by_path;
  for (TileFile& t : tiles) by_path[t.path] = t.data;
  ASSERT_EQ(by_path.count("tile/1/000.p/1"), 1u);
  Hash level1;
  std::copy_n(by_path["tile/1/000.p/1"].data(), kHashSize, level1.begin());
  EXPECT_EQ(level1, *tree.RootAt(256));
  const std::string& partial = by_path["tile/0/001.p/3"];
  ASSERT_EQ(partial.size(), 3u * kHashSize);
  Hash h[3];
  for (int i = 0; i < 3; ++i)
    std::copy_n(partial.data() + i * kHashSize, kHashSize, h[i].begin());
  EXPECT_EQ(HashChildren(level1, HashChildren(HashChildren(h[0], h[1]), h[2])),
            tree.Root());
  // Entry bundles: uint16 length and bytes.
  const std::string& bundle = by_path["tile/entries/001.p/3"];
  EXPECT_EQ(bundle.substr(0, 2), std::string("\0\x0c", 2));
  EXPECT_EQ(bundle.substr(2, 12), "manifest 256");
}

TEST(TlogTilesTest, ALeafOverSixtyFourKiBIsRefused) {
  EXPECT_FALSE(LogTiles({std::string(70000, 'x')}).ok());
}

}  // namespace
}  // namespace disclosure
