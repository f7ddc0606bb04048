#include "hub/search_replica_server.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/log_flags.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "hub/index/search_replica.h"
#include "hub/service/index_service.h"
#include "hub/service/search_http.h"
#include "hub/service/search_replica_service.h"
#include "transport/tls.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;

absl::Status ServeSearchReplica(const SearchReplicaOptions& options,
                                sigset_t* signals) {
  DN_ASSIGN_OR_RETURN(
      auto creds, TlsServerCredentials(options.cert_file, options.key_file));
  SearchReplica replica(options.index_dir);
  SearchReplicaService service(&replica);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, creds, &port);
  builder.RegisterService(&service);
  builder.SetMaxReceiveMessageSize(kMaxQueryBytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 128);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen,
                     " (is the address right and the port free?)"));
  }
  std::unique_ptr<SearchHttpServer> http;
  if (!options.http_listen.empty()) {
    DN_ASSIGN_OR_RETURN(
        http, SearchHttpServer::Start(
                  options.http_listen, "--http_listen",
                  [&replica](const v1::hub::SearchDatabasesRequest& r) {
                    return replica.Search(r);
                  }));
    LogLine("search-replica",
            absl::StrCat("serving search over HTTP on port ", http->port()));
  }
  LogLine("search-replica",
          absl::StrCat("serving search on port ", port, " from the replica ",
                       options.index_dir));
  for (;;) {
    int sig = 0;
    sigwait(signals, &sig);
    if (sig != SIGHUP) break;
    if (absl::Status s = ReopenLogFile(); !s.ok()) {
      LogError("search-replica", s.message());
    }
  }
  if (http) http->Stop();
  // Searches under way get two seconds to finish, as on the hub.
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  LogLine("search-replica", "stopped");
  return absl::OkStatus();
}

}  // namespace disclosure::hub
