// ConsultationService (proto/disclosure/v1/hub/consultation_service.proto):
// the coordinating office opens, closes and lists consultation rounds. It
// is served on the hub's admin listener and checks the hub admin identity
// itself, like HubAdminService. Thin: it checks the caller and hands the
// request to the participation desk. Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_SERVICE_H_
#define DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_SERVICE_H_

#include "disclosure/v1/hub/consultation_service.grpc.pb.h"
#include "hub/participation/participation_desk.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {

class ConsultationService final
    : public disclosure::v1::hub::ConsultationService::Service {
 public:
  // `desk` is borrowed and must outlive the service.
  ConsultationService(ParticipationDesk* desk, IdentityPolicy policy)
      : desk_(desk), policy_(std::move(policy)) {}

  grpc::Status OpenConsultation(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::OpenConsultationRequest* req,
      disclosure::v1::hub::OpenConsultationResponse* resp) override;
  grpc::Status CloseConsultation(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::CloseConsultationRequest* req,
      disclosure::v1::hub::CloseConsultationResponse* resp) override;
  grpc::Status ListConsultations(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::ListConsultationsRequest* req,
      disclosure::v1::hub::ListConsultationsResponse* resp) override;

 private:
  ParticipationDesk* const desk_;
  const IdentityPolicy policy_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_CONSULTATION_SERVICE_H_
