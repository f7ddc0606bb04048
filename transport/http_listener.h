// An HTTP server's listening socket and the thread that serves it: the
// start and stop every plain-HTTP listener of the project shares (the
// witness's add-checkpoint, the hub's question intake and its search).
//
//   auto server = std::make_unique<httplib::Server>();
//   server->Get("/x", handler);          // routes and limits first
//   DN_ASSIGN_OR_RETURN(auto listener,
//       HttpListener::Start(std::move(server), "127.0.0.1:0",
//       "search_http_listen"));
//   listener->port();                    // the port bound (0 picks one)
//
// Start returns once the server's loop runs, so a Stop right after it is
// never missed (cpp-httplib ignores a stop() before its loop starts, and
// the join would then wait for ever).
#ifndef DISCLOSURE_TRANSPORT_HTTP_LISTENER_H_
#define DISCLOSURE_TRANSPORT_HTTP_LISTENER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace disclosure {

class HttpListener {
 public:
  // Binds `listen` ("host:port"; port 0 picks a free one) and serves
  // `server` on a thread of its own. `setting` names the option in errors.
  // InvalidArgument for a malformed address; Unavailable if it cannot be
  // bound.
  static absl::StatusOr<std::unique_ptr<HttpListener>> Start(
      std::unique_ptr<httplib::Server> server, const std::string& listen,
      const std::string& setting);
  ~HttpListener();

  int port() const { return port_; }
  // Stops accepting and waits for requests in flight. Idempotent.
  void Stop();

 private:
  HttpListener() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_HTTP_LISTENER_H_
