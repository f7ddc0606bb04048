// The hub's public index service: the cross-agency disclosure index over
// TLS (no client certificate, anyone may call). Thin and bounded: each
// method checks its arguments (INVALID_ARGUMENT naming the field), asks the
// index, the store or the proofs, and translates. Answers are paged
// (DisclosureIndex); entry answers carry the agency's cosigned checkpoint
// and Merkle proofs, so clients need not trust the hub. Thread-safe; the
// pointers given are borrowed and must outlive the service.
#ifndef DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_
#define DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_

#include <atomic>

#include "core/clock.h"
#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "hub/harvest/harvester.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Largest request the public and admin services read.
inline constexpr int kMaxQueryBytes = 64 << 10;

class IndexService final : public disclosure::v1::hub::IndexService::Service {
 public:
  IndexService(const HubStore* store, const DisclosureIndex* index,
               const Harvester* harvester, const Clock* clock)
      : store_(store), index_(index), harvester_(harvester), clock_(clock) {}

  grpc::Status ListAgencies(
      grpc::ServerContext*, const disclosure::v1::hub::ListAgenciesRequest*,
      disclosure::v1::hub::ListAgenciesResponse*) override;
  grpc::Status SearchDatabases(
      grpc::ServerContext*, const disclosure::v1::hub::SearchDatabasesRequest*,
      disclosure::v1::hub::SearchDatabasesResponse*) override;
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
  const HubStore* store_;
  const DisclosureIndex* index_;
  const Harvester* harvester_;
  const Clock* clock_;
  // GetAgencyLog calls running now (a few at most: each reads a whole log).
  std::atomic<int> log_calls_{0};
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_
