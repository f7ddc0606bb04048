// HubServer: the participation desk, its HTTP intake and the agencies'
// queue (hub/participation).
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "format/status_macros.h"
#include "hub/hub_server.h"
#include "metrics/rpc_metrics.h"
#include "transport/tls.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

absl::Status HubServer::StartParticipation(bool serve) {
  const v1h::ParticipationSettings& p = config_.participation();
  DN_ASSIGN_OR_RETURN(participation_,
                      ParticipationDesk::Create(config_, store_.get(), clock_));
  participation_->Reconcile(harvester_->Registry());
  if (!serve) return absl::OkStatus();
  if (!p.intake_listen().empty()) {
    DN_ASSIGN_OR_RETURN(
        intake_,
        IntakeHttpServer::Start(
            p.intake_listen(), participation_.get(), p.max_body_bytes(),
            {p.trusted_proxies().begin(), p.trusted_proxies().end()}));
  }
  if (p.queue_listen().empty()) return absl::OkStatus();
  DN_ASSIGN_OR_RETURN(auto creds,
                      MutualTlsServerCredentials({config_.index_cert_file(),
                                                  config_.index_key_file(),
                                                  config_.ca_file()}));
  Harvester* harvester = harvester_.get();
  queue_service_ = std::make_unique<QueueService>(
      participation_.get(), config_.trust_domain(),
      [harvester] { return harvester->Registry(); });
  grpc::ServerBuilder builder;
  builder.AddListeningPort(p.queue_listen(), creds, &queue_port_);
  builder.RegisterService(queue_service_.get());
  builder.experimental().SetInterceptorCreators(RpcMetricsInterceptors(
      "hub-participation", {v1h::ParticipationService::service_full_name()}));
  queue_server_ = builder.BuildAndStart();
  if (queue_server_ == nullptr || queue_port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on participation.queue_listen ", p.queue_listen(),
        " (in use, or not an address of this machine?)"));
  }
  LogLine("hub", absl::StrCat("participation: intake on port ",
                              intake_ ? intake_->port() : 0,
                              ", agencies' queue on port ", queue_port_,
                              "; receipts signed by ",
                              participation_->receipt_vkey()));
  return absl::OkStatus();
}

void HubServer::StopParticipation() {
  if (intake_) intake_->Stop();
  if (queue_server_)
    queue_server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
}

std::string HubServer::ParticipationState() const {
  if (!participation_) return "";
  return participation_->StateLine(clock_->Now());
}

}  // namespace disclosure::hub
