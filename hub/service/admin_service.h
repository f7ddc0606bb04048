// The hub's admin service for the coordinating office's operators (mutual
// TLS, the hub admin identity only): every agency's state at a glance, one
// agency with its evidence, a harvest now, an export now, and clearing
// "misbehaving" with a reason that is kept. Thin: each method checks the
// caller and its arguments, then asks the store, the harvester or the hub
// (HubControl). Thread-safe.
#ifndef DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_
#define DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/backup_target.h"
#include "disclosure/v1/hub/admin_service.grpc.pb.h"
#include "hub/harvest/harvester.h"
#include "hub/storage/hub_store.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {

// Longest reason an operator may give for a clearance.
inline constexpr size_t kMaxClearanceReasonBytes = 1024;

// What the admin service needs of the running hub beyond store and
// harvester (implemented by HubServer).
class HubControl {
 public:
  virtual ~HubControl() = default;
  // A forced round over every agency, then an export if anything changed.
  virtual RoundSummary HarvestAllNow() = 0;
  // One agency's harvest, then an export if anything changed.
  virtual HarvestResult HarvestOneNow(const std::string& agency_id) = 0;
  // Writes the export now; returns its state digest.
  virtual absl::StatusOr<std::string> ExportNow() = 0;
  // The hub's certificates, their settings and its version.
  virtual std::vector<disclosure::v1::hub::CertificateStatus> Certificates()
      const = 0;
  virtual uint32_t HarvestIntervalSeconds() const = 0;
  virtual std::string Version() const = 0;
  // The hub's clock (freshness is computed against it).
  virtual absl::Time Now() const = 0;
  virtual std::string ExportDir() const = 0;
  // The folders a backup must stay out of: the store and its companions,
  // the export and its versions.
  virtual std::vector<ProtectedFolder> OwnFolders() const = 0;
  virtual disclosure::v1::hub::SearchIndexStatus SearchIndex() const = 0;
};

class HubAdminService final
    : public disclosure::v1::hub::HubAdminService::Service {
 public:
  // Pointers are borrowed and must outlive the service.
  HubAdminService(HubStore* store, Harvester* harvester, HubControl* control,
                  IdentityPolicy policy)
      : store_(store),
        harvester_(harvester),
        control_(control),
        policy_(std::move(policy)) {}

  grpc::Status GetStatus(grpc::ServerContext* ctx,
                         const disclosure::v1::hub::GetStatusRequest* req,
                         disclosure::v1::hub::GetStatusResponse* resp) override;
  grpc::Status Harvest(grpc::ServerContext* ctx,
                       const disclosure::v1::hub::HarvestRequest* req,
                       disclosure::v1::hub::HarvestResponse* resp) override;
  grpc::Status Export(grpc::ServerContext* ctx,
                      const disclosure::v1::hub::ExportRequest* req,
                      disclosure::v1::hub::ExportResponse* resp) override;
  grpc::Status Backup(grpc::ServerContext* ctx,
                      const disclosure::v1::hub::BackupRequest* req,
                      disclosure::v1::hub::BackupResponse* resp) override;
  grpc::Status GetAgencyState(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::GetAgencyStateRequest* req,
      disclosure::v1::hub::GetAgencyStateResponse* resp) override;
  grpc::Status ClearMisbehaving(
      grpc::ServerContext* ctx,
      const disclosure::v1::hub::ClearMisbehavingRequest* req,
      disclosure::v1::hub::ClearMisbehavingResponse* resp) override;

 private:
  HubStore* const store_;
  Harvester* const harvester_;
  HubControl* const control_;
  const IdentityPolicy policy_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_ADMIN_SERVICE_H_
