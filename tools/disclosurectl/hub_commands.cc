// disclosurectl hub state | clear-misbehaving: the coordinating office's
// operators and the hub's admin service.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/json.h"
#include "core/periods.h"
#include "disclosure/v1/hub/admin_service.grpc.pb.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

namespace v1h = disclosure::v1::hub;

std::string When(int64_t seconds) {
  if (seconds == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez",
                          absl::FromUnixSeconds(seconds), TaipeiTime());
}

// 3 when the hub could not be reached; 1 when it answered with a refusal.
int RpcExitCode(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                 s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
             ? kExitFailure
             : kExitInvalid;
}

void PrintState(const v1h::GetAgencyStateResponse& r) {
  const v1h::AgencyState& s = r.state();
  std::cout << "agency            " << s.agency_id() << "\n"
            << "log size          " << s.log_size() << "\n"
            << "last success      " << When(s.last_success()) << "\n"
            << "expires           " << When(s.expires_at()) << "\n"
            << "unreachable since " << When(s.unreachable_since()) << "\n"
            << "misbehaving since " << When(s.misbehaving_since()) << "\n";
  if (!s.misbehaving_reason().empty()) {
    std::cout << "  reason          " << s.misbehaving_reason() << "\n";
  }
  if (!s.last_error().empty()) {
    std::cout << "last error        " << s.last_error() << "\n";
  }
  std::cout << "evidence          " << r.evidence_size() << " record(s)\n";
  for (const v1h::Clearance& c : s.clearances()) {
    std::cout << "cleared           " << When(c.cleared_at()) << " by "
              << c.cleared_by() << ": " << c.reason() << "\n";
  }
}

}  // namespace

void AddHubCommands(CLI::App& app, int* exit_code) {
  CLI::App* hub =
      app.add_subcommand("hub", "Operate the hub (its admin service)");
  hub->require_subcommand(1);

  auto conn = std::make_shared<AdminConnection>();
  auto agency = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();

  CLI::App* state = hub->add_subcommand(
      "state", "What the hub holds for an agency, with its evidence");
  state->add_option("--agency", *agency, "Agency id")->required();
  conn->AddOptions(state, kHubAdmin);
  state->callback([conn, agency, exit_code] {
    constexpr char kCmd[] = "disclosurectl hub state";
    auto channel = conn->Channel();
    if (!channel.ok()) {
      PrintError(kCmd, channel.status().message());
      *exit_code = kExitUsage;
      return;
    }
    auto stub = v1h::HubAdminService::NewStub(*channel);
    v1h::GetAgencyStateRequest req;
    req.set_agency_id(*agency);
    v1h::GetAgencyStateResponse resp;
    grpc::Status s = stub->GetAgencyState(conn->Context().get(), req, &resp);
    if (!s.ok()) {
      PrintError(kCmd, DescribeRpcError(s, conn->address));
      *exit_code = RpcExitCode(s);
      return;
    }
    if (conn->json) {
      std::cout << ToJson(resp) << std::endl;
    } else {
      PrintState(resp);
    }
    *exit_code = kExitOk;
  });

  CLI::App* clear = hub->add_subcommand(
      "clear-misbehaving",
      "Show a misbehaving agency normally again, after looking at its "
      "evidence; the reason is kept with the evidence");
  clear->add_option("--agency", *agency, "Agency id")->required();
  clear->add_option("--reason", *reason, "Why it is safe (kept)")->required();
  conn->AddOptions(clear, kHubAdmin);
  clear->callback([conn, agency, reason, exit_code] {
    constexpr char kCmd[] = "disclosurectl hub clear-misbehaving";
    auto channel = conn->Channel();
    if (!channel.ok()) {
      PrintError(kCmd, channel.status().message());
      *exit_code = kExitUsage;
      return;
    }
    auto stub = v1h::HubAdminService::NewStub(*channel);
    v1h::ClearMisbehavingRequest req;
    req.set_agency_id(*agency);
    req.set_reason(*reason);
    v1h::ClearMisbehavingResponse resp;
    grpc::Status s = stub->ClearMisbehaving(conn->Context().get(), req, &resp);
    if (!s.ok()) {
      PrintError(kCmd, DescribeRpcError(s, conn->address));
      *exit_code = RpcExitCode(s);
      return;
    }
    std::cout << "cleared: " << *agency << " is no longer marked misbehaving"
              << " (its evidence is kept)" << std::endl;
    *exit_code = kExitOk;
  });
}

}  // namespace disclosure::cli
