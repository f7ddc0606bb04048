#include "hub/service/index_service.h"

#include "absl/strings/str_cat.h"
#include "core/entry_key.h"
#include "core/manifest.h"
#include "core/merkle.h"
#include "core/periods.h"
#include "core/snapshot_tree.h"
#include "hub/index/agency_history.h"
#include "hub/index/agency_summary.h"
#include "hub/index/disclosure_index.h"
#include "hub/proofs/agency_proofs.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

grpc::Status IndexService::ListAgencies(grpc::ServerContext*,
                                        const v1h::ListAgenciesRequest*,
                                        v1h::ListAgenciesResponse* resp) {
  for (auto& a : SummarizeAgencies(*store_, *index_, harvester_->Registry(),
                                   clock_->Now())) {
    *resp->add_agencies() = std::move(a);
  }
  return grpc::Status::OK;
}

grpc::Status IndexService::SearchDatabases(
    grpc::ServerContext*, const v1h::SearchDatabasesRequest* req,
    v1h::SearchDatabasesResponse* resp) {
  if (req->text().size() > 256) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "search text is over 256 bytes");
  }
  absl::StatusOr<v1h::SearchDatabasesResponse> found = index_->Search(*req);
  if (!found.ok()) return ToGrpcStatus(found.status());
  *resp = *std::move(found);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetDatabaseEntry(
    grpc::ServerContext*, const v1h::GetDatabaseEntryRequest* req,
    v1h::GetDatabaseEntryResponse* resp) {
  if (!ValidateId(req->agency_id(), "agency_id").ok() ||
      !ValidateId(req->database_id(), "database_id").ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "agency_id and database_id must be valid ids");
  }
  auto bundle = BuildProofBundle(*store_, req->agency_id(),
                                 DatabaseKey(req->database_id()));
  if (!bundle.ok()) return ToGrpcStatus(bundle.status());
  if (!bundle->has_present()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("agency ", req->agency_id(), " publishes no database ",
                     req->database_id(), " (absence proof in the bundle)"));
  }
  v1::DisclosureEntry e;
  e.ParseFromString(bundle->present().entry());
  *resp->mutable_entry() = e.database();
  *resp->mutable_bundle() = *std::move(bundle);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetLinkageGraph(
    grpc::ServerContext*, const v1h::GetLinkageGraphRequest* req,
    v1h::GetLinkageGraphResponse* resp) {
  absl::StatusOr<v1h::GetLinkageGraphResponse> graph =
      index_->LinkageGraph(*req);
  if (!graph.ok()) return ToGrpcStatus(graph.status());
  *resp = *std::move(graph);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetStatisticsRollup(
    grpc::ServerContext*, const v1h::GetStatisticsRollupRequest* req,
    v1h::GetStatisticsRollupResponse* resp) {
  static const std::set<std::string> kKeys = {"period", "agency", "legal_basis",
                                              "purpose", "provider_type"};
  for (const auto& g : req->group_by()) {
    if (kKeys.count(g) == 0) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat(
              "cannot group by \"", g,
              "\"; use period, agency, legal_basis, purpose, provider_type"));
    }
  }
  *resp = index_->Rollup(*req);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetCoverage(grpc::ServerContext*,
                                       const v1h::GetCoverageRequest* req,
                                       v1h::GetCoverageResponse* resp) {
  std::vector<std::string> ids;
  for (const auto& reg : harvester_->Registry()) ids.push_back(reg.agency_id());
  absl::StatusOr<v1h::GetCoverageResponse> coverage = index_->Coverage(
      ids,
      LastCompletedPeriod(clock_->Now(), v1::node::STATISTICS_PERIOD_HALF_YEAR)
          .label,
      *req);
  if (!coverage.ok()) return ToGrpcStatus(coverage.status());
  *resp = *std::move(coverage);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetAgencyHistory(
    grpc::ServerContext*, const v1h::GetAgencyHistoryRequest* req,
    v1h::GetAgencyHistoryResponse* resp) {
  if (!ValidateId(req->agency_id(), "agency_id").ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "agency_id must be a valid id");
  }
  absl::StatusOr<v1h::GetAgencyHistoryResponse> history = AgencyHistory(
      *store_, req->agency_id(), req->from_sequence(), req->to_sequence());
  if (!history.ok()) return ToGrpcStatus(history.status());
  *resp = *std::move(history);
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
