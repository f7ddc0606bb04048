#include "witness/http_server.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "core/host_port.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "metrics/metrics.h"

namespace disclosure::witness {

absl::StatusOr<std::unique_ptr<WitnessHttpServer>> WitnessHttpServer::Start(
    const std::string& listen, Witness* witness,
    const HttpServerOptions& options) {
  std::string host;
  int port = 0;
  DN_RETURN_IF_ERROR(SplitHostPort(listen, "listen address", &host, &port));
  std::unique_ptr<WitnessHttpServer> out(new WitnessHttpServer());
  out->server_ = std::make_unique<httplib::Server>();
  httplib::Server& svr = *out->server_;
  const int threads = std::max(1, options.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(options.max_body_bytes);
  const int64_t io_s = absl::ToInt64Seconds(options.io_timeout);
  svr.set_read_timeout(io_s, 0);
  svr.set_write_timeout(io_s, 0);
  svr.set_keep_alive_timeout(5);
  svr.Post("/add-checkpoint",
           [witness](const httplib::Request& req, httplib::Response& res) {
             Witness::Reply r = witness->AddCheckpoint(req.body);
             res.status = r.status;
             res.set_content(r.body, r.content_type.c_str());
             CountEvent("disclosure_witness_requests_total",
                        "add-checkpoint requests, by HTTP status",
                        {{"status", absl::StrCat(r.status)}});
           });
  // Anything else is 404 (cpp-httplib's default) or 405.
  svr.Get("/add-checkpoint",
          [](const httplib::Request&, httplib::Response& res) {
            res.status = 405;
            res.set_header("Allow", "POST");
            res.set_content("add-checkpoint takes POST\n", "text/plain");
          });
  if (port == 0) {
    out->port_ = svr.bind_to_any_port(host.c_str());
  } else if (svr.bind_to_port(host.c_str(), port)) {
    out->port_ = port;
  } else {
    out->port_ = -1;
  }
  if (out->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen,
                     ": the address is in use or not this machine's"));
  }
  out->thread_ =
      std::thread([s = out->server_.get()] { s->listen_after_bind(); });
  return out;
}

void WitnessHttpServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

WitnessHttpServer::~WitnessHttpServer() { Stop(); }

}  // namespace disclosure::witness
