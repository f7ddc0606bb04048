#include "hub/service/admin_service.h"

#include "absl/strings/str_cat.h"
#include "core/entry_key.h"
#include "core/utf8.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

namespace {

grpc::Status CheckAgencyId(const std::string& id) {
  if (absl::Status s = ValidateId(id, "agency_id"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::Status HubAdminService::GetAgencyState(
    grpc::ServerContext* ctx, const v1h::GetAgencyStateRequest* req,
    v1h::GetAgencyStateResponse* resp) {
  if (grpc::Status s = policy_.Check(*ctx); !s.ok()) return s;
  if (grpc::Status s = CheckAgencyId(req->agency_id()); !s.ok()) return s;
  auto state = store_->GetAgency(req->agency_id());
  if (!state.ok()) return ToGrpcStatus(state.status());
  if (!state->has_value()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("the hub holds nothing of agency ", req->agency_id()));
  }
  *resp->mutable_state() = **state;
  auto evidence = store_->ListEvidence(req->agency_id());
  if (!evidence.ok()) return ToGrpcStatus(evidence.status());
  for (auto& e : *evidence) *resp->add_evidence() = std::move(e);
  return grpc::Status::OK;
}

grpc::Status HubAdminService::ClearMisbehaving(
    grpc::ServerContext* ctx, const v1h::ClearMisbehavingRequest* req,
    v1h::ClearMisbehavingResponse* resp) {
  if (grpc::Status s = policy_.Check(*ctx); !s.ok()) return s;
  if (grpc::Status s = CheckAgencyId(req->agency_id()); !s.ok()) return s;
  if (req->reason().empty() ||
      req->reason().size() > kMaxClearanceReasonBytes ||
      !IsValidUtf8(req->reason())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("a reason is required: UTF-8, at most ",
                                     kMaxClearanceReasonBytes, " bytes"));
  }
  auto auth = ctx->auth_context();
  absl::StatusOr<std::string> who = PeerSpiffeId(*auth);
  auto state = harvester_->ClearMisbehaving(
      req->agency_id(), who.ok() ? *who : "unknown", req->reason());
  if (!state.ok()) return ToGrpcStatus(state.status());
  *resp->mutable_state() = *std::move(state);
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
