#include "witness/http_server.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "metrics/metrics.h"

namespace disclosure::witness {

absl::StatusOr<std::unique_ptr<WitnessHttpServer>> WitnessHttpServer::Start(
    const std::string& listen, Witness* witness,
    const HttpServerOptions& options) {
  auto server = std::make_unique<httplib::Server>();
  httplib::Server& svr = *server;
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
  std::unique_ptr<WitnessHttpServer> out(new WitnessHttpServer());
  DN_ASSIGN_OR_RETURN(
      out->listener_,
      HttpListener::Start(std::move(server), listen, "listen address"));
  return out;
}

}  // namespace disclosure::witness
