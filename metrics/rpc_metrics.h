// A gRPC server interceptor that counts every call of a listener, by method
// and status code, with its duration and the bytes it sent:
//
//   disclosure_rpc_calls_total{server, method, code}
//   disclosure_rpc_duration_seconds{server, method}
//   disclosure_rpc_sent_bytes_total{server, method}
//
// `server` names the listener ("node-snapshot", "hub-index", ...). `method`
// is one of the listener's own methods (its services', gRPC's health check
// and reflection), or "unknown" for any other name a caller sends: callers
// cannot add label values, so the metrics stay the same size under a flood
// of made-up names.
#ifndef DISCLOSURE_METRICS_RPC_METRICS_H_
#define DISCLOSURE_METRICS_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

namespace disclosure {

// Interceptor creators for grpc::ServerBuilder::experimental()
// .SetInterceptorCreators.
// `services` are the full names of the services the listener serves
// ("disclosure.v1.hub.IndexService").
std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors(const std::string& server,
                       const std::vector<std::string>& services);

}  // namespace disclosure

#endif  // DISCLOSURE_METRICS_RPC_METRICS_H_
