#include "hub/service/index_service.h"

#include "hub/harvest/freshness.h"

#include "absl/strings/str_cat.h"
#include "core/entry_key.h"
#include "core/manifest.h"
#include "core/merkle.h"
#include "core/snapshot_tree.h"
#include "hub/index/disclosure_index.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

std::string LastCompletedHalfYear(absl::Time now) {
  const absl::TimeZone taipei = absl::FixedTimeZone(8 * 3600);
  const absl::CivilMonth m = absl::ToCivilMonth(now, taipei);
  if (m.month() <= 6) return absl::StrCat(m.year() - 1, "-H2");
  return absl::StrCat(m.year(), "-H1");
}

absl::StatusOr<AgencyProofs> AgencyProofs::Load(const HubStore& store,
                                                const std::string& agency_id) {
  auto state = store.GetAgency(agency_id);
  if (!state.ok()) return state.status();
  if (!state->has_value() || !(*state)->has_snapshot()) {
    return absl::NotFoundError(
        absl::StrCat("no verified snapshot of agency ", agency_id));
  }
  AgencyProofs p(store);
  p.state_ = **state;
  auto rec = store.GetSnapshot(agency_id, p.state_.latest_sequence());
  if (!rec.ok()) return rec.status();
  p.record_ = *std::move(rec);
  auto manifests = store.GetManifests(agency_id);
  if (!manifests.ok()) return manifests.status();
  if (manifests->size() != p.state_.log_size()) {
    return absl::DataLossError("manifest replica incomplete");
  }
  for (const auto& h : p.record_.leaf_hashes())
    p.entries_.AppendLeafHash(*HashFromBytes(h));
  for (const auto& m : *manifests) p.log_.AppendLeaf(m);
  p.manifest_ = (*manifests)[p.state_.latest_sequence()];
  return p;
}

absl::StatusOr<v1::ProofBundle> AgencyProofs::Bundle(
    const std::string& key) const {
  v1::ProofBundle b;
  b.set_format_version(1);
  const auto& keys = record_.keys();
  const auto it = std::lower_bound(keys.begin(), keys.end(), key);
  const uint64_t index = static_cast<uint64_t>(it - keys.begin());
  const auto prove = [&](uint64_t i, v1::EntryWithProof* out) -> absl::Status {
    auto bytes = store_->GetEntry(entries_.LeafHash(i));
    if (!bytes.ok()) return bytes.status();
    out->set_entry(*std::move(bytes));
    out->mutable_proof()->set_leaf_index(i);
    out->mutable_proof()->set_tree_size(entries_.size());
    HashesToProto(*entries_.InclusionProof(i, entries_.size()),
                  out->mutable_proof()->mutable_hashes());
    return absl::OkStatus();
  };
  if (it != keys.end() && *it == key) {
    if (absl::Status st = prove(index, b.mutable_present()); !st.ok())
      return st;
  } else {
    auto* absent = b.mutable_absent();
    absent->set_key(key);
    absent->set_tree_size(entries_.size());
    if (index > 0) {
      if (absl::Status st = prove(index - 1, absent->mutable_predecessor());
          !st.ok())
        return st;
    }
    if (index < entries_.size()) {
      if (absl::Status st = prove(index, absent->mutable_successor()); !st.ok())
        return st;
    }
  }
  const uint64_t seq = state_.latest_sequence();
  b.set_manifest(manifest_);
  b.mutable_manifest_proof()->set_leaf_index(seq);
  b.mutable_manifest_proof()->set_tree_size(log_.size());
  HashesToProto(*log_.InclusionProof(seq, log_.size()),
                b.mutable_manifest_proof()->mutable_hashes());
  b.set_checkpoint(state_.cosigned_checkpoint());
  return b;
}

absl::StatusOr<v1::ProofBundle> BuildProofBundle(const HubStore& store,
                                                 const std::string& agency_id,
                                                 const std::string& key) {
  absl::StatusOr<AgencyProofs> proofs = AgencyProofs::Load(store, agency_id);
  if (!proofs.ok()) return proofs.status();
  return proofs->Bundle(key);
}

std::vector<v1h::AgencySummary> SummarizeAgencies(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<v1h::RegisteredAgency>& registry, absl::Time now) {
  std::vector<v1h::AgencySummary> out;
  for (const auto& reg : registry) {
    v1h::AgencySummary a;
    a.set_agency_id(reg.agency_id());
    a.mutable_name()->set_zh_tw(reg.name_zh_tw());
    a.mutable_name()->set_en(reg.name_en());
    if (auto p = index.Profile(reg.agency_id());
        p && (p->name().zh_tw() != reg.name_zh_tw() ||
              p->name().en() != reg.name_en())) {
      *a.mutable_signed_name() = p->name();
    }
    a.set_freshness(v1h::FRESHNESS_NEVER_HARVESTED);
    auto state = store.GetAgency(reg.agency_id());
    if (!state.ok()) {
      a.set_last_error(absl::StrCat("hub store: ", state.status().message()));
    } else if (state->has_value()) {
      const v1h::AgencyState& s = **state;
      const FreshnessView f = FreshnessAt(s, absl::ToUnixSeconds(now));
      a.set_freshness(f.freshness);
      a.mutable_since()->set_seconds(f.since);
      a.set_checkpoint(s.cosigned_checkpoint());
      a.set_latest_sequence(s.latest_sequence());
      a.set_last_error(s.last_error());
      a.set_misbehaving_reason(s.misbehaving_reason());
      a.mutable_expires_at()->set_seconds(s.expires_at());
    }
    auto [dbs, periods] = index.Counts(reg.agency_id());
    a.set_database_count(dbs);
    a.set_statistics_periods(periods);
    out.push_back(std::move(a));
  }
  return out;
}

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
                                       const v1h::GetCoverageRequest*,
                                       v1h::GetCoverageResponse* resp) {
  std::vector<std::string> ids;
  for (const auto& reg : harvester_->Registry()) ids.push_back(reg.agency_id());
  *resp = index_->Coverage(ids, LastCompletedHalfYear(clock_->Now()));
  return grpc::Status::OK;
}

grpc::Status IndexService::GetAgencyHistory(
    grpc::ServerContext*, const v1h::GetAgencyHistoryRequest* req,
    v1h::GetAgencyHistoryResponse* resp) {
  auto manifests = store_->GetManifests(req->agency_id());
  if (!manifests.ok()) return ToGrpcStatus(manifests.status());
  if (manifests->empty()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("no history of agency ", req->agency_id()));
  }
  auto accepted = store_->ListSnapshots(req->agency_id());
  if (!accepted.ok()) return ToGrpcStatus(accepted.status());
  std::set<uint64_t> accepted_set(accepted->begin(), accepted->end());
  for (const auto& bytes : *manifests) {
    auto m = ParseManifest(bytes);
    if (!m.ok()) continue;
    auto* item = resp->add_snapshots();
    item->set_sequence(m->sequence());
    *item->mutable_issued_at() = m->issued_at();
    item->set_entries_root(m->entries_root());
    item->set_entry_count(m->entry_count());
    if (accepted_set.count(m->sequence())) {
      auto rec = store_->GetSnapshot(req->agency_id(), m->sequence());
      if (rec.ok())
        item->mutable_accepted_at()->set_seconds(rec->accepted_at());
    }
  }
  if (req->to_sequence() > req->from_sequence()) {
    auto a = store_->GetSnapshot(req->agency_id(), req->from_sequence());
    auto b = store_->GetSnapshot(req->agency_id(), req->to_sequence());
    if (!a.ok() || !b.ok()) {
      return grpc::Status(
          grpc::StatusCode::NOT_FOUND,
          "the hub holds the entries of accepted snapshots only");
    }
    std::map<std::string, std::string> from, to;
    for (int i = 0; i < a->keys_size(); ++i)
      from[a->keys(i)] = a->leaf_hashes(i);
    for (int i = 0; i < b->keys_size(); ++i) to[b->keys(i)] = b->leaf_hashes(i);
    for (const auto& [k, h] : to) {
      auto f = from.find(k);
      if (f == from.end()) {
        resp->add_added_keys(k);
      } else if (f->second != h) {
        resp->add_changed_keys(k);
      }
    }
    for (const auto& [k, h] : from) {
      if (to.count(k) == 0) resp->add_removed_keys(k);
    }
  }
  return grpc::Status::OK;
}

}  // namespace disclosure::hub
