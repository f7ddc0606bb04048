#include "metrics/rpc_metrics.h"

#include <grpcpp/support/byte_buffer.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "metrics/metrics.h"

namespace disclosure {
namespace {

using grpc::experimental::InterceptionHookPoints;

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "OTHER";
  }
}

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(std::string server, std::string method)
      : labels_{{"server", std::move(server)}, {"method", std::move(method)}},
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (grpc::ByteBuffer* b = m->GetSerializedSendMessage(); b != nullptr) {
        sent_bytes_ += static_cast<double>(b->Length());
      }
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      MetricLabels with_code = labels_;
      with_code["code"] = CodeName(m->GetSendStatus().error_code());
      CountEvent("disclosure_rpc_calls_total",
                 "Calls answered, by listener, method and status code",
                 with_code);
      ObserveSeconds("disclosure_rpc_duration_seconds",
                     "Time from a call's arrival to its status", labels_,
                     absl::ToDoubleSeconds(absl::Now() - start_));
      CountEvent("disclosure_rpc_sent_bytes_total",
                 "Bytes of reply messages sent", labels_, sent_bytes_);
    }
    m->Proceed();
  }

 private:
  const MetricLabels labels_;
  const absl::Time start_;
  double sent_bytes_ = 0;
};

using MethodSet = absl::flat_hash_set<std::string>;

// "/<service>/<method>" of every method of `services`, of gRPC's health
// check and of server reflection. Names are looked up only here, once:
// looking up a caller's made-up name in the descriptor pool would make the
// pool remember it.
MethodSet KnownMethods(const std::vector<std::string>& services) {
  MethodSet known = {"/grpc.health.v1.Health/Check",
                     "/grpc.health.v1.Health/Watch"};
  std::vector<std::string> all = services;
  all.push_back("grpc.reflection.v1alpha.ServerReflection");
  for (const std::string& name : all) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      known.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return known;
}

class Factory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  Factory(std::string server, MethodSet known)
      : server_(std::move(server)), known_(std::move(known)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    const bool is_known = method != nullptr && known_.contains(method);
    return new RpcMetricsInterceptor(server_, is_known ? method : "unknown");
  }

 private:
  const std::string server_;
  const MethodSet known_;
};

}  // namespace

std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors(const std::string& server,
                       const std::vector<std::string>& services) {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      out;
  out.push_back(std::make_unique<Factory>(server, KnownMethods(services)));
  return out;
}

}  // namespace disclosure
