// The one place where absl::Status and grpc::Status are converted. Both use
// the same canonical codes.
#ifndef DISCLOSURE_TRANSPORT_GRPC_STATUS_H_
#define DISCLOSURE_TRANSPORT_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "format/status_macros.h"

namespace disclosure {

inline grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

inline grpc::Status ToGrpcStatus(grpc::Status s) { return s; }

inline absl::Status FromGrpcStatus(const grpc::Status& s) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      s.error_message());
}

}  // namespace disclosure

// DN_RETURN_IF_ERROR and DN_ASSIGN_OR_RETURN (format/status_macros.h) for the
// body of a gRPC method, which returns a grpc::Status: `expr` may be an
// absl::Status or a grpc::Status, `rexpr` an absl::StatusOr.
#define DN_GRPC_RETURN_IF_ERROR(expr)                                    \
  do {                                                                   \
    ::grpc::Status dn_grpc_status_ = ::disclosure::ToGrpcStatus((expr)); \
    if (!dn_grpc_status_.ok()) return dn_grpc_status_;                   \
  } while (false)

#define DN_GRPC_ASSIGN_OR_RETURN(lhs, rexpr) \
  DN_GRPC_ASSIGN_OR_RETURN_IMPL_(            \
      DN_STATUS_CONCAT_(dn_grpc_statusor_, __LINE__), lhs, rexpr)

#define DN_GRPC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)                \
  auto statusor = (rexpr);                                                  \
  if (!statusor.ok()) return ::disclosure::ToGrpcStatus(statusor.status()); \
  lhs = *std::move(statusor)

#endif  // DISCLOSURE_TRANSPORT_GRPC_STATUS_H_
