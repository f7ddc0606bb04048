#include "transport/http_listener.h"

#include <httplib.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "core/host_port.h"
#include "format/status_macros.h"

namespace disclosure {

absl::StatusOr<std::unique_ptr<HttpListener>> HttpListener::Start(
    std::unique_ptr<httplib::Server> server, const std::string& listen,
    const std::string& setting) {
  std::string host;
  int port = 0;
  DN_RETURN_IF_ERROR(SplitHostPort(listen, setting, &host, &port));
  std::unique_ptr<HttpListener> out(new HttpListener());
  out->server_ = std::move(server);
  httplib::Server& svr = *out->server_;
  if (port == 0) {
    out->port_ = svr.bind_to_any_port(host.c_str());
  } else {
    out->port_ = svr.bind_to_port(host.c_str(), port) ? port : -1;
  }
  if (out->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", setting, " ", listen,
                     ": the address is in use or not this machine's"));
  }
  out->thread_ = std::thread([s = &svr] { s->listen_after_bind(); });
  // Until the loop runs, a stop() would be missed and Stop() would wait
  // for ever: return once it runs (at once, in practice; 2 s at most).
  for (int i = 0; i < 2000 && !svr.is_running(); ++i) usleep(1000);
  return out;
}

void HttpListener::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

HttpListener::~HttpListener() { Stop(); }

}  // namespace disclosure
