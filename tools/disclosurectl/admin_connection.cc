#include "tools/disclosurectl/admin_connection.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/status_macros.h"
#include "transport/tls.h"

namespace disclosure::cli {

void AdminConnection::AddOptions(CLI::App* cmd, const ConnectionNames& names) {
  cmd->add_option(names.address_flag, address, _(names.address_help))
      ->envname(names.address_env)
      ->capture_default_str();
  cmd->add_option("--cert", cert_file,
                  absl::Substitute(_("$0 certificate (PEM)"), _(names.who)))
      ->envname(names.cert_env);
  cmd->add_option(
         "--key", key_file,
         absl::Substitute(_("$0 private key (PEM, mode 0600)"), _(names.who)))
      ->envname(names.key_env);
  cmd->add_option("--ca", ca_file, _("Federation CA certificate (PEM)"))
      ->envname("DISCLOSURE_CA");
  cmd->add_option("--timeout", timeout_seconds, _("Seconds before giving up"))
      ->capture_default_str();
  cmd->add_flag("--json", json, _("Machine-readable output"));
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> AdminConnection::Channel()
    const {
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string*>{"--cert", &cert_file},
        {"--key", &key_file},
        {"--ca", &ca_file}}) {
    if (value->empty()) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0 is required (or its environment variable)"), flag));
    }
  }
  auto creds = MutualTlsChannelCredentials({cert_file, key_file, ca_file});
  DN_RETURN_IF_ERROR(creds.status());
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, *creds, args);
}

absl::StatusOr<std::unique_ptr<disclosure::v1::node::AdminService::Stub>>
AdminConnection::Connect() const {
  DN_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, Channel());
  return disclosure::v1::node::AdminService::NewStub(channel);
}

std::unique_ptr<grpc::ClientContext> AdminConnection::Context() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(timeout_seconds));
  return ctx;
}

ExitCode ExitCodeOf(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::NOT_FOUND:
      return kExitInvalid;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& address) {
  const std::string& msg = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return absl::Substitute(
          _("could not reach $0 ($1); is the server running there, and are "
            "the certificate and CA right?"),
          address, msg);
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::Substitute(
          _("$0 did not answer in time; try again, or give more time with "
            "--timeout"),
          address);
    case grpc::StatusCode::UNIMPLEMENTED:
      return absl::Substitute(
          _("$0 does not offer this command: is it the admin port? (a "
            "node's snapshot port and the hub's index answer other calls)"),
          address);
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::Substitute(
          _("refused: $0 (use the certificate issued for this role)"), msg);
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::Substitute(
          _("the server is out of room or over a limit: $0"), msg);
    case grpc::StatusCode::CANCELLED:
      return absl::Substitute(_("cancelled: $0"), msg);
    default:
      // The server's own words name the problem and what to do.
      return msg.empty() ? _("the server failed without saying why") : msg;
  }
}

}  // namespace disclosure::cli
