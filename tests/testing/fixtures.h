// Small builders of realistic disclosure data for tests: entries, a signed
// agency log with snapshots, and proof bundles assembled from it.
#ifndef DISCLOSURE_TESTS_TESTING_FIXTURES_H_
#define DISCLOSURE_TESTS_TESTING_FIXTURES_H_

#include <memory>
#include <string>
#include <vector>

#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/proof.pb.h"
#include "disclosure/v1/snapshot.pb.h"
#include "format/merkle.h"
#include "format/note_keys.h"
#include "format/snapshot_tree.h"

namespace disclosure::testing {

// A serialized DisclosureEntry for database `id` of `agency`.
std::string DatabaseEntryBytes(const std::string& agency, const std::string& id,
                               const std::string& name_zh = "測試資料庫");
// A serialized DisclosureEntry for the agency profile.
std::string AgencyEntryBytes(const std::string& agency);

// An agency log kept in memory: snapshots, manifests, a signed checkpoint.
class TestAgencyLog {
 public:
  explicit TestAgencyLog(std::string agency_id,
                         std::string trust_domain = "disclosure.test");

  // Publishes a snapshot of `entries` (serialized, sorted by key) issued at
  // `issued` and valid for `validity_seconds`; returns its sequence.
  uint64_t Publish(std::vector<std::string> entries,
                   int64_t issued = 1790000000,
                   int64_t validity_seconds = 86400);

  // The current checkpoint note, signed by the agency key.
  std::string SignedCheckpoint() const;

  // A bundle proving `key` present (or absent) in snapshot `sequence`
  // against the current checkpoint.
  disclosure::v1::ProofBundle Bundle(uint64_t sequence,
                                     const std::string& key) const;

  const std::string& origin() const { return origin_; }
  const NoteVerifier& verifier() const { return *verifier_; }
  const Ed25519NoteSigner& signer() const { return *signer_; }
  const MerkleTree& log() const { return log_; }
  const std::string& manifest(uint64_t seq) const { return manifests_[seq]; }

 private:
  std::string agency_id_;
  std::string origin_;
  std::unique_ptr<Ed25519NoteSigner> signer_;
  std::unique_ptr<NoteVerifier> verifier_;
  std::vector<SnapshotTree> snapshots_;
  std::vector<std::string> manifests_;
  MerkleTree log_;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_FIXTURES_H_
