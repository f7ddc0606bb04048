// node/service/read_ahead: messages arrive in order, each once, at most one
// read ahead of the consumer, and the end of the stream ends Next().
#include "node/service/read_ahead.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "disclosure/v1/node/admin_service.pb.h"
#include "gtest/gtest.h"

namespace disclosure::node {
namespace {

using Request = disclosure::v1::node::AppendRequestRecordsRequest;

// A client stream of `n` messages whose import ids count them; it records
// how many were read so far.
class FakeStream : public grpc::ServerReaderInterface<Request> {
 public:
  explicit FakeStream(int n) : n_(n) {}
  void SendInitialMetadata() override {}
  bool NextMessageSize(uint32_t* size) override {
    *size = 64;
    return read_ < n_;
  }
  bool Read(Request* m) override {
    if (read_ >= n_) return false;
    m->set_import_id(std::to_string(read_.fetch_add(1)));
    return true;
  }
  int read() const { return read_.load(); }

 private:
  const int n_;
  std::atomic<int> read_{0};
};

TEST(ReadAheadTest, EveryMessageOnceInOrderThenTheEnd) {
  FakeStream stream(100);
  std::atomic<int> touched{0};
  ReadAhead<Request> ahead(&stream, [&] { ++touched; });
  Request m;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(ahead.Next(&m));
    EXPECT_EQ(m.import_id(), std::to_string(i));
  }
  EXPECT_FALSE(ahead.Next(&m));
  EXPECT_FALSE(ahead.Next(&m));  // and stays ended
  EXPECT_EQ(touched.load(), 100);
}

TEST(ReadAheadTest, ReadsAtMostOneAheadOfTheConsumer) {
  FakeStream stream(10);
  ReadAhead<Request> ahead(&stream, [] {});
  Request m;
  for (int taken = 0; taken < 10; ++taken) {
    // Time for the reading thread to run as far ahead as it would.
    absl::SleepFor(absl::Milliseconds(20));
    EXPECT_LE(stream.read(), taken + 1) << "after taking " << taken;
    ASSERT_TRUE(ahead.Next(&m));
  }
  EXPECT_FALSE(ahead.Next(&m));
}

TEST(ReadAheadTest, AnEmptyStreamEndsAtOnce) {
  FakeStream stream(0);
  ReadAhead<Request> ahead(&stream, [] { FAIL() << "nothing was read"; });
  Request m;
  EXPECT_FALSE(ahead.Next(&m));
}

}  // namespace
}  // namespace disclosure::node
