// The participation intake over HTTP: POST /participation/submit with the
// site's form (application/x-www-form-urlencoded: agency, concerns, kind,
// text, contact, publish). nginx in front serves it on the site's own
// address with TLS and passes the client's address in X-Real-IP.
//
// The reply is the signed receipt: as text/plain when the request's Accept
// asks for it (scripts, tests), else as a page in zh and en that shows the
// receipt and says how to keep and check it. A refusal names what is wrong
// and what to do, with the matching status (400, 404, 413, 415, 429 with
// Retry-After, 503).
//
// cpp-httplib (Debian's libcpp-httplib-dev) bounds the body
// (max_body_bytes: 413 before anything is parsed), the time a client may
// take, and the workers.
//
// Thread-safety: Start and Stop from one thread; requests run on the pool.
#ifndef DISCLOSURE_HUB_PARTICIPATION_INTAKE_HTTP_H_
#define DISCLOSURE_HUB_PARTICIPATION_INTAKE_HTTP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/participation/participation_desk.h"
#include "transport/http_listener.h"

namespace disclosure::hub {

class IntakeHttpServer {
 public:
  // Listens on `listen` ("host:port"; port 0 picks one) and serves `desk`
  // (borrowed). InvalidArgument for a malformed address; Unavailable if
  // it cannot be bound.
  static absl::StatusOr<std::unique_ptr<IntakeHttpServer>> Start(
      const std::string& listen, ParticipationDesk* desk, size_t max_body_bytes,
      std::vector<std::string> trusted_proxies);

  int port() const { return listener_->port(); }
  // Stops accepting and waits for requests in flight. Idempotent.
  void Stop() { listener_->Stop(); }

 private:
  IntakeHttpServer() = default;
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_INTAKE_HTTP_H_
