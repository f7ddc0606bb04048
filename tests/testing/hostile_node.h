// A test double of an agency node that speaks the snapshot service over
// mutual TLS with a valid certificate of the agency and signs its own log
// with the agency's key, so everything it says is as authentic as a real
// node's; then, as told, it attacks the hub in one of the ways an agency
// (or whoever holds its key and certificate) could.
//
//   HostileNode node(&pki, "mof");
//   node.Publish({SampleProfile("mof"), ...});   // honest snapshot 0
//   hub.RegisterRaw("mof", node.endpoint(), {node.vkey()});
//   node.set_mode(HostileNode::kDuplicateUpserts);
//   node.Publish(...);                           // snapshot 1, then attack
//
// Thread-safe.
#ifndef DISCLOSURE_TESTS_TESTING_HOSTILE_NODE_H_
#define DISCLOSURE_TESTS_TESTING_HOSTILE_NODE_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/key_file.h"
#include "disclosure/v1/entry.pb.h"
#include "format/merkle.h"
#include "format/note.h"
#include "tests/testing/test_pki.h"
#include "transport/tls.h"

namespace disclosure::testing {

class HostileNode {
 public:
  enum Mode {
    kHonest,
    // GetCheckpoint: a validly signed checkpoint of a 10^12-entry log.
    kHugeLog,
    // Every call answers only after `delay` (or when cancelled).
    kSlow,
    // GetCheckpoint: the real checkpoint, signed by 32 unknown keys too and
    // not by the agency key (so the hub looks for rotations).
    kUnknownSigners,
    // GetChanges: the same upsert over and over (`flood` times).
    kDuplicateUpserts,
    // GetChanges: removals of keys nobody published (`flood` of them).
    kPhantomRemovals,
    // ListEntries / GetChanges: `flood` entries of ~200 KiB each.
    kHugeEntries,
    // GetCheckpoint: a reply of `flood` bytes.
    kOversizeReply,
    // GetConsistencyProof: right length, wrong hashes.
    kGarbledConsistency,
    // GetCheckpoint: another validly signed checkpoint of the current size.
    kFork,
    // GetCheckpoint: the validly signed checkpoint of the previous size.
    kRollback,
  };

  // Starts the service on a free loopback port with a certificate for
  // spiffe://<kTrustDomain>/agency/<agency_id> from `pki`.
  // `san` overrides the certificate's subject alternative names (OpenSSL
  // syntax, e.g. "DNS:spiffe://disclosure.test/agency/mof,IP:127.0.0.1").
  HostileNode(TestPki* pki, const std::string& agency_id,
              const std::string& san = "");
  ~HostileNode();

  std::string endpoint() const;
  // The agency log's verifier key (to pin in the hub's registry).
  std::string vkey() const;
  const std::string& origin() const { return origin_; }

  // Appends a snapshot of `entries` (any order) issued at `issued_at`,
  // valid for `validity`, and signs the new checkpoint.
  void Publish(const std::vector<disclosure::v1::DisclosureEntry>& entries,
               absl::Time issued_at, absl::Duration validity);

  void set_mode(Mode m) { mode_ = m; }
  void set_delay(absl::Duration d) { delay_ns_ = absl::ToInt64Nanoseconds(d); }
  void set_flood(int64_t n) { flood_ = n; }

  // The checkpoint an honest node would serve now.
  std::string checkpoint() const;
  // Stops answering (as a killed node), then comes back on the same port.
  void Kill();
  void Restart();

  // Calls answered so far, by method name ("GetEntry", ...).
  int64_t calls(const std::string& method) const;

  class Service;

 private:
  std::string origin_;
  NamedSigningKey key_;
  std::unique_ptr<NoteSigner> signer_;
  std::atomic<Mode> mode_{kHonest};
  std::atomic<int64_t> delay_ns_{0};
  std::atomic<int64_t> flood_{1000};

  mutable absl::Mutex mu_;
  // Per snapshot: its sorted serialized entries. The log of manifests.
  std::vector<std::vector<std::string>> snapshots_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> manifests_ ABSL_GUARDED_BY(mu_);
  MerkleTree log_ ABSL_GUARDED_BY(mu_);
  // Every checkpoint signed so far, by log size - 1.
  std::vector<std::string> checkpoints_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> calls_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<Service> service_;
  void Serve(const std::string& address);
  TlsFilePaths tls_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_HOSTILE_NODE_H_
