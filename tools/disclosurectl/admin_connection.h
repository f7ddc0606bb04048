// How disclosurectl reaches an admin service (a node's, or the hub's):
// address and the operator's TLS files, from flags or environment variables.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/i18n.h"
#include "core/json.h"
#include "disclosure/v1/node/admin_service.grpc.pb.h"
#include "tools/disclosurectl/cli_util.h"

namespace disclosure::cli {

// Flag and environment names of one kind of admin connection.
struct ConnectionNames {
  const char* address_flag;  // "--node"
  const char* address_help;  // N_(): translated where used
  const char* address_env;
  const char* cert_env;
  const char* key_env;
  const char* who;  // N_("agency admin"), for help texts
};
inline constexpr ConnectionNames kNodeAdmin{
    "--node",
    N_("Admin address of the node (host:port)"),
    "DISCLOSURE_NODE",
    "DISCLOSURE_ADMIN_CERT",
    "DISCLOSURE_ADMIN_KEY",
    N_("agency admin")};
inline constexpr ConnectionNames kHubAdmin{
    "--hub",
    N_("Admin address of the hub (host:port)"),
    "DISCLOSURE_HUB",
    "DISCLOSURE_HUB_ADMIN_CERT",
    "DISCLOSURE_HUB_ADMIN_KEY",
    N_("hub admin")};

// An auditor reaching a node's snapshot service (auditor certificate,
// spiffe://<trust domain>/auditor/<name>).
inline constexpr ConnectionNames kNodeSnapshot{
    "--node",
    N_("Snapshot address of the node (host:port); omit with --export"),
    "DISCLOSURE_NODE_SNAPSHOT",
    "DISCLOSURE_AUDITOR_CERT",
    "DISCLOSURE_AUDITOR_KEY",
    N_("auditor")};

struct AdminConnection {
  std::string address = "127.0.0.1:7443";
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  int timeout_seconds = 60;
  bool json = false;

  // Adds the address flag, --cert/--key/--ca/--timeout/--json (with their
  // environment variables, DISCLOSURE_CA for the CA) to `cmd`.
  void AddOptions(CLI::App* cmd, const ConnectionNames& names = kNodeAdmin);

  // A channel over mutual TLS. Errors name the file or flag at fault.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel() const;
  // A stub of the node's admin service over Channel().
  absl::StatusOr<std::unique_ptr<disclosure::v1::node::AdminService::Stub>>
  Connect() const;

  // A client context with this connection's deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;
};

// One line for a failed RPC: what failed and, for UNAVAILABLE, the likely
// causes (node down, wrong address, certificate not trusted).
// The exit code of a command whose call to a node or the hub failed, the
// same for every command: 1 when the server refused (FAILED_PRECONDITION,
// PERMISSION_DENIED, UNAUTHENTICATED, ALREADY_EXISTS, ABORTED, NOT_FOUND),
// 2 when it found the arguments wrong (INVALID_ARGUMENT, OUT_OF_RANGE),
// 3 when the call could not be made or completed (anything else: the
// server unreachable or too slow, an internal error).
ExitCode ExitCodeOf(const grpc::Status& status);

std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& address);

// The one shape of a command that calls an admin service: `call(stub)`
// makes its RPC on a stub of `Service` over conn's channel, prints the
// answer, and returns the RPC's status. A connection that cannot be set up
// (a missing certificate file) exits kExitUsage; a failed call is printed
// with DescribeRpcError and exits ExitCodeOf.
template <typename Service, typename Fn>
int CallService(const char* command, const AdminConnection& conn, Fn call) {
  auto channel = conn.Channel();
  if (!channel.ok()) {
    PrintError(command, channel.status().message());
    return kExitUsage;
  }
  auto stub = Service::NewStub(*channel);
  const grpc::Status s = call(*stub);
  if (s.ok()) return kExitOk;
  PrintError(command, DescribeRpcError(s, conn.address));
  return ExitCodeOf(s);
}

// Prints an answer: as JSON with --json, else with `text`.
template <typename Reply, typename Text>
void PrintReply(const AdminConnection& conn, const Reply& reply, Text text) {
  if (conn.json) {
    std::cout << ToJson(reply) << std::endl;
  } else {
    text(reply);
  }
}

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_ADMIN_CONNECTION_H_
