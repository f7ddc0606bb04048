#include "hub/service/search_replica_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

// What a caller of anything but search is told.
grpc::Status AskTheHub(const char* call) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      absl::StrCat("this is a search replica: it answers SearchDatabases "
                   "only; ask the hub's public index service for ",
                   call, " (the static export holds the same, with proofs)"));
}

}  // namespace

grpc::Status SearchReplicaService::SearchDatabases(
    grpc::ServerContext*, const v1h::SearchDatabasesRequest* req,
    v1h::SearchDatabasesResponse* resp) {
  DN_GRPC_ASSIGN_OR_RETURN(v1h::SearchDatabasesResponse found,
                           replica_->Search(*req));
  *resp = std::move(found);
  return grpc::Status::OK;
}

grpc::Status SearchReplicaService::ListAgencies(grpc::ServerContext*,
                                                const v1h::ListAgenciesRequest*,
                                                v1h::ListAgenciesResponse*) {
  return AskTheHub("ListAgencies");
}

grpc::Status SearchReplicaService::GetDatabaseEntry(
    grpc::ServerContext*, const v1h::GetDatabaseEntryRequest*,
    v1h::GetDatabaseEntryResponse*) {
  return AskTheHub("GetDatabaseEntry");
}

grpc::Status SearchReplicaService::GetLinkageGraph(
    grpc::ServerContext*, const v1h::GetLinkageGraphRequest*,
    v1h::GetLinkageGraphResponse*) {
  return AskTheHub("GetLinkageGraph");
}

grpc::Status SearchReplicaService::GetStatisticsRollup(
    grpc::ServerContext*, const v1h::GetStatisticsRollupRequest*,
    v1h::GetStatisticsRollupResponse*) {
  return AskTheHub("GetStatisticsRollup");
}

grpc::Status SearchReplicaService::GetCoverage(grpc::ServerContext*,
                                               const v1h::GetCoverageRequest*,
                                               v1h::GetCoverageResponse*) {
  return AskTheHub("GetCoverage");
}

grpc::Status SearchReplicaService::GetAgencyHistory(
    grpc::ServerContext*, const v1h::GetAgencyHistoryRequest*,
    v1h::GetAgencyHistoryResponse*) {
  return AskTheHub("GetAgencyHistory");
}

grpc::Status SearchReplicaService::GetAgencyLog(
    grpc::ServerContext*, const v1h::GetAgencyLogRequest*,
    grpc::ServerWriter<v1h::AgencyLogPage>*) {
  return AskTheHub("GetAgencyLog");
}

}  // namespace disclosure::hub
