// BuildId() reads the same id as binutils' readelf reads from the file.
#include "core/build_id.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace disclosure {
namespace {

// The "Build ID:" readelf prints for `path`, or "" if none.
std::string ReadelfBuildId(const std::string& path) {
  FILE* p = popen(("readelf -n " + path + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) out.append(buf, n);
  pclose(p);
  const std::string marker = "Build ID: ";
  const size_t at = out.find(marker);
  if (at == std::string::npos) return "";
  const size_t end = out.find('\n', at);
  return std::string(absl::StripAsciiWhitespace(
      out.substr(at + marker.size(), end - at - marker.size())));
}

TEST(BuildIdTest, IsTheExecutablesGnuBuildId) {
  // The file, not /proc/self/exe: in readelf's shell that is readelf.
  const std::string expected =
      ReadelfBuildId(std::filesystem::read_symlink("/proc/self/exe"));
  ASSERT_FALSE(expected.empty()) << "readelf found no build id";
  EXPECT_EQ(BuildId(), expected);
  EXPECT_THAT(BuildId(), ::testing::MatchesRegex("[0-9a-f]+"));
}

}  // namespace
}  // namespace disclosure
