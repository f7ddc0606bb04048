// A real hub harvesting real nodes with real certificates: first,
// incremental and unchanged rounds; a node down and back; an impostor with
// a valid certificate for another agency; a tampered entry; a rolled-back
// node; a node that signs two checkpoints of the same size; an expired
// snapshot; a key rotation; and proof bundles checked by core/ alone.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/encoding.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/proof_bundle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/storage/freshness.h"
#include "hub/storage/hub_store.h"
#include "tests/testing/grpc_probes.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::NodeVkey;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;
using Outcome = hub::HarvestResult::Outcome;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

// Seeds an agency's node (profile, databases, one closed-period record)
// and publishes.
void Seed(NodeHarness& n, const std::string& agency,
          const std::vector<std::string>& dbs) {
  auto admin = n.Admin();
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = SampleProfile(agency);
  v1n::WriteResponse w;
  ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
  v1n::UpsertDatabaseEntriesRequest d;
  for (const auto& id : dbs) *d.add_entries() = SampleDatabase(agency, id);
  ASSERT_TRUE(admin->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(Ctx().get(), {}, &r).ok());
}

v1n::SnapshotSummary Publish(NodeHarness& n) {
  v1n::PublishResponse r;
  EXPECT_TRUE(n.Admin()->Publish(Ctx().get(), {}, &r).ok());
  return r.snapshot();
}

void ChangeDescription(NodeHarness& n, const std::string& agency,
                       const std::string& id, const std::string& text) {
  auto e = SampleDatabase(agency, id);
  e.mutable_description()->set_zh_tw(text);
  e.set_change_note("更新說明");
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = e;
  v1n::WriteResponse w;
  ASSERT_TRUE(n.Admin()->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
}

class HubIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"mof", "moi", "mohw"}) {
      nodes_[id] = std::make_unique<NodeHarness>(dir_.File(id), &pki_, id);
      ASSERT_THAT(nodes_[id]->Start(&clock_), ::disclosure::testing::IsOk());
    }
    Seed(*nodes_["mof"], "mof", {"tax-data", "einvoice"});
    Seed(*nodes_["moi"], "moi", {"id-photos"});
    Seed(*nodes_["mohw"], "mohw", {"hwdc", "nhi-claims", "cancer-registry"});
    for (auto& [id, n] : nodes_) hub_.Register(id, *n);
    ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  }

  hub::HarvestResult Harvest(const std::string& id) {
    return hub_.hub().harvester().HarvestAgency(id);
  }
  v1h::RegisteredAgency* Registered(const std::string& id) {
    for (auto& a : *hub_.config().mutable_agencies()) {
      if (a.agency_id() == id) return &a;
    }
    std::abort();
  }
  // Starts the stopped hub again over the same store; how it loaded its
  // index.
  absl::StatusOr<hub::IndexLoader::LoadSummary> StartAgain() {
    if (absl::Status s = hub_.Start(&clock_); !s.ok()) return s;
    return hub_.hub().harvester().index_loader().last_load();
  }
  // The hub's configuration without agency `id`.
  v1h::HubConfig ConfigWithout(const std::string& id) {
    v1h::HubConfig out = hub_.config();
    out.clear_agencies();
    for (const auto& a : hub_.config().agencies()) {
      if (a.agency_id() != id) *out.add_agencies() = a;
    }
    return out;
  }
  v1h::AgencyState State(const std::string& id) {
    return **hub_.hub().store().GetAgency(id);
  }
  v1h::Freshness Freshness(const std::string& id) {
    return hub::FreshnessAt(State(id), absl::ToUnixSeconds(clock_.Now()))
        .freshness;
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::FixedTimeZone(8 * 3600))};
  std::map<std::string, std::unique_ptr<NodeHarness>> nodes_;
  HubHarness hub_{dir_.File("hub"), &pki_};
};

TEST_F(HubIntegrationTest, FirstIncrementalAndUnchangedRounds) {
  hub::RoundSummary first = hub_.hub().HarvestNow(true);
  EXPECT_EQ(first.accepted, 3);
  // agency + databases + one statistics period each: 4 + 3 + 5.
  EXPECT_EQ(first.entries_transferred, 12);

  ChangeDescription(*nodes_["mohw"], "mohw", "hwdc", "整合資料新說明");
  Publish(*nodes_["mohw"]);
  hub::RoundSummary second = hub_.hub().HarvestNow(true);
  EXPECT_EQ(second.accepted, 1);
  EXPECT_EQ(second.unchanged, 2);
  EXPECT_EQ(second.entries_transferred, 1);  // only the changed entry

  hub::RoundSummary third = hub_.hub().HarvestNow(true);
  EXPECT_EQ(third.unchanged, 3);
  EXPECT_EQ(third.calls, 3);  // one small call per unchanged agency
  EXPECT_EQ(third.entries_transferred, 0);

  // A publication with no change is a new checkpoint but no entry moves.
  clock_.Advance(absl::Hours(24));
  Publish(*nodes_["moi"]);
  hub::HarvestResult r = Harvest("moi");
  EXPECT_EQ(r.outcome, Outcome::kAccepted);
  EXPECT_EQ(r.entries_transferred, 0);

  // The index answers across agencies; Chinese needs no word spacing.
  // (Searches answer from what is indexed: let the harvests reach it.)
  ASSERT_TRUE(hub_.hub().index().WaitForSearchIndex(absl::Seconds(30)));
  auto index = hub_.Index();
  v1h::SearchDatabasesRequest q;
  q.set_text("新說明");
  v1h::SearchDatabasesResponse found;
  ASSERT_TRUE(index->SearchDatabases(Ctx().get(), q, &found).ok());
  ASSERT_EQ(found.total(), 1);
  EXPECT_EQ(found.hits(0).entry_id(), "mohw/hwdc");
  q.set_text("");
  q.set_data_category("C001");
  ASSERT_TRUE(index->SearchDatabases(Ctx().get(), q, &found).ok());
  EXPECT_EQ(found.total(), 6);
  v1h::ListAgenciesResponse agencies;
  ASSERT_TRUE(index->ListAgencies(Ctx().get(), {}, &agencies).ok());
  ASSERT_EQ(agencies.agencies_size(), 3);
  for (const auto& a : agencies.agencies())
    EXPECT_EQ(a.freshness(), v1h::FRESHNESS_FRESH);
}

TEST_F(HubIntegrationTest, ProofBundlesVerifyWithoutTrustingTheHub) {
  hub_.hub().HarvestNow(true);
  auto index = hub_.Index();
  v1h::GetDatabaseEntryRequest req;
  req.set_agency_id("mohw");
  req.set_database_id("nhi-claims");
  v1h::GetDatabaseEntryResponse resp;
  ASSERT_TRUE(index->GetDatabaseEntry(Ctx().get(), req, &resp).ok());
  auto agency_key = *NewNoteVerifier(NodeVkey(*nodes_["mohw"]));
  auto witness = *NewNoteVerifier(hub_.hub().cosigner_vkey());
  BundleTrust trust;
  trust.origin = AgencyLogOrigin(testing::kTrustDomain, "mohw");
  trust.log_keys = {agency_key.get()};
  trust.witnesses = {witness.get()};
  trust.min_cosignatures = 1;
  DN_ASSERT_OK_AND_ASSIGN(VerifiedBundle v,
                          VerifyProofBundle(resp.bundle(), trust));
  EXPECT_EQ(v.entry->database().database_id(), "nhi-claims");
  EXPECT_EQ(v.cosignatures.size(), 1u);
  // Unknown databases are NOT_FOUND.
  req.set_database_id("nope");
  EXPECT_EQ(index->GetDatabaseEntry(Ctx().get(), req, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(HubIntegrationTest, NodeDownThenBack) {
  hub_.hub().HarvestNow(true);
  const int port = nodes_["moi"]->node().snapshot_port();
  nodes_["moi"]->Stop();
  hub::HarvestResult r = Harvest("moi");
  EXPECT_EQ(r.outcome, Outcome::kUnreachable);
  v1h::AgencyState s = State("moi");
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_UNREACHABLE);
  EXPECT_EQ(s.unreachable_since(), absl::ToUnixSeconds(clock_.Now()));
  EXPECT_FALSE(s.last_error().empty());
  EXPECT_GT(s.next_attempt(), absl::ToUnixSeconds(clock_.Now()));  // backed off
  // The last verified snapshot is still served.
  EXPECT_TRUE(hub_.hub().index().GetDatabase("moi", "id-photos").has_value());
  // Other agencies are not held up.
  EXPECT_EQ(Harvest("mof").outcome, Outcome::kUnchanged);

  nodes_["moi"]->config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  ASSERT_THAT(nodes_["moi"]->Start(&clock_), ::disclosure::testing::IsOk());
  Publish(*nodes_["moi"]);
  for (int i = 0; i < 50 && Harvest("moi").outcome == Outcome::kUnreachable;
       ++i) {
    absl::SleepFor(absl::Milliseconds(100));  // the channel reconnects
  }
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_FRESH);
}

TEST_F(HubIntegrationTest, ImpostorWithAnotherAgencysCertificateIsRefused) {
  // "moi" registered at the endpoint of the mof node: a valid certificate
  // of the federation, but for another agency.
  hub_.Stop();
  Registered("moi")->set_endpoint(
      absl::StrCat("127.0.0.1:", nodes_["mof"]->node().snapshot_port()));
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  hub::HarvestResult r = Harvest("moi");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_THAT(r.detail,
              HasSubstr("expected spiffe://disclosure.test/agency/moi"));
  EXPECT_FALSE(State("moi").has_snapshot());
}

// A man-in-the-middle snapshot service with a valid certificate for the
// agency: forwards to the real node, altering answers as told.
class MaliciousNode final : public v1n::SnapshotService::Service {
 public:
  enum Mode { kTamperEntry, kEquivocate };
  MaliciousNode(std::shared_ptr<grpc::Channel> upstream, Mode mode,
                std::string forged_note)
      : up_(v1n::SnapshotService::NewStub(upstream)),
        mode_(mode),
        forged_(forged_note) {}

  grpc::Status GetCheckpoint(grpc::ServerContext*,
                             const v1n::GetCheckpointRequest* req,
                             v1n::GetCheckpointResponse* resp) override {
    if (mode_ == kEquivocate) {
      resp->set_checkpoint(forged_);
      return grpc::Status::OK;
    }
    return up_->GetCheckpoint(Ctx().get(), *req, resp);
  }
  grpc::Status GetConsistencyProof(grpc::ServerContext*,
                                   const v1n::GetConsistencyProofRequest* r,
                                   v1::ConsistencyProof* resp) override {
    return up_->GetConsistencyProof(Ctx().get(), *r, resp);
  }
  grpc::Status GetManifest(grpc::ServerContext*,
                           const v1n::GetManifestRequest* r,
                           v1n::GetManifestResponse* resp) override {
    return up_->GetManifest(Ctx().get(), *r, resp);
  }
  grpc::Status GetEntry(grpc::ServerContext*, const v1n::GetEntryRequest* r,
                        v1n::GetEntryResponse* resp) override {
    return up_->GetEntry(Ctx().get(), *r, resp);
  }
  grpc::Status ListEntries(grpc::ServerContext*,
                           const v1n::ListEntriesRequest* r,
                           grpc::ServerWriter<v1n::EntryPage>* w) override {
    auto ctx = Ctx();
    auto reader = up_->ListEntries(ctx.get(), *r);
    v1n::EntryPage page;
    while (reader->Read(&page)) {
      Tamper(page.mutable_entries());
      w->Write(page);
    }
    return reader->Finish();
  }
  grpc::Status GetChanges(grpc::ServerContext*, const v1n::GetChangesRequest* r,
                          grpc::ServerWriter<v1n::ChangesPage>* w) override {
    auto ctx = Ctx();
    auto reader = up_->GetChanges(ctx.get(), *r);
    v1n::ChangesPage page;
    while (reader->Read(&page)) {
      Tamper(page.mutable_upserted_entries());
      w->Write(page);
    }
    return reader->Finish();
  }

 private:
  // Quietly drops an out-of-purpose use from a database entry: the kind of
  // edit the design must make visible.
  void Tamper(google::protobuf::RepeatedPtrField<std::string>* entries) {
    if (mode_ != kTamperEntry) return;
    for (auto& bytes : *entries) {
      v1::DisclosureEntry e;
      if (e.ParseFromString(bytes) && e.has_database() &&
          e.database().out_of_purpose_uses_size() > 0) {
        e.mutable_database()->clear_out_of_purpose_uses();
        bytes = e.SerializeAsString();
        return;
      }
    }
  }
  std::unique_ptr<v1n::SnapshotService::Stub> up_;
  Mode mode_;
  std::string forged_;
};

class MaliciousNodeServer {
 public:
  MaliciousNodeServer(TestPki& pki, NodeHarness& real,
                      const std::string& agency, MaliciousNode::Mode mode,
                      const std::string& forged = "")
      : service_(real.Dial(false, HubIdentity(testing::kTrustDomain)), mode,
                 forged) {
    TlsFilePaths tls = pki.Issue(absl::StrCat("mitm-", agency, "-", mode),
                                 AgencyIdentity(testing::kTrustDomain, agency));
    grpc::ServerBuilder b;
    b.AddListeningPort("127.0.0.1:0", *MutualTlsServerCredentials(tls), &port_);
    b.RegisterService(&service_);
    server_ = b.BuildAndStart();
  }
  ~MaliciousNodeServer() { server_->Shutdown(); }
  std::string endpoint() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  MaliciousNode service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(HubIntegrationTest, TamperedEntryIsRefused) {
  MaliciousNodeServer mitm(pki_, *nodes_["mof"], "mof",
                           MaliciousNode::kTamperEntry);
  hub_.Stop();
  Registered("mof")->set_endpoint(mitm.endpoint());
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_THAT(r.detail, HasSubstr("do not reproduce the signed entries root"));
  EXPECT_FALSE(State("mof").has_snapshot());
  EXPECT_FALSE(hub_.hub().index().GetDatabase("mof", "tax-data").has_value());
}

TEST_F(HubIntegrationTest, RolledBackNodeIsRefusedAndEvidenceKept) {
  // Copy the node's store and signed-checkpoint file at log size 1, publish
  // again, harvest (size 2), then bring the node back from the copies. (With
  // the store alone rolled back, the node would refuse to start or would
  // complete its last snapshot from the file: tests/node/fork_guard_test.)
  NodeHarness& moi = *nodes_["moi"];
  const int port = moi.node().snapshot_port();
  moi.Stop();
  std::filesystem::copy(moi.config().data_dir(), dir_.File("moi-backup"),
                        std::filesystem::copy_options::recursive);
  const std::string signed_file = moi.config().signed_checkpoint_file();
  std::filesystem::copy(signed_file, dir_.File("moi-backup.signed"));
  moi.config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  ASSERT_THAT(moi.Start(&clock_), ::disclosure::testing::IsOk());
  Publish(moi);
  ASSERT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
  const std::string held = State("moi").checkpoint();
  moi.Stop();
  std::filesystem::remove_all(moi.config().data_dir());
  std::filesystem::copy(dir_.File("moi-backup"), moi.config().data_dir(),
                        std::filesystem::copy_options::recursive);
  std::filesystem::copy(dir_.File("moi-backup.signed"), signed_file,
                        std::filesystem::copy_options::overwrite_existing);
  ASSERT_THAT(moi.Start(&clock_), ::disclosure::testing::IsOk());
  hub::HarvestResult r;
  for (int i = 0; i < 50; ++i) {
    r = Harvest("moi");
    if (r.outcome != Outcome::kUnreachable) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_THAT(r.detail, HasSubstr("rollback"));
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_MISBEHAVING);
  EXPECT_EQ(State("moi").log_size(), 2u);  // still the verified one
  auto evidence = *hub_.hub().store().ListEvidence("moi");
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].kind(), v1h::Evidence::KIND_ROLLBACK);
  EXPECT_EQ(evidence[0].held_checkpoint(), held);
  // Both checkpoints are validly signed by the agency: checkable by anyone.
  auto key = *NewNoteVerifier(NodeVkey(moi));
  EXPECT_TRUE(OpenNote(evidence[0].held_checkpoint(), {key.get()}).ok());
  EXPECT_TRUE(OpenNote(evidence[0].offered_checkpoint(), {key.get()}).ok());
}

TEST_F(HubIntegrationTest, EquivocationIsRefusedAndEvidenceKept) {
  ASSERT_EQ(Harvest("mof").outcome, Outcome::kAccepted);
  // The agency signs a second, different checkpoint of the same size.
  auto key = *ReadPrivateKeyFile(nodes_["mof"]->config().signing_key_file());
  auto signer = *NewNoteSigner(key);
  Checkpoint forged{AgencyLogOrigin(testing::kTrustDomain, "mof"),
                    State("mof").log_size(),
                    HashLeaf("another history"),
                    {}};
  const std::string note = *SignNote(*FormatCheckpoint(forged), {signer.get()});
  MaliciousNodeServer mitm(pki_, *nodes_["mof"], "mof",
                           MaliciousNode::kEquivocate, note);
  hub_.Stop();
  Registered("mof")->set_endpoint(mitm.endpoint());
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  hub::HarvestResult r = Harvest("mof");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_THAT(r.detail, HasSubstr("fork"));
  auto evidence = *hub_.hub().store().ListEvidence("mof");
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].kind(), v1h::Evidence::KIND_EQUIVOCATION);
  EXPECT_EQ(evidence[0].offered_checkpoint(), note);
  EXPECT_EQ(Freshness("mof"), v1h::FRESHNESS_MISBEHAVING);
}

TEST_F(HubIntegrationTest, ExpiredSnapshotIsOverdue) {
  ASSERT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
  clock_.Advance(absl::Hours(24 * 4));  // past the 3-day validity
  EXPECT_EQ(Harvest("moi").outcome, Outcome::kUnchanged);
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_OVERDUE);
  Publish(*nodes_["moi"]);
  EXPECT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_FRESH);
}

TEST_F(HubIntegrationTest, KeyRotationIsFollowed) {
  ASSERT_EQ(Harvest("moi").outcome, Outcome::kAccepted);
  NodeHarness& moi = *nodes_["moi"];
  const int port = moi.node().snapshot_port();
  moi.Stop();
  const std::string origin = AgencyLogOrigin(testing::kTrustDomain, "moi");
  NamedSigningKey next{origin, SignatureType::kEd25519,
                       *Ed25519PrivateKey::Generate()};
  ASSERT_TRUE(WritePrivateKeyFile(dir_.File("moi-next.key"), next).ok());
  moi.config().set_previous_signing_key_file(moi.config().signing_key_file());
  moi.config().set_signing_key_file(dir_.File("moi-next.key"));
  moi.config().set_snapshot_listen(absl::StrCat("127.0.0.1:", port));
  ASSERT_THAT(moi.Start(&clock_), ::disclosure::testing::IsOk());
  Publish(moi);
  hub::HarvestResult r;
  for (int i = 0; i < 50; ++i) {
    r = Harvest("moi");
    if (r.outcome != Outcome::kUnreachable) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(r.outcome, Outcome::kAccepted) << r.detail;
  EXPECT_THAT(State("moi").trusted_vkeys(), ::testing::Contains(next.vkey()));
  // A checkpoint signed by a key with no rotation statement is refused.
  NamedSigningKey rogue{origin, SignatureType::kEd25519,
                        *Ed25519PrivateKey::Generate()};
  auto rogue_signer = *NewNoteSigner(rogue);
  Checkpoint cp{origin, State("moi").log_size() + 1, HashLeaf("x"), {}};
  MaliciousNodeServer mitm(
      pki_, moi, "moi", MaliciousNode::kEquivocate,
      *SignNote(*FormatCheckpoint(cp), {rogue_signer.get()}));
  hub_.Stop();
  Registered("moi")->set_endpoint(mitm.endpoint());
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  r = Harvest("moi");
  EXPECT_EQ(r.outcome, Outcome::kRefused);
  EXPECT_THAT(r.detail, HasSubstr("no signature by a known key"));
}

TEST_F(HubIntegrationTest, ReloadAddsAndRemovesAgenciesWithoutLosingState) {
  hub_.hub().HarvestNow(true);
  const std::string held = State("moi").cosigned_checkpoint();
  // Drop moi from the registry: it leaves the index, its history stays.
  DN_ASSERT_OK(hub_.hub().Reload(ConfigWithout("moi")));
  EXPECT_FALSE(hub_.hub().index().GetDatabase("moi", "id-photos").has_value());
  EXPECT_TRUE(hub_.hub().index().GetDatabase("mof", "tax-data").has_value());
  EXPECT_EQ(hub_.hub().HarvestNow(true).attempted, 2);
  EXPECT_EQ(State("moi").cosigned_checkpoint(), held);
  // Register it again: back in the index from the store, no new harvest.
  DN_ASSERT_OK(hub_.hub().Reload(hub_.config()));
  EXPECT_TRUE(hub_.hub().index().GetDatabase("moi", "id-photos").has_value());
  EXPECT_EQ(Harvest("moi").outcome, Outcome::kUnchanged);
}

// SIGHUP's reload: an agency whose entry changed (here its endpoint, after
// the node moved) is retried at once with its backoff forgotten; a new
// harvest interval applies to the next harvests; other changed settings are
// named as needing a restart.
TEST_F(HubIntegrationTest, ReloadRetriesAChangedAgencyAndAppliesTheInterval) {
  hub_.hub().HarvestNow(true);
  nodes_["moi"]->Stop();
  ASSERT_EQ(Harvest("moi").outcome, Outcome::kUnreachable);
  ASSERT_EQ(Harvest("moi").outcome, Outcome::kUnreachable);
  const int64_t now = absl::ToUnixSeconds(clock_.Now());
  ASSERT_EQ(State("moi").consecutive_failures(), 2u);
  ASSERT_GT(State("moi").next_attempt(), now + 30);  // backing off

  ASSERT_THAT(nodes_["moi"]->Start(&clock_), ::disclosure::testing::IsOk());
  Registered("moi")->set_endpoint(
      absl::StrCat("127.0.0.1:", nodes_["moi"]->node().snapshot_port()));
  hub_.config().set_harvest_interval_seconds(60);
  hub_.config().mutable_limits()->set_max_backoff_seconds(600);
  absl::StatusOr<std::string> text = hub_.hub().Reload(hub_.config());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, ::testing::HasSubstr("changed, retried now: moi"));
  EXPECT_THAT(*text, ::testing::HasSubstr("harvest interval 60 s"));
  EXPECT_THAT(*text, ::testing::HasSubstr(
                         "take effect only at the next start: limits"));
  EXPECT_EQ(State("moi").consecutive_failures(), 0u);
  EXPECT_LE(State("moi").next_attempt(), now);
  EXPECT_EQ(hub_.hub().harvester().Interval(), absl::Seconds(60));
  for (int i = 0; i < 50 && Harvest("moi").outcome == Outcome::kUnreachable;
       ++i) {
    absl::SleepFor(absl::Milliseconds(100));  // the channel connects
  }
  EXPECT_EQ(Freshness("moi"), v1h::FRESHNESS_FRESH);
  EXPECT_EQ(State("moi").next_attempt(), now + 60);
}

// A reload that changes the trust domain, data_dir or export_dir is refused
// as a whole ("needs a restart"): the registry in the same file is not
// applied, so agencies keep being harvested under the old trust domain.
TEST_F(HubIntegrationTest, ReloadChangingTrustDomainOrFoldersIsRefused) {
  hub_.hub().HarvestNow(true);
  for (const char* field : {"trust_domain", "data_dir", "export_dir"}) {
    SCOPED_TRACE(field);
    v1h::HubConfig changed = hub_.config();
    const auto* f = v1h::HubConfig::descriptor()->FindFieldByName(field);
    changed.GetReflection()->SetString(&changed, f, "/elsewhere.example");
    changed.set_harvest_interval_seconds(77);
    changed.mutable_agencies()->RemoveLast();
    absl::StatusOr<std::string> text = hub_.hub().Reload(changed);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(text.status().message()),
                ::testing::AllOf(::testing::HasSubstr(field),
                                 ::testing::HasSubstr("needs a restart"),
                                 ::testing::HasSubstr("nothing was changed")));
    EXPECT_NE(hub_.hub().harvester().Interval(), absl::Seconds(77));
    EXPECT_EQ(hub_.hub().harvester().Registry().size(),
              static_cast<size_t>(hub_.config().agencies_size()));
  }
  for (const auto& [id, node] : nodes_)
    EXPECT_EQ(Harvest(id).outcome, Outcome::kUnchanged) << id;
}

// Next-due times stored under a long interval do not outlive a restart with
// a shorter one: the schedule harvests within the new interval.
TEST_F(HubIntegrationTest, ShorterIntervalAtRestartWinsOverStoredDueTimes) {
  hub_.hub().HarvestNow(true);  // due again in an hour (the default)
  ASSERT_GT(State("mof").next_attempt(),
            absl::ToUnixSeconds(clock_.Now()) + 3000);
  hub_.Stop();
  hub_.config().set_harvest_interval_seconds(5);
  ASSERT_THAT(hub_.Start(&clock_, /*run_schedule=*/true),
              ::disclosure::testing::IsOk());
  clock_.Advance(absl::Seconds(6));
  const int64_t after = absl::ToUnixSeconds(clock_.Now());
  // The schedule harvests one agency after the other: wait for both.
  for (int i = 0; i < 200 && (State("mof").last_attempt() < after ||
                              State("moi").last_attempt() < after);
       ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_GE(State("mof").last_attempt(), after);
  EXPECT_GE(State("moi").last_attempt(), after);
}

TEST_F(HubIntegrationTest, HealthCheckingAndReflectionAreServed) {
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = *ReadFile(pki_.ca_file(), 1 << 20);
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", hub_.hub().index_port()),
                          grpc::SslCredentials(opts));
  auto health = testing::HealthCheck(channel);
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, std::string("\x08\x01", 2));
  auto services = testing::ReflectionListServices(channel);
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services, HasSubstr("disclosure.v1.hub.IndexService"));
}

// Text that reaches a node through its API (not a CSV import), such as a
// formula in a description, is neutralised in every CSV the hub writes.
TEST_F(HubIntegrationTest, ExportedCsvCellsNeverStartAFormula) {
  ChangeDescription(
      *nodes_["moi"], "moi", "id-photos",
      "-2+3+cmd|' /C calc'!A0; =HYPERLINK(\"http://x\")|\t@SUM(1); "
      "\u3000=1+1|\ufeff@SUM(1)|\uff0b886");
  Publish(*nodes_["moi"]);
  hub_.hub().HarvestNow(true);
  DN_ASSERT_OK(hub_.hub().Export(dir_.File("site"), true));
  for (const char* file : {"databases.csv", "statistics.csv",
                           "statistics-totals.csv", "linkages.csv"}) {
    SCOPED_TRACE(file);
    const std::string text =
        *ReadFile(dir_.File(absl::StrCat("site/", file)), 64 << 20);
    auto table = ParseCsv(text, CsvLimits());
    ASSERT_TRUE(table.ok()) << table.status();
    ASSERT_GE(table->rows.size(), 1u);
    for (const CsvRow& row : table->rows) {
      for (const std::string& cell : row.fields) {
        EXPECT_FALSE(LooksLikeFormula(cell)) << cell;
      }
    }
  }
  const std::string databases =
      *ReadFile(dir_.File("site/databases.csv"), 64 << 20);
  EXPECT_THAT(databases, HasSubstr("'-2+3+cmd"));
  EXPECT_THAT(databases, HasSubstr("' \u3000=1+1"));
  EXPECT_THAT(databases, HasSubstr("'\ufeff@SUM"));
  EXPECT_THAT(databases, HasSubstr("'\uff0b886"));
}

// Everything the index answers about the federation, as text: every
// database through search and by id, each agency's profile, counts and
// statistics, the linkage graph, coverage and the roll-up.
std::string IndexAnswers(hub::HubServer& hub) {
  const hub::DisclosureIndex& index = hub.index();
  EXPECT_TRUE(index.WaitForSearchIndex(absl::Seconds(30)));
  std::string out;
  v1h::SearchDatabasesRequest all;
  all.set_page_size(500);
  all.set_include_withdrawn(true);
  auto found = index.Search(all);
  EXPECT_TRUE(found.ok()) << found.status();
  if (found.ok()) absl::StrAppend(&out, found->DebugString());
  v1h::SearchDatabasesRequest words;
  words.set_text("稅");
  found = index.Search(words);
  EXPECT_TRUE(found.ok()) << found.status();
  if (found.ok()) absl::StrAppend(&out, "total ", found->total(), "\n");
  for (const std::string agency : {"mof", "moi", "mohw"}) {
    for (const std::string id :
         {"tax-data", "einvoice", "id-photos", "hwdc", "nhi-claims",
          "cancer-registry", "nonexistent"}) {
      auto db = index.GetDatabase(agency, id);
      absl::StrAppend(&out, agency, "/", id, " ",
                      db.has_value() ? db->SerializeAsString() : "-", "\n");
    }
    auto profile = index.Profile(agency);
    absl::StrAppend(&out, profile.has_value() ? profile->DebugString() : "-");
    auto [live, periods] = index.Counts(agency);
    absl::StrAppend(&out, live, " ", periods, "\n");
    for (const auto& s : index.Statistics(agency))
      absl::StrAppend(&out, s.DebugString());
  }
  auto graph = index.LinkageGraph({});
  EXPECT_TRUE(graph.ok()) << graph.status();
  if (graph.ok()) absl::StrAppend(&out, graph->DebugString());
  absl::StrAppend(&out,
                  index.Coverage({"mof", "moi", "mohw"}, "2026").DebugString());
  absl::StrAppend(&out, index.Rollup({}).DebugString());
  return out;
}

// A hub stopped cleanly saves what its index derived from each snapshot;
// the next start restores every agency from that, reads databases from
// the store when asked, and answers exactly as before. A later change is
// harvested over the restored agency as over a parsed one.
TEST_F(HubIntegrationTest, RestartRestoresSavedFactsAndAnswersAsBefore) {
  hub_.hub().HarvestNow(true);
  EXPECT_EQ(hub_.hub().harvester().index_loader().last_load().parsed, 0);
  const std::string before = IndexAnswers(hub_.hub());
  EXPECT_THAT(before, HasSubstr("external:"));  // edges are compared too
  hub_.Stop();
  DN_ASSERT_OK_AND_ASSIGN(auto first, StartAgain());
  EXPECT_EQ(first.restored, 3);
  EXPECT_EQ(first.parsed, 0);
  EXPECT_EQ(IndexAnswers(hub_.hub()), before);

  ChangeDescription(*nodes_["mohw"], "mohw", "hwdc", "衛生福利資料科學中心");
  Publish(*nodes_["mohw"]);
  EXPECT_EQ(Harvest("mohw").outcome, Outcome::kAccepted);
  auto changed = hub_.hub().index().GetDatabase("mohw", "hwdc");
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->description().zh_tw(), "衛生福利資料科學中心");
  const std::string after_change = IndexAnswers(hub_.hub());
  EXPECT_NE(after_change, before);
  hub_.Stop();
  DN_ASSERT_OK_AND_ASSIGN(auto second, StartAgain());
  EXPECT_EQ(second.restored, 3);
  EXPECT_EQ(IndexAnswers(hub_.hub()), after_change);
}

// Saved facts are derived data: a record that does not parse, one of
// another build, or one whose databases differ from the snapshot's is
// ignored and the agency parsed from its entries, with the same answers;
// the facts saved at the next shutdown are then used again.
TEST_F(HubIntegrationTest, StaleOrDamagedSavedFactsAreIgnored) {
  hub_.hub().HarvestNow(true);
  const std::string before = IndexAnswers(hub_.hub());
  hub_.Stop();
  {
    auto store = hub::HubStore::Open(hub_.config().data_dir());
    ASSERT_TRUE(store.ok()) << store.status();
    auto moi = (*store)->GetIndexFacts("moi");
    auto mohw = (*store)->GetIndexFacts("mohw");
    ASSERT_TRUE(moi.ok() && moi->has_value() && mohw.ok() && mohw->has_value());
    (*moi)->set_build("another build");
    (*mohw)->mutable_databases()->RemoveLast();
    DN_ASSERT_OK((*store)->PutIndexFacts("moi", **moi));
    DN_ASSERT_OK((*store)->PutIndexFacts("mohw", **mohw));
    ASSERT_TRUE((*store)
                    ->db()
                    ->Put(rocksdb::WriteOptions(),
                          (*store)->column_families()[0], "index-facts/mof",
                          "\xff\xff not a message")
                    .ok());
    EXPECT_FALSE((*store)->GetIndexFacts("mof").ok());
  }
  DN_ASSERT_OK_AND_ASSIGN(auto first, StartAgain());
  EXPECT_EQ(first.restored, 0);
  EXPECT_EQ(first.parsed, 3);
  EXPECT_EQ(IndexAnswers(hub_.hub()), before);
  hub_.Stop();
  DN_ASSERT_OK_AND_ASSIGN(auto second, StartAgain());
  EXPECT_EQ(second.restored, 3);
  EXPECT_EQ(IndexAnswers(hub_.hub()), before);
}

// Restoring queues nothing for the search index, so an agency whose
// snapshot the search index does not hold (here: the index deleted, as an
// operator rebuilding it would) is parsed and indexed again instead.
TEST_F(HubIntegrationTest, SavedFactsWaitForTheSearchIndex) {
  hub_.hub().HarvestNow(true);
  const std::string before = IndexAnswers(hub_.hub());
  hub_.Stop();
  std::filesystem::remove_all(hub_.config().data_dir() + ".search");
  DN_ASSERT_OK_AND_ASSIGN(auto load, StartAgain());
  EXPECT_EQ(load.restored, 0);
  EXPECT_EQ(load.parsed, 3);
  EXPECT_EQ(IndexAnswers(hub_.hub()), before);
}

// An agency dropped from the configuration while the hub was stopped
// leaves the search index at the next start: its databases are neither
// found nor counted in totals.
TEST_F(HubIntegrationTest, AgencyDroppedWhileStoppedLeavesTheSearchIndex) {
  hub_.hub().HarvestNow(true);
  ASSERT_TRUE(hub_.hub().index().WaitForSearchIndex(absl::Seconds(30)));
  v1h::SearchDatabasesRequest all;
  all.set_page_size(500);
  EXPECT_EQ(hub_.hub().index().Search(all)->total(), 6);
  hub_.Stop();
  hub_.config() = ConfigWithout("moi");
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  ASSERT_TRUE(hub_.hub().index().WaitForSearchIndex(absl::Seconds(30)));
  auto found = hub_.hub().index().Search(all);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->total(), 5);
  EXPECT_EQ(found->hits_size(), 5);
  v1h::SearchDatabasesRequest in_moi;
  in_moi.set_agency_id("moi");
  EXPECT_EQ(hub_.hub().index().Search(in_moi)->total(), 0);
}

TEST_F(HubIntegrationTest, IndexSurvivesRestartAndExportIsSigned) {
  hub_.hub().HarvestNow(true);
  // Every database, as the index answers it (from the bytes it keeps).
  auto databases = [this] {
    EXPECT_TRUE(hub_.hub().index().WaitForSearchIndex(absl::Seconds(30)));
    v1h::SearchDatabasesRequest all;
    all.set_page_size(500);
    std::map<std::string, std::string> out;
    auto found = hub_.hub().index().Search(all);
    EXPECT_TRUE(found.ok()) << found.status();
    if (!found.ok()) return out;
    for (const auto& hit : found->hits())
      out[hit.entry_id()] = hit.entry().SerializeAsString();
    return out;
  };
  const std::map<std::string, std::string> before = databases();
  EXPECT_GE(before.size(), 2u);
  hub_.Stop();
  ASSERT_THAT(hub_.Start(&clock_), ::disclosure::testing::IsOk());
  EXPECT_TRUE(hub_.hub().index().GetDatabase("mohw", "hwdc").has_value());
  // Read back at start-up in one pass over the store, in hash order, each
  // agency's entries reach that agency.
  EXPECT_EQ(databases(), before);
  DN_ASSERT_OK(hub_.hub().Export(dir_.File("site"), true));
  const std::string manifest =
      *ReadFile(dir_.File("site/export-manifest.txt"), 1 << 20);
  EXPECT_THAT(manifest, HasSubstr("file "));
  EXPECT_THAT(manifest, HasSubstr("databases.csv"));
  const std::string note =
      *ReadFile(dir_.File("site/export-manifest.note"), 1 << 20);
  // Signed by the export's own key, published in the export...
  auto verifier = *NewNoteVerifier(hub_.hub().export_vkey());
  EXPECT_EQ(*ReadFile(dir_.File("site/keys/export-signer.vkey"), 4096),
            hub_.hub().export_vkey() + "\n");
  auto opened = OpenNote(note, {verifier.get()});
  ASSERT_TRUE(opened.ok()) << opened.status();
  // ...and not by the cosigning key under any type.
  auto cosigning = *ReadPrivateKeyFile(hub_.config().cosigning_key_file());
  auto as_note_key = *NewNoteVerifier(FormatVerifierKey(
      cosigning.name, SignatureType::kEd25519, cosigning.key->public_key()));
  EXPECT_FALSE(OpenNote(note, {as_note_key.get()}).ok());
  EXPECT_THAT(opened->text,
              HasSubstr(HexEncode(AsBytes(Sha256::Of(manifest)))));
  EXPECT_TRUE(
      std::filesystem::exists(dir_.File("site/bundles/mohw/db/hwdc.bundle")));
  // A second export swaps the link atomically and removes the old folder.
  const auto first = std::filesystem::read_symlink(dir_.File("site"));
  DN_ASSERT_OK(hub_.hub().Export(dir_.File("site"), true));
  EXPECT_NE(std::filesystem::read_symlink(dir_.File("site")), first);
  EXPECT_FALSE(
      std::filesystem::exists(std::filesystem::path(dir_.path()) / first));
}

}  // namespace
}  // namespace disclosure
