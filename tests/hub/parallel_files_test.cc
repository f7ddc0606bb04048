// Linking and removing an export's files on two threads: all or nothing
// for links, everything for removal, and never through a symlink out of
// the folder being removed.
#include "hub/export/parallel_files.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;

// 3 folders of 40 files each, two levels down, and one file at the top.
std::vector<std::string> MakeTree(const std::string& root) {
  std::vector<std::string> paths = {"top.txt"};
  for (const char* folder : {"bundles/a/db", "db/a", "en/db/a"}) {
    for (int i = 0; i < 40; ++i)
      paths.push_back(absl::StrCat(folder, "/", i, ".html"));
  }
  for (const auto& p : paths) {
    fs::create_directories(fs::path(root + "/" + p).parent_path());
    EXPECT_TRUE(WriteNewFile(root + "/" + p, p, 0644).ok()) << p;
  }
  return paths;
}

ino_t InodeOf(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(ParallelFilesTest, LinksEveryFile) {
  testing::TempDir dir;
  const std::vector<std::string> paths = MakeTree(dir.File("from"));
  ASSERT_TRUE(LinkFiles(dir.File("from"), dir.File("to"), paths));
  for (const auto& p : paths) {
    EXPECT_NE(InodeOf(dir.File("to/" + p)), 0u) << p;
    EXPECT_EQ(InodeOf(dir.File("to/" + p)), InodeOf(dir.File("from/" + p)));
  }
}

TEST(ParallelFilesTest, AFileThatCannotBeLinkedUndoesEveryLink) {
  testing::TempDir dir;
  std::vector<std::string> paths = MakeTree(dir.File("from"));
  fs::remove(dir.File("from/db/a/17.html"));
  EXPECT_FALSE(LinkFiles(dir.File("from"), dir.File("to"), paths));
  for (const auto& p : paths)
    EXPECT_FALSE(fs::exists(dir.File("to/" + p))) << p;
}

TEST(ParallelFilesTest, RemovesTheTreeButNotWhatASymlinkPointsAt) {
  testing::TempDir dir;
  MakeTree(dir.File("tree"));
  const std::vector<std::string> outside = MakeTree(dir.File("outside"));
  // At each depth the removal looks into.
  fs::create_directory_symlink(dir.File("outside"), dir.File("tree/link"));
  fs::create_directory_symlink(dir.File("outside"), dir.File("tree/db/link"));
  fs::create_directory_symlink(dir.File("outside"),
                               dir.File("tree/en/db/link"));
  RemoveTree(dir.File("tree"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir.File("tree"))));
  for (const auto& p : outside)
    EXPECT_TRUE(fs::exists(dir.File("outside/" + p))) << p;
}

}  // namespace
}  // namespace disclosure::hub
