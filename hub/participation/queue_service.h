// ParticipationService (proto/disclosure/v1/hub/participation_service.proto):
// each agency's IT pulls the questions and opinions about its entries. The
// caller is the registered agency whose admin identity its certificate
// carries (RegisteredAgency.admin_identity, by default
// spiffe://<trust_domain>/agency/<id>/admin); anyone else is refused with
// PERMISSION_DENIED, and an agency sees only its own submissions.
//
// Thread-safe.
#ifndef DISCLOSURE_HUB_PARTICIPATION_QUEUE_SERVICE_H_
#define DISCLOSURE_HUB_PARTICIPATION_QUEUE_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "disclosure/v1/hub/hub_config.pb.h"
#include "disclosure/v1/hub/participation_service.grpc.pb.h"
#include "hub/participation/participation_desk.h"

namespace disclosure::hub {

class QueueService final
    : public disclosure::v1::hub::ParticipationService::Service {
 public:
  using Registry =
      std::function<std::vector<disclosure::v1::hub::RegisteredAgency>()>;
  QueueService(ParticipationDesk* desk, std::string trust_domain,
               Registry registry)
      : desk_(desk),
        trust_domain_(std::move(trust_domain)),
        registry_(std::move(registry)) {}

  grpc::Status ListSubmissions(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::ListSubmissionsRequest* req,
      disclosure::v1::hub::ListSubmissionsResponse* resp) override;
  grpc::Status GetSubmission(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::GetSubmissionRequest* req,
      disclosure::v1::hub::GetSubmissionResponse* resp) override;

 private:
  // The agency the caller speaks for, or PERMISSION_DENIED.
  grpc::Status CallerAgency(const grpc::ServerContext& ctx,
                            std::string* agency_id) const;

  ParticipationDesk* desk_;
  std::string trust_domain_;
  Registry registry_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_QUEUE_SERVICE_H_
