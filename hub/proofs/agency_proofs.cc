#include "hub/proofs/agency_proofs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "format/encoding.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;

absl::StatusOr<AgencyProofs> AgencyProofs::Load(const HubStore& store,
                                                const std::string& agency_id) {
  DN_ASSIGN_OR_RETURN(auto state, store.GetAgency(agency_id));
  if (!state.has_value() || !(state)->has_snapshot()) {
    return absl::NotFoundError(
        absl::StrCat("no verified snapshot of agency ", agency_id));
  }
  AgencyProofs p(store);
  p.state_ = *state;
  DN_ASSIGN_OR_RETURN(auto rec,
                      store.GetSnapshot(agency_id, p.state_.latest_sequence()));
  p.record_ = std::move(rec);
  DN_ASSIGN_OR_RETURN(auto manifests, store.GetManifests(agency_id));
  if (manifests.size() != p.state_.log_size()) {
    return absl::DataLossError("manifest replica incomplete");
  }
  for (const auto& h : p.record_.leaf_hashes())
    p.entries_.AppendLeafHash(*HashFromBytes(h));
  for (const auto& m : manifests) p.log_.AppendLeaf(m);
  p.manifest_ = (manifests)[p.state_.latest_sequence()];
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
    DN_ASSIGN_OR_RETURN(auto bytes, store_->GetEntry(entries_.LeafHash(i)));
    out->set_entry(std::move(bytes));
    out->mutable_proof()->set_leaf_index(i);
    out->mutable_proof()->set_tree_size(entries_.size());
    HashesToProto(*entries_.InclusionProof(i, entries_.size()),
                  out->mutable_proof()->mutable_hashes());
    return absl::OkStatus();
  };
  if (it != keys.end() && *it == key) {
    DN_RETURN_IF_ERROR(prove(index, b.mutable_present()));
  } else {
    auto* absent = b.mutable_absent();
    absent->set_key(key);
    absent->set_tree_size(entries_.size());
    if (index > 0) {
      DN_RETURN_IF_ERROR(prove(index - 1, absent->mutable_predecessor()));
    }
    if (index < entries_.size()) {
      DN_RETURN_IF_ERROR(prove(index, absent->mutable_successor()));
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

absl::StatusOr<v1::ConsistencyProof> AgencyProofs::Consistency(
    uint64_t size1, uint64_t size2) const {
  DN_ASSIGN_OR_RETURN(auto hashes, log_.ConsistencyProof(size1, size2));
  v1::ConsistencyProof p;
  p.set_size1(size1);
  p.set_size2(size2);
  HashesToProto(hashes, p.mutable_hashes());
  return p;
}

absl::StatusOr<v1::ProofBundle> BuildProofBundle(const HubStore& store,
                                                 const std::string& agency_id,
                                                 const std::string& key) {
  DN_ASSIGN_OR_RETURN(AgencyProofs proofs,
                      AgencyProofs::Load(store, agency_id));
  return proofs.Bundle(key);
}

}  // namespace disclosure::hub
