#include "hub/service/index_service.h"

#include "absl/strings/str_cat.h"
#include "core/periods.h"
#include "format/entry_key.h"
#include "format/manifest.h"
#include "format/merkle.h"
#include "format/snapshot_tree.h"
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
  DN_GRPC_ASSIGN_OR_RETURN(v1h::SearchDatabasesResponse found,
                           index_->Search(*req));
  *resp = std::move(found);
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
  DN_GRPC_ASSIGN_OR_RETURN(auto bundle,
                           BuildProofBundle(*store_, req->agency_id(),
                                            DatabaseKey(req->database_id())));
  if (!bundle.has_present()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("agency ", req->agency_id(), " publishes no database ",
                     req->database_id(), " (absence proof in the bundle)"));
  }
  v1::DisclosureEntry e;
  e.ParseFromString(bundle.present().entry());
  *resp->mutable_entry() = e.database();
  *resp->mutable_bundle() = std::move(bundle);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetLinkageGraph(
    grpc::ServerContext*, const v1h::GetLinkageGraphRequest* req,
    v1h::GetLinkageGraphResponse* resp) {
  DN_GRPC_ASSIGN_OR_RETURN(v1h::GetLinkageGraphResponse graph,
                           index_->LinkageGraph(*req));
  *resp = std::move(graph);
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
  DN_GRPC_ASSIGN_OR_RETURN(
      v1h::GetCoverageResponse coverage,
      index_->CoveragePage(
          ids,
          LastCompletedPeriod(clock_->Now(),
                              v1::node::STATISTICS_PERIOD_HALF_YEAR)
              .label,
          *req));
  *resp = std::move(coverage);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetAgencyHistory(
    grpc::ServerContext*, const v1h::GetAgencyHistoryRequest* req,
    v1h::GetAgencyHistoryResponse* resp) {
  if (!ValidateId(req->agency_id(), "agency_id").ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "agency_id must be a valid id");
  }
  DN_GRPC_ASSIGN_OR_RETURN(
      v1h::GetAgencyHistoryResponse history,
      AgencyHistory(*store_, req->agency_id(), req->from_sequence(),
                    req->to_sequence()));
  *resp = std::move(history);
  return grpc::Status::OK;
}

grpc::Status IndexService::GetAgencyLog(
    grpc::ServerContext* ctx, const v1h::GetAgencyLogRequest* req,
    grpc::ServerWriter<v1h::AgencyLogPage>* writer) {
  constexpr int kMaxConcurrentLogCalls = 2;
  // Pages stay well under the listener's message limit.
  constexpr size_t kPageBytes = 1 << 20;
  if (!ValidateId(req->agency_id(), "agency_id").ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "agency_id must be a valid id");
  }
  if (log_calls_.fetch_add(1) >= kMaxConcurrentLogCalls) {
    log_calls_.fetch_sub(1);
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many GetAgencyLog calls at once; try again later");
  }
  struct Release {
    std::atomic<int>* n;
    ~Release() { n->fetch_sub(1); }
  } release{&log_calls_};
  DN_GRPC_ASSIGN_OR_RETURN(std::optional<v1h::AgencyState> state,
                           store_->GetAgency(req->agency_id()));
  if (!state.has_value() || !(state)->has_snapshot()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "the hub has accepted no snapshot of this agency");
  }
  const v1h::AgencyState& a = *state;
  DN_GRPC_ASSIGN_OR_RETURN(std::vector<std::string> manifests,
                           store_->GetManifests(a.agency_id()));
  DN_GRPC_ASSIGN_OR_RETURN(
      v1h::SnapshotRecord latest,
      store_->GetSnapshot(a.agency_id(), a.latest_sequence()));
  v1h::AgencyLogPage page;
  page.set_cosigned_checkpoint(a.cosigned_checkpoint());
  page.set_manifest_count(manifests.size());
  page.set_entry_count(latest.leaf_hashes_size());
  size_t bytes = 0;
  auto flush = [&](size_t next) {
    if (bytes + next <= kPageBytes || bytes == 0) return true;
    const bool ok = writer->Write(page);
    page.Clear();
    bytes = 0;
    return ok;
  };
  for (const std::string& m : manifests) {
    if (ctx->IsCancelled() || !flush(m.size())) return grpc::Status::CANCELLED;
    page.add_manifests(m);
    bytes += m.size();
  }
  for (const std::string& h : latest.leaf_hashes()) {
    absl::StatusOr<Hash> hash = HashFromBytes(h);
    if (!hash.ok())
      return grpc::Status(grpc::StatusCode::DATA_LOSS, "bad hash");
    DN_GRPC_ASSIGN_OR_RETURN(std::string entry, store_->GetEntry(*hash));
    if (ctx->IsCancelled() || !flush(entry.size())) {
      return grpc::Status::CANCELLED;
    }
    bytes += entry.size();
    page.add_entries(std::move(entry));
  }
  if (!writer->Write(page)) return grpc::Status::CANCELLED;
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
