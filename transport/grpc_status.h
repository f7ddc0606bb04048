// The one place where absl::Status and grpc::Status are converted. Both use
// the same canonical codes.
#ifndef DISCLOSURE_TRANSPORT_GRPC_STATUS_H_
#define DISCLOSURE_TRANSPORT_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace disclosure {

inline grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

inline absl::Status FromGrpcStatus(const grpc::Status& s) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      s.error_message());
}

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_GRPC_STATUS_H_
