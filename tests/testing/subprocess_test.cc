// The test helpers servers rely on: FreeLoopbackPort.
#include "tests/testing/subprocess.h"

#include <set>

#include "gtest/gtest.h"

namespace disclosure::testing {
namespace {

// Benchmarks start hundreds of servers, each given a port before any has
// bound it; the kernel may offer a released port again at once.
TEST(FreeLoopbackPortTest, NeverGivesAPortTwice) {
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    const int port = FreeLoopbackPort();
    ASSERT_GT(port, 0);
    EXPECT_TRUE(seen.insert(port).second) << "port " << port << " given twice";
  }
}

}  // namespace
}  // namespace disclosure::testing
