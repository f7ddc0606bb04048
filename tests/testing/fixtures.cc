#include "tests/testing/fixtures.h"

#include <cstdlib>

#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/entry_key.h"
#include "format/manifest.h"
#include "format/note.h"

namespace disclosure::testing {

using disclosure::v1::DisclosureEntry;

std::string DatabaseEntryBytes(const std::string& agency, const std::string& id,
                               const std::string& name_zh) {
  DisclosureEntry e;
  e.set_key(DatabaseKey(id));
  auto* db = e.mutable_database();
  db->set_database_id(id);
  db->set_agency_id(agency);
  db->mutable_file_name()->set_zh_tw(name_zh);
  db->mutable_description()->set_zh_tw(name_zh + "之說明");
  db->set_collection_ground(
      disclosure::v1::COLLECTION_GROUND_ART15_1_STATUTORY_DUTY);
  auto* purpose = db->add_specific_purposes();
  purpose->set_code("157");
  db->add_data_categories()->set_code("C001");
  db->set_status(disclosure::v1::ENTRY_STATUS_PUBLISHED);
  db->set_version(1);
  db->set_synthetic(true);
  return e.SerializeAsString();
}

std::string AgencyEntryBytes(const std::string& agency) {
  DisclosureEntry e;
  e.set_key(std::string(kAgencyKey));
  e.mutable_agency_profile()->set_agency_id(agency);
  e.mutable_agency_profile()->mutable_name()->set_zh_tw("測試機關");
  return e.SerializeAsString();
}

TestAgencyLog::TestAgencyLog(std::string agency_id, std::string trust_domain)
    : agency_id_(std::move(agency_id)),
      origin_(AgencyLogOrigin(trust_domain, agency_id_)) {
  std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::Generate();
  signer_ = *Ed25519NoteSigner::Create(origin_, key);
  verifier_ = *NewNoteVerifier(signer_->vkey());
}

uint64_t TestAgencyLog::Publish(std::vector<std::string> entries,
                                int64_t issued, int64_t validity_seconds) {
  auto tree = SnapshotTree::Build(std::move(entries));
  if (!tree.ok()) std::abort();
  disclosure::v1::SnapshotManifest m;
  m.set_format_version(kSnapshotFormatVersion);
  m.set_agency_id(agency_id_);
  m.set_log_origin(origin_);
  m.set_sequence(manifests_.size());
  m.mutable_issued_at()->set_seconds(issued);
  m.mutable_expires_at()->set_seconds(issued + validity_seconds);
  m.set_entries_root(ToString(tree->root()));
  m.set_entry_count(tree->size());
  manifests_.push_back(m.SerializeAsString());
  log_.AppendLeaf(manifests_.back());
  snapshots_.push_back(*std::move(tree));
  return manifests_.size() - 1;
}

std::string TestAgencyLog::SignedCheckpoint() const {
  Checkpoint cp{origin_, log_.size(), log_.Root(), {}};
  return *SignNote(*FormatCheckpoint(cp), {signer_.get()});
}

disclosure::v1::ProofBundle TestAgencyLog::Bundle(
    uint64_t sequence, const std::string& key) const {
  disclosure::v1::ProofBundle b;
  b.set_format_version(1);
  const SnapshotTree& snap = snapshots_[sequence];
  if (snap.Find(key)) {
    *b.mutable_present() = *snap.ProveKey(key);
  } else {
    *b.mutable_absent() = *snap.ProveAbsence(key);
  }
  b.set_manifest(manifests_[sequence]);
  b.mutable_manifest_proof()->set_leaf_index(sequence);
  b.mutable_manifest_proof()->set_tree_size(log_.size());
  HashesToProto(*log_.InclusionProof(sequence, log_.size()),
                b.mutable_manifest_proof()->mutable_hashes());
  b.set_checkpoint(SignedCheckpoint());
  return b;
}

}  // namespace disclosure::testing
