// What standard gRPC tools ask of a server, without their stubs: the
// health check (grpc.health.v1) and server reflection's list_services.
#ifndef DISCLOSURE_TESTS_TESTING_GRPC_PROBES_H_
#define DISCLOSURE_TESTS_TESTING_GRPC_PROBES_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure::testing {

// The serialized HealthCheckResponse for the overall server ("\x08\x01"
// means SERVING).
absl::StatusOr<std::string> HealthCheck(
    const std::shared_ptr<grpc::Channel>& channel);

// The serialized first ServerReflectionResponse to list_services (it holds
// the service names as plain strings).
absl::StatusOr<std::string> ReflectionListServices(
    const std::shared_ptr<grpc::Channel>& channel);

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_GRPC_PROBES_H_
