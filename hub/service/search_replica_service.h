// The public index service as a search replica serves it: SearchDatabases
// from a replica of the hub's search index (hub/index/search_replica.h),
// over TLS without client certificates, like the hub's own. The other
// calls need the hub's store (proofs, histories, logs): each answers
// UNIMPLEMENTED saying to ask the hub. Thread-safe; the replica is
// borrowed and must outlive the service.
#ifndef DISCLOSURE_HUB_SERVICE_SEARCH_REPLICA_SERVICE_H_
#define DISCLOSURE_HUB_SERVICE_SEARCH_REPLICA_SERVICE_H_

#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "hub/index/search_replica.h"

namespace disclosure::hub {

class SearchReplicaService final
    : public disclosure::v1::hub::IndexService::Service {
 public:
  explicit SearchReplicaService(const SearchReplica* replica)
      : replica_(replica) {}

  grpc::Status SearchDatabases(
      grpc::ServerContext*, const disclosure::v1::hub::SearchDatabasesRequest*,
      disclosure::v1::hub::SearchDatabasesResponse*) override;
  grpc::Status ListAgencies(
      grpc::ServerContext*, const disclosure::v1::hub::ListAgenciesRequest*,
      disclosure::v1::hub::ListAgenciesResponse*) override;
  grpc::Status GetDatabaseEntry(
      grpc::ServerContext*, const disclosure::v1::hub::GetDatabaseEntryRequest*,
      disclosure::v1::hub::GetDatabaseEntryResponse*) override;
  grpc::Status GetLinkageGraph(
      grpc::ServerContext*, const disclosure::v1::hub::GetLinkageGraphRequest*,
      disclosure::v1::hub::GetLinkageGraphResponse*) override;
  grpc::Status GetStatisticsRollup(
      grpc::ServerContext*,
      const disclosure::v1::hub::GetStatisticsRollupRequest*,
      disclosure::v1::hub::GetStatisticsRollupResponse*) override;
  grpc::Status GetCoverage(grpc::ServerContext*,
                           const disclosure::v1::hub::GetCoverageRequest*,
                           disclosure::v1::hub::GetCoverageResponse*) override;
  grpc::Status GetAgencyHistory(
      grpc::ServerContext*, const disclosure::v1::hub::GetAgencyHistoryRequest*,
      disclosure::v1::hub::GetAgencyHistoryResponse*) override;
  grpc::Status GetAgencyLog(
      grpc::ServerContext*, const disclosure::v1::hub::GetAgencyLogRequest*,
      grpc::ServerWriter<disclosure::v1::hub::AgencyLogPage>*) override;

 private:
  const SearchReplica* replica_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_SEARCH_REPLICA_SERVICE_H_
