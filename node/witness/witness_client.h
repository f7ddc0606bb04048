// The client side of c2sp.org/tlog-witness: sends one add-checkpoint request
// to one witness and sorts the answer. WitnessClient is an interface so that
// the node's witnessing logic is tested with fakes; HttpWitnessClient speaks
// HTTP (or HTTPS) through cpp-httplib.
#ifndef DISCLOSURE_NODE_WITNESS_WITNESS_CLIENT_H_
#define DISCLOSURE_NODE_WITNESS_WITNESS_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "format/witness_protocol.h"

namespace disclosure::node {

struct WitnessAnswer {
  enum class Kind {
    kCosigned,     // 200: `lines` holds the signature lines (unverified)
    kConflict,     // 409: `size` is the witness's latest size
    kRefused,      // any other status; `status` and `detail` say what
    kUnreachable,  // no HTTP answer; `detail` says why
  };
  Kind kind = Kind::kUnreachable;
  std::vector<std::string> lines;
  uint64_t size = 0;
  int status = 0;
  std::string detail;
};

class WitnessClient {
 public:
  virtual ~WitnessClient() = default;
  // Sends `request`; never fails, the answer says what happened.
  virtual WitnessAnswer AddCheckpoint(const AddCheckpointRequest& request) = 0;
};

// A client for the witness at `url` ("http://host:port" or
// "https://host:port", optionally with a path prefix before
// /add-checkpoint). Each request has `timeout` to connect, send and read.
// InvalidArgument for a URL it cannot use.
absl::StatusOr<std::unique_ptr<WitnessClient>> NewHttpWitnessClient(
    const std::string& url, absl::Duration timeout);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_WITNESS_WITNESS_CLIENT_H_
