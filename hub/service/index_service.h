// The hub's public index service: the cross-agency disclosure index over
// TLS (no client certificate). Entry answers carry the agency's cosigned
// checkpoint and Merkle proofs so clients need not trust the hub.
#ifndef DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_
#define DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_

#include "core/clock.h"
#include "core/merkle.h"
#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "hub/harvest/harvester.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Largest request the public and admin services read.
inline constexpr int kMaxQueryBytes = 64 << 10;

// Proof bundles of one agency's latest accepted snapshot: loads the
// snapshot's tree and the log replica once, for many bundles.
class AgencyProofs {
 public:
  // NotFound if the hub holds no snapshot of the agency.
  static absl::StatusOr<AgencyProofs> Load(const HubStore& store,
                                           const std::string& agency_id);
  // The bundle proving `key` present, or absent.
  absl::StatusOr<disclosure::v1::ProofBundle> Bundle(
      const std::string& key) const;

 private:
  explicit AgencyProofs(const HubStore& store) : store_(&store) {}
  const HubStore* store_;
  disclosure::v1::hub::AgencyState state_;
  disclosure::v1::hub::SnapshotRecord record_;
  MerkleTree entries_;
  MerkleTree log_;
  std::string manifest_;
};

// The proof bundle of `key` in the latest accepted snapshot of `agency_id`.
// NotFound if the hub holds no snapshot of the agency.
absl::StatusOr<disclosure::v1::ProofBundle> BuildProofBundle(
    const HubStore& store, const std::string& agency_id,
    const std::string& key);

// The last completed half-year statistics period at `now` ("2026-H1").
std::string LastCompletedHalfYear(absl::Time now);

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

 private:
  const HubStore* store_;
  const DisclosureIndex* index_;
  const Harvester* harvester_;
  const Clock* clock_;
};

// Agency summaries at `now` (shared by the service and the static export).
// The registry's name is authoritative; a different name in the agency's
// signed profile is given as signed_name. Freshness is computed at `now`.
std::vector<disclosure::v1::hub::AgencySummary> SummarizeAgencies(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    absl::Time now);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_INDEX_SERVICE_H_
