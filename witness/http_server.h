// Serves a Witness over HTTP as c2sp.org/tlog-witness says: POST
// /add-checkpoint. TLS is left to a reverse proxy (nginx) in front, as the
// spec's bastion note allows; the listener is plain HTTP.
//
// Built on cpp-httplib (Debian's libcpp-httplib-dev): a small, well-kept
// server whose thread pool, body limit and timeouts are all settings, which
// is all this endpoint needs. Bodies over the limit get 413 before the
// witness sees them; every request has read and write timeouts, so a slow
// client holds a worker for a bounded time.
//
// Thread-safety: Start and Stop from one thread; requests run on the pool.
#ifndef DISCLOSURE_WITNESS_HTTP_SERVER_H_
#define DISCLOSURE_WITNESS_HTTP_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "transport/http_listener.h"
#include "witness/witness.h"

namespace disclosure::witness {

struct HttpServerOptions {
  // Worker threads (requests served at once).
  int threads = 4;
  // Largest request body; the protocol's own limit by default.
  size_t max_body_bytes = kMaxAddCheckpointBytes;
  // Longest a client may take to send its request or read the reply.
  absl::Duration io_timeout = absl::Seconds(10);
};

class WitnessHttpServer {
 public:
  // Listens on `listen` ("host:port"; port 0 picks a free one) and serves
  // `witness` (borrowed; must outlive the server). InvalidArgument for a
  // malformed address; Unavailable if it cannot be bound.
  static absl::StatusOr<std::unique_ptr<WitnessHttpServer>> Start(
      const std::string& listen, Witness* witness,
      const HttpServerOptions& options);

  // The port bound.
  int port() const { return listener_->port(); }
  // Stops accepting and waits for requests in flight. Idempotent.
  void Stop() { listener_->Stop(); }

 private:
  WitnessHttpServer() = default;
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace disclosure::witness

#endif  // DISCLOSURE_WITNESS_HTTP_SERVER_H_
