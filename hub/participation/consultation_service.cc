#include "hub/participation/consultation_service.h"

#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

grpc::Status ConsultationService::OpenConsultation(
    grpc::ServerContext* ctx, const v1h::OpenConsultationRequest* req,
    v1h::OpenConsultationResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  absl::StatusOr<std::string> caller = PeerSpiffeId(*ctx->auth_context());
  DN_GRPC_ASSIGN_OR_RETURN(
      *resp->mutable_round(),
      desk_->OpenRound(req->round(), caller.ok() ? *caller : ""));
  LogLine("participation",
          absl::StrCat("consultation round ", resp->round().id(), " opened on ",
                       resp->round().entries_size(), " entries until ",
                       resp->round().closes_on(), " by ",
                       resp->round().opened_by()));
  return grpc::Status::OK;
}

grpc::Status ConsultationService::CloseConsultation(
    grpc::ServerContext* ctx, const v1h::CloseConsultationRequest* req,
    v1h::CloseConsultationResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_ASSIGN_OR_RETURN(
      *resp->mutable_round(),
      desk_->rounds().CloseRound(req->id(), desk_->clock().Now()));
  LogLine("participation",
          absl::StrCat("consultation round ", req->id(), " closed early"));
  return grpc::Status::OK;
}

grpc::Status ConsultationService::ListConsultations(
    grpc::ServerContext* ctx, const v1h::ListConsultationsRequest*,
    v1h::ListConsultationsResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  for (const RoundView& r : desk_->Rounds()) {
    v1h::ConsultationStatus* out = resp->add_rounds();
    *out->mutable_round() = r.round;
    out->set_open(r.open);
    out->set_opinions(r.counts.opinions);
    out->set_adopted(r.counts.adopted);
    out->set_partly_adopted(r.counts.partly_adopted);
    out->set_not_adopted(r.counts.not_adopted);
    out->set_waiting(r.counts.waiting);
    out->set_overdue(r.counts.overdue);
  }
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
