// How disclosurectl reaches a node's admin service: address and the agency
// admin's TLS files, from flags or environment variables.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/node/admin_service.grpc.pb.h"

namespace disclosure::cli {

struct AdminConnection {
  std::string address = "127.0.0.1:7443";
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  int timeout_seconds = 60;
  bool json = false;

  // Adds --node/--cert/--key/--ca/--timeout/--json (with DISCLOSURE_NODE,
  // DISCLOSURE_ADMIN_CERT, DISCLOSURE_ADMIN_KEY, DISCLOSURE_CA) to `cmd`.
  void AddOptions(CLI::App* cmd);

  // A stub over mutual TLS. Errors name the file or flag at fault.
  absl::StatusOr<std::unique_ptr<disclosure::v1::node::AdminService::Stub>>
  Connect() const;

  // A client context with this connection's deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;
};

// One line for a failed RPC: what failed and, for UNAVAILABLE, the likely
// causes (node down, wrong address, certificate not trusted).
std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& address);

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_
