// The hub's admin service for the coordinating office's operators (mutual
// TLS, the hub admin identity only): inspect what the hub holds for an
// agency with its evidence, and clear "misbehaving" with a reason that is
// kept. Thin: each method checks the caller and its arguments, then asks the
// store or the harvester. Thread-safe.
#ifndef DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_
#define DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_

#include "disclosure/v1/hub/admin_service.grpc.pb.h"
#include "hub/harvest/harvester.h"
#include "hub/storage/hub_store.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {

// Longest reason an operator may give for a clearance.
inline constexpr size_t kMaxClearanceReasonBytes = 1024;

class HubAdminService final
    : public disclosure::v1::hub::HubAdminService::Service {
 public:
  // Pointers are borrowed and must outlive the service.
  HubAdminService(const HubStore* store, Harvester* harvester,
                  IdentityPolicy policy)
      : store_(store), harvester_(harvester), policy_(std::move(policy)) {}

  grpc::Status GetAgencyState(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::GetAgencyStateRequest* req,
      disclosure::v1::hub::GetAgencyStateResponse* resp) override;
  grpc::Status ClearMisbehaving(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::ClearMisbehavingRequest* req,
      disclosure::v1::hub::ClearMisbehavingResponse* resp) override;

 private:
  const HubStore* const store_;
  Harvester* const harvester_;
  const IdentityPolicy policy_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_
