// The admin service for the agency's IT staff: edits the inventory, appends
// raw request records, publishes, lists and compares snapshots. Only the
// agency's admin identity may call it. Every write validates first and
// writes all or nothing. Thread-safe; imports are serialized by the store.
#ifndef DISCLOSURE_NODE_SERVICE_ADMIN_SERVICE_H_
#define DISCLOSURE_NODE_SERVICE_ADMIN_SERVICE_H_

#include "core/clock.h"
#include "disclosure/v1/node/admin_service.grpc.pb.h"
#include "node/snapshot/publisher.h"
#include "node/snapshot/snapshot_reader.h"
#include "node/storage/node_store.h"
#include "node/validation/validator.h"
#include "transport/peer_identity.h"

namespace disclosure::node {

// Name of the signed-checkpoint file's copy in a backup folder.
inline constexpr char kSignedCheckpointBackupName[] = "signed-checkpoint";

struct AdminServiceOptions {
  std::string agency_id;
  std::string log_origin;
  std::string signing_vkey;
  uint32_t max_records_per_batch = 10'000;
  int64_t max_records_per_import = 2'000'000;
  uint32_t max_entries = 100'000;
  absl::Duration publish_interval = absl::Hours(24);
  // An import stream waiting longer than this for its next batch is
  // cancelled (nothing of it written).
  absl::Duration import_idle = absl::Seconds(60);
  // An import stream still open after this long is cancelled too (nothing
  // written): a sender trickling batches within the idle limit cannot hold
  // the import lock for ever.
  absl::Duration import_max = absl::Minutes(30);
  // The store's folder and the signed-checkpoint file, for backups.
  std::string data_dir;
  std::string signed_checkpoint_file;
};

class AdminService final : public disclosure::v1::node::AdminService::Service {
 public:
  // Pointers are borrowed and must outlive the service.
  AdminService(NodeStore* store, Publisher* publisher, SnapshotReader* reader,
               const AgencyLog* log, const InventoryValidator* validator,
               const Clock* clock, IdentityPolicy policy,
               AdminServiceOptions options)
      : store_(store),
        publisher_(publisher),
        reader_(reader),
        log_(log),
        validator_(validator),
        clock_(clock),
        policy_(std::move(policy)),
        options_(std::move(options)) {}

  grpc::Status UpsertAgencyProfile(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::UpsertAgencyProfileRequest* req,
      disclosure::v1::node::WriteResponse* resp) override;
  grpc::Status UpsertDatabaseEntries(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::UpsertDatabaseEntriesRequest* req,
      disclosure::v1::node::WriteResponse* resp) override;
  grpc::Status WithdrawDatabaseEntry(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::WithdrawDatabaseEntryRequest* req,
      disclosure::v1::node::WriteResponse* resp) override;
  // In answer_upsert.cc.
  grpc::Status UpsertAnswer(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::UpsertAnswerRequest* req,
      disclosure::v1::node::WriteResponse* resp) override;
  grpc::Status AppendRequestRecords(
      grpc::ServerContext* ctx,
      grpc::ServerReader<disclosure::v1::node::AppendRequestRecordsRequest>*
          reader,
      disclosure::v1::node::AppendRequestRecordsResponse* resp) override;
  grpc::Status Publish(grpc::ServerContext* ctx,
                       const disclosure::v1::node::PublishRequest* req,
                       disclosure::v1::node::PublishResponse* resp) override;
  grpc::Status ListSnapshots(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::ListSnapshotsRequest* req,
      disclosure::v1::node::ListSnapshotsResponse* resp) override;
  grpc::Status ShowEntry(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::ShowEntryRequest* req,
      disclosure::v1::node::ShowEntryResponse* resp) override;
  grpc::Status DiffSnapshots(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::DiffSnapshotsRequest* req,
      disclosure::v1::node::DiffSnapshotsResponse* resp) override;
  grpc::Status Backup(grpc::ServerContext* ctx,
                      const disclosure::v1::node::BackupRequest* req,
                      disclosure::v1::node::BackupResponse* resp) override;
  grpc::Status GetStatus(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetStatusRequest* req,
      disclosure::v1::node::GetStatusResponse* resp) override;
  grpc::Status GetImportStatus(
      grpc::ServerContext* ctx,
      const disclosure::v1::node::GetImportStatusRequest* req,
      disclosure::v1::node::GetImportStatusResponse* resp) override;

 private:
  // Adds every statistics period: counted now, and as last published.
  absl::Status AddPeriodStatus(uint64_t log_size,
                               disclosure::v1::node::GetStatusResponse* resp);
  // Copies the signed-checkpoint file into a backup folder (durably).
  absl::Status CopySignedCheckpoint(const std::string& backup_dir) const;
  // Counts a committed import and logs `line`.
  void RecordImport(const char* kind, int64_t written,
                    const std::string& line) const;
  NodeStore* store_;
  Publisher* publisher_;
  SnapshotReader* reader_;
  const AgencyLog* log_;
  const InventoryValidator* validator_;
  const Clock* clock_;
  const IdentityPolicy policy_;
  const AdminServiceOptions options_;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SERVICE_ADMIN_SERVICE_H_
