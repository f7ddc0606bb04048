// transport/http_listener: the plain-HTTP listener the witness, the
// question intake and the site's search share. It serves what its server
// routes, names the setting of a malformed address, and a Stop right after
// Start returns (cpp-httplib ignores a stop() before its loop runs, which
// once left a join waiting for ever).
#include "transport/http_listener.h"

#include <httplib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace disclosure {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<httplib::Server> Hello() {
  auto server = std::make_unique<httplib::Server>();
  server->Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello\n", "text/plain");
  });
  return server;
}

TEST(HttpListenerTest, ServesItsRoutesUntilStopped) {
  auto listener = HttpListener::Start(Hello(), "127.0.0.1:0", "test_listen");
  ASSERT_TRUE(listener.ok()) << listener.status();
  const int port = (*listener)->port();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/hello");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello\n");
  (*listener)->Stop();
  (*listener)->Stop();  // idempotent
  httplib::Client after("127.0.0.1", port);
  after.set_connection_timeout(1, 0);
  EXPECT_FALSE(after.Get("/hello"));
}

TEST(HttpListenerTest, AMalformedAddressNamesTheSetting) {
  for (const char* bad : {"nonsense", "127.0.0.1:99999", ":80x"}) {
    auto listener = HttpListener::Start(Hello(), bad, "intake_listen");
    EXPECT_EQ(listener.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
    EXPECT_THAT(listener.status().message(), HasSubstr("intake_listen"));
  }
}

TEST(HttpListenerTest, AStopRightAfterStartReturns) {
  for (int i = 0; i < 50; ++i) {
    auto listener = HttpListener::Start(std::make_unique<httplib::Server>(),
                                        "127.0.0.1:0", "test_listen");
    ASSERT_TRUE(listener.ok()) << listener.status();
    (*listener)->Stop();
  }
}

}  // namespace
}  // namespace disclosure
