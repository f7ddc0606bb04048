#include "hub/participation/queue_service.h"

#include "absl/strings/str_cat.h"
#include "transport/grpc_status.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

constexpr uint32_t kMaxList = 1000;

}  // namespace

grpc::Status QueueService::CallerAgency(const grpc::ServerContext& ctx,
                                        std::string* agency_id) const {
  const auto auth = ctx.auth_context();
  absl::StatusOr<CertificateIdentity> peer = PeerIdentityOf(*auth);
  if (!peer.ok()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(peer.status().message()));
  }
  for (const v1h::RegisteredAgency& reg : registry_()) {
    const std::string want =
        reg.admin_identity().empty()
            ? AgencyAdminIdentity(trust_domain_, reg.agency_id())
            : reg.admin_identity();
    if (IdentityPolicy({want}, {}).Allows(*peer)) {
      *agency_id = reg.agency_id();
      return grpc::Status::OK;
    }
  }
  return grpc::Status(
      grpc::StatusCode::PERMISSION_DENIED,
      "this certificate is no registered agency's admin identity; use the "
      "agency's admin certificate (spiffe://<trust domain>/agency/<id>/admin)");
}

grpc::Status QueueService::ListSubmissions(
    grpc::ServerContext* ctx, const v1h::ListSubmissionsRequest* req,
    v1h::ListSubmissionsResponse* resp) {
  std::string agency_id;
  DN_GRPC_RETURN_IF_ERROR(CallerAgency(*ctx, &agency_id));
  if (!req->after_id().empty() && SubmissionNumber(req->after_id()) == 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "after_id is not a submission id (q and a number)");
  }
  const uint32_t limit =
      req->limit() == 0 || req->limit() > kMaxList ? kMaxList : req->limit();
  // One more than asked tells whether more follow.
  std::vector<SubmissionSummary> list = desk_->submissions().List(
      agency_id, req->after_id(), limit + 1, req->open_only());
  resp->set_agency_id(agency_id);
  resp->set_more(list.size() > limit);
  if (list.size() > limit) list.pop_back();
  for (const SubmissionSummary& s : list) {
    v1h::SubmissionSummary* out = resp->add_submissions();
    out->set_id(s.id);
    out->set_concerns(s.concerns);
    out->set_kind(s.kind);
    out->set_received_at(s.received_at);
    out->set_due_at(desk_->DueAt(s));
    out->set_consultation_id(s.consultation_id);
    out->set_answer_seen_at(s.answer_seen_at);
    out->set_publish_allowed(s.publish_allowed);
    out->set_masked_count(s.masked_count);
    out->set_answer_mismatch(s.answer_mismatch);
  }
  return grpc::Status::OK;
}

grpc::Status QueueService::GetSubmission(grpc::ServerContext* ctx,
                                         const v1h::GetSubmissionRequest* req,
                                         v1h::GetSubmissionResponse* resp) {
  std::string agency_id;
  DN_GRPC_RETURN_IF_ERROR(CallerAgency(*ctx, &agency_id));
  DN_GRPC_ASSIGN_OR_RETURN(v1h::Submission s,
                           desk_->submissions().Get(req->id()));
  // Another agency's submission reads as absent: ids are sequential, and
  // PERMISSION_DENIED would confirm that it exists.
  if (s.agency_id() != agency_id) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("no submission ", req->id(), " for agency ", agency_id));
  }
  resp->set_due_at(desk_->DueAt(Summarize(s)));
  *resp->mutable_submission() = std::move(s);
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
