// A real disclosure-node with real certificates: identities on both
// listeners, foreign CAs and other agencies refused, every served proof
// verified with core/, changes that reproduce the new root, and a check
// that no snapshot-service method can return raw records or salts.
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "disclosure/v1/node/snapshot_service.grpc.pb.h"
#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/key_rotation.h"
#include "format/manifest.h"
#include "format/merkle_verify.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/snapshot_tree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/grpc_probes.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "transport/peer_identity.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::SampleProfile;
using ::disclosure::testing::SampleRequest;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

class NodeIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(harness_.Start(&clock_), ::disclosure::testing::IsOk());
    admin_ = harness_.Admin();
    hub_ = harness_.Snapshots(harness_.HubIdentityString());
  }

  void Seed() {
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("mof");
    v1n::WriteResponse w;
    ASSERT_TRUE(admin_->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
    ASSERT_TRUE(w.applied());
    v1n::UpsertDatabaseEntriesRequest d;
    for (const char* id : {"tax-data", "einvoice", "customs"}) {
      *d.add_entries() = SampleDatabase("mof", id);
    }
    ASSERT_TRUE(admin_->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
    ASSERT_TRUE(w.applied()) << w.DebugString();
    v1n::AppendRequestRecordsResponse ar;
    auto ctx = Ctx();
    auto writer = admin_->AppendRequestRecords(ctx.get(), &ar);
    for (int batch = 0; batch < 3; ++batch) {
      v1n::AppendRequestRecordsRequest req;
      for (int i = 0; i < 10; ++i) {
        *req.add_records() =
            SampleRequest(absl::StrCat("b", batch, "-", i),
                          absl::FromCivil(absl::CivilDay(2026, 2, 1 + i),
                                          absl::FixedTimeZone(8 * 3600)));
      }
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    EXPECT_EQ(ar.written(), 30);
    EXPECT_EQ(ar.rejected_batch(), -1);
  }

  v1n::SnapshotSummary Publish() {
    v1n::PublishResponse r;
    grpc::Status s = admin_->Publish(Ctx().get(), v1n::PublishRequest(), &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return r.snapshot();
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                   absl::FixedTimeZone(8 * 3600))};
  NodeHarness harness_{dir_.File("mof"), &pki_, "mof"};
  std::unique_ptr<v1n::AdminService::Stub> admin_;
  std::unique_ptr<v1n::SnapshotService::Stub> hub_;
};

TEST_F(NodeIntegrationTest, AdminListenerRequiresTheAgencyAdminIdentity) {
  Seed();
  // The hub's certificate is valid, but not an admin of this agency.
  auto as_hub = v1n::AdminService::NewStub(
      harness_.Dial(true, harness_.HubIdentityString()));
  v1n::GetStatusResponse st;
  grpc::Status s = as_hub->GetStatus(Ctx().get(), v1n::GetStatusRequest(), &st);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(),
              ::testing::HasSubstr("spiffe://disclosure.test/hub"));
  // Another agency's admin.
  auto other = v1n::AdminService::NewStub(
      harness_.Dial(true, AgencyAdminIdentity(testing::kTrustDomain, "moi")));
  EXPECT_EQ(
      other->GetStatus(Ctx().get(), v1n::GetStatusRequest(), &st).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // The agency's own admin.
  ASSERT_TRUE(
      admin_->GetStatus(Ctx().get(), v1n::GetStatusRequest(), &st).ok());
  EXPECT_EQ(st.database_entries(), 3);
}

TEST_F(NodeIntegrationTest, SnapshotServiceAcceptsHubAndAuditorsOnly) {
  Seed();
  Publish();
  v1n::GetCheckpointResponse cp;
  EXPECT_TRUE(hub_->GetCheckpoint(Ctx().get(), {}, &cp).ok());
  auto auditor = harness_.Snapshots("spiffe://disclosure.test/auditor/ngo-1");
  EXPECT_TRUE(auditor->GetCheckpoint(Ctx().get(), {}, &cp).ok());

  for (const std::string& id :
       {harness_.AdminIdentity(), AgencyIdentity(testing::kTrustDomain, "moi"),
        std::string("spiffe://other.domain/hub"),
        std::string("spiffe://disclosure.test/auditor/a/b")}) {
    auto stub = harness_.Snapshots(id);
    grpc::Status s = stub->GetCheckpoint(Ctx().get(), {}, &cp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << id;
  }
}

TEST_F(NodeIntegrationTest, CertificatesFromAnotherCaOrNoneAreRefused) {
  Seed();
  Publish();
  TempDir other_dir;
  TestPki other_ca(other_dir.path(), "Rogue CA");
  auto rogue = v1n::SnapshotService::NewStub(
      harness_.Dial(false, harness_.HubIdentityString(), &other_ca));
  v1n::GetCheckpointResponse cp;
  // Refused in the TLS handshake: the client sees UNAVAILABLE.
  EXPECT_EQ(rogue->GetCheckpoint(Ctx().get(), {}, &cp).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  // A client with no certificate at all.
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = *ReadFile(pki_.ca_file(), 1 << 20);
  auto anon = v1n::SnapshotService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", harness_.node().snapshot_port()),
      grpc::SslCredentials(opts)));
  EXPECT_EQ(anon->GetCheckpoint(Ctx().get(), {}, &cp).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeIntegrationTest, EveryServedProofVerifies) {
  Seed();
  Publish();
  clock_.Advance(absl::Hours(24));
  auto changed = SampleDatabase("mof", "einvoice");
  changed.mutable_description()->set_zh_tw("更新後的說明");
  changed.set_change_note("說明更新");
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = changed;
  v1n::WriteResponse w;
  ASSERT_TRUE(admin_->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  const auto s1 = Publish();

  auto verifier = *NewNoteVerifier(harness_.node().signing_vkey());
  v1n::GetCheckpointResponse cpr;
  ASSERT_TRUE(hub_->GetCheckpoint(Ctx().get(), {}, &cpr).ok());
  auto opened = OpenNote(cpr.checkpoint(), {verifier.get()});
  ASSERT_TRUE(opened.ok()) << opened.status();
  Checkpoint cp = *ParseCheckpoint(opened->text);
  ASSERT_EQ(cp.size, 2u);

  // Consistency 1 -> 2 against the first checkpoint.
  v1n::ListSnapshotsResponse list;
  ASSERT_TRUE(admin_->ListSnapshots(Ctx().get(), {}, &list).ok());
  ASSERT_EQ(list.snapshots_size(), 2);
  Checkpoint cp0 = *ParseCheckpoint(
      OpenNote(list.snapshots(1).checkpoint(), {verifier.get()})->text);
  v1n::GetConsistencyProofRequest creq;
  creq.set_size1(1);
  creq.set_size2(2);
  v1::ConsistencyProof cons;
  ASSERT_TRUE(hub_->GetConsistencyProof(Ctx().get(), creq, &cons).ok());
  DN_EXPECT_OK(VerifyConsistency(1, 2, cp0.root, cp.root,
                                 *HashesFromProto(cons.hashes(), 128)));

  // Manifest 1 in the checkpoint; entries reproduce its root.
  v1n::GetManifestRequest mreq;
  mreq.set_sequence(1);
  v1n::GetManifestResponse m;
  ASSERT_TRUE(hub_->GetManifest(Ctx().get(), mreq, &m).ok());
  DN_EXPECT_OK(VerifyInclusion(1, 2, HashLeaf(m.manifest()),
                               *HashesFromProto(m.proof().hashes(), 64),
                               cp.root));
  auto manifest = *ParseManifest(m.manifest());
  const Hash root = *HashFromBytes(manifest.entries_root());

  v1n::ListEntriesRequest lreq;
  lreq.set_sequence(1);
  lreq.set_page_size(2);
  auto ctx = Ctx();
  auto reader = hub_->ListEntries(ctx.get(), lreq);
  std::vector<std::string> all;
  v1n::EntryPage page;
  int pages = 0;
  while (reader->Read(&page)) {
    EXPECT_EQ(page.first_index(), all.size());
    all.insert(all.end(), page.entries().begin(), page.entries().end());
    ++pages;
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GE(pages, 3);
  DN_ASSERT_OK_AND_ASSIGN(SnapshotTree tree, SnapshotTree::Build(all));
  EXPECT_EQ(tree.root(), root);

  // One entry, and one absent key.
  v1n::GetEntryRequest ereq;
  ereq.set_sequence(1);
  ereq.set_key("db/einvoice");
  v1n::GetEntryResponse e;
  ASSERT_TRUE(hub_->GetEntry(Ctx().get(), ereq, &e).ok());
  DN_ASSERT_OK_AND_ASSIGN(
      auto entry, VerifyEntryProof(e.present(), root, manifest.entry_count()));
  EXPECT_EQ(entry.database().version(), 2);
  ereq.set_key("db/nonexistent");
  ASSERT_TRUE(hub_->GetEntry(Ctx().get(), ereq, &e).ok());
  DN_EXPECT_OK(VerifyAbsenceProof(e.absent(), root, manifest.entry_count()));

  // Changes 0 -> 1 applied to snapshot 0 reproduce snapshot 1's root.
  std::map<std::string, std::string> entries;
  lreq.set_sequence(0);
  auto ctx0 = Ctx();
  auto r0 = hub_->ListEntries(ctx0.get(), lreq);
  while (r0->Read(&page)) {
    for (const auto& b : page.entries()) entries[ParseEntry(b)->key()] = b;
  }
  ASSERT_TRUE(r0->Finish().ok());
  v1n::GetChangesRequest chreq;
  chreq.set_from_sequence(0);
  chreq.set_to_sequence(1);
  auto ctx1 = Ctx();
  auto changes = hub_->GetChanges(ctx1.get(), chreq);
  v1n::ChangesPage cpage;
  int upserted = 0;
  while (changes->Read(&cpage)) {
    for (const auto& b : cpage.upserted_entries()) {
      entries[ParseEntry(b)->key()] = b;
      ++upserted;
    }
    for (const auto& k : cpage.removed_keys()) entries.erase(k);
  }
  ASSERT_TRUE(changes->Finish().ok());
  EXPECT_EQ(upserted, 1);
  std::vector<std::string> rebuilt;
  for (auto& [k, b] : entries) rebuilt.push_back(b);
  EXPECT_EQ(ToString(SnapshotTree::Build(rebuilt)->root()), s1.entries_root());

  // Asking for unpublished data is a clear NOT_FOUND.
  ereq.set_sequence(7);
  EXPECT_EQ(hub_->GetEntry(Ctx().get(), ereq, &e).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// A link within the agency must name a database it holds, or one added in
// the same request; links to other agencies are the hub's to check.
TEST_F(NodeIntegrationTest, LinksWithinTheAgencyMustExist) {
  Seed();
  auto with_link = [](const std::string& id, const std::string& target) {
    auto e = SampleDatabase("mof", id);
    e.add_linkages()->set_linked_entry_id(target);
    e.mutable_linkages()->rbegin()->set_join_key_type(
        e.linkages(0).join_key_type());
    *e.mutable_linkages()->rbegin()->mutable_purpose() =
        e.linkages(0).purpose();
    *e.mutable_linkages()->rbegin()->mutable_legal_basis() =
        e.linkages(0).legal_basis();
    e.mutable_out_of_purpose_uses(0)->add_linked_entries(target);
    return e;
  };
  v1n::UpsertDatabaseEntriesRequest d;
  *d.add_entries() = with_link("new-db", "mof/no-such-db");
  v1n::WriteResponse w;
  ASSERT_TRUE(admin_->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  EXPECT_FALSE(w.applied());
  ASSERT_EQ(w.problems_size(), 2) << w.DebugString();
  EXPECT_THAT(w.problems(0).reason(), ::testing::HasSubstr("mof/no-such-db"));
  EXPECT_THAT(w.problems(1).field(),
              ::testing::HasSubstr("out_of_purpose_uses[0].linked_entries"));
  // An existing database, one added in the same request, another agency's.
  d.Clear();
  *d.add_entries() = with_link("new-db", "mof/tax-data");
  *d.add_entries() = with_link("newer-db", "mof/new-db");
  *d.add_entries() = with_link("third-db", "moi/household-register");
  ASSERT_TRUE(admin_->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  EXPECT_TRUE(w.applied()) << w.DebugString();
}

TEST_F(NodeIntegrationTest, RejectedWritesListEveryProblemAndWriteNothing) {
  Seed();
  v1n::UpsertDatabaseEntriesRequest d;
  auto bad = SampleDatabase("mof", "new-db");
  bad.clear_retention();
  bad.mutable_specific_purposes(0)->set_code("999");
  *d.add_entries() = SampleDatabase("mof", "fine-db");
  *d.add_entries() = bad;
  v1n::WriteResponse w;
  ASSERT_TRUE(admin_->UpsertDatabaseEntries(Ctx().get(), d, &w).ok());
  EXPECT_FALSE(w.applied());
  EXPECT_EQ(w.problems_size(), 2);
  for (const auto& p : w.problems()) EXPECT_EQ(p.item_index(), 1);
  v1n::GetStatusResponse st;
  ASSERT_TRUE(admin_->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_EQ(st.database_entries(), 3);  // fine-db was not written either

  // A stream whose second batch has a bad record writes nothing at all.
  v1n::AppendRequestRecordsResponse ar;
  auto ctx = Ctx();
  auto writer = admin_->AppendRequestRecords(ctx.get(), &ar);
  v1n::AppendRequestRecordsRequest ok_batch, bad_batch;
  *ok_batch.add_records() =
      SampleRequest("late-1", absl::FromUnixSeconds(1775000000));
  auto r = SampleRequest("late-2", absl::FromUnixSeconds(1775000000));
  r.clear_case_ref();
  *bad_batch.add_records() = r;
  writer->Write(ok_batch);
  writer->Write(bad_batch);
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(ar.written(), 0);
  EXPECT_EQ(ar.received(), 2);
  EXPECT_EQ(ar.rejected_batch(), 1);
  ASSERT_EQ(ar.problems_size(), 1);
  EXPECT_EQ(ar.problems(0).field(), "case_ref");
  EXPECT_EQ(ar.problems(0).item_index(), 1);  // index in the whole stream
  ASSERT_TRUE(admin_->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_EQ(st.request_records(), 30);
}

// The snapshot service's API cannot carry raw records or salts: no method
// returns (or contains, at any depth) a ProviderRequestRecord, and no
// field in any response is named after salts or secrets.
void CollectTypes(const google::protobuf::Descriptor* d,
                  std::set<const google::protobuf::Descriptor*>* seen) {
  if (!seen->insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr)
      CollectTypes(d->field(i)->message_type(), seen);
  }
}

TEST(SnapshotServiceApiTest, NoMethodCanReturnRawRecordsOrSalts) {
  const auto* service = v1n::SnapshotService::service_full_name();
  const auto* desc =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          service);
  ASSERT_NE(desc, nullptr);
  ASSERT_EQ(desc->method_count(), 6);
  for (int m = 0; m < desc->method_count(); ++m) {
    std::set<const google::protobuf::Descriptor*> types;
    CollectTypes(desc->method(m)->output_type(), &types);
    for (const auto* t : types) {
      EXPECT_NE(t->full_name(),
                v1::ProviderRequestRecord::descriptor()->full_name())
          << desc->method(m)->name();
      for (int f = 0; f < t->field_count(); ++f) {
        const std::string& name = t->field(f)->name();
        EXPECT_EQ(name.find("salt"), std::string::npos)
            << t->full_name() << "." << name;
        EXPECT_EQ(name.find("secret"), std::string::npos)
            << t->full_name() << "." << name;
      }
    }
  }
}

TEST_F(NodeIntegrationTest, HealthCheckingAndReflectionAreServed) {
  for (bool admin : {false, true}) {
    auto channel = harness_.Dial(
        admin, admin ? harness_.AdminIdentity() : harness_.HubIdentityString());
    auto health = testing::HealthCheck(channel);
    ASSERT_TRUE(health.ok()) << health.status();
    EXPECT_EQ(*health, std::string("\x08\x01", 2));  // SERVING
    auto services = testing::ReflectionListServices(channel);
    ASSERT_TRUE(services.ok()) << services.status();
    EXPECT_THAT(*services, ::testing::HasSubstr(
                               admin ? "disclosure.v1.node.AdminService"
                                     : "disclosure.v1.node.SnapshotService"));
    EXPECT_THAT(*services, ::testing::HasSubstr("grpc.health.v1.Health"));
  }
}

}  // namespace
}  // namespace disclosure

namespace disclosure {
namespace {

TEST(NodeScheduleTest, PublishesOnScheduleEvenWhenNothingChanged) {
  TempDir dir;
  TestPki pki(dir.path());
  RealClock clock;
  NodeHarness harness(dir.File("moa"), &pki, "moa");
  harness.config().set_publish_interval_seconds(1);
  ASSERT_THAT(harness.Start(&clock, /*run_schedule=*/true),
              ::disclosure::testing::IsOk());
  // Without a profile the scheduled publication fails and is retried.
  auto admin = harness.Admin();
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = SampleProfile("moa");
  v1n::WriteResponse w;
  ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
  v1n::ListSnapshotsResponse list;
  for (int i = 0; i < 100; ++i) {
    list.Clear();
    ASSERT_TRUE(admin->ListSnapshots(Ctx().get(), {}, &list).ok());
    if (list.snapshots_size() >= 3) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_GE(list.snapshots_size(), 3);
  // Nothing changed between them: same entries root, later expiry.
  EXPECT_EQ(list.snapshots(0).entries_root(), list.snapshots(1).entries_root());
  EXPECT_GT(list.snapshots(0).expires_at().seconds(),
            list.snapshots(2).expires_at().seconds());
}

TEST(NodeKeyRotationTest, RotationIsSignedByBothKeysAndPublished) {
  TempDir dir;
  TestPki pki(dir.path());
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0),
                                  absl::FixedTimeZone(8 * 3600)));
  NodeHarness harness(dir.File("moi"), &pki, "moi");
  ASSERT_THAT(harness.Start(&clock), ::disclosure::testing::IsOk());
  const std::string old_vkey = harness.node().signing_vkey();
  {
    auto admin = harness.Admin();
    v1n::UpsertAgencyProfileRequest p;
    *p.mutable_profile() = SampleProfile("moi");
    v1n::WriteResponse w;
    ASSERT_TRUE(admin->UpsertAgencyProfile(Ctx().get(), p, &w).ok());
    v1n::PublishResponse r;
    ASSERT_TRUE(admin->Publish(Ctx().get(), {}, &r).ok());
  }
  harness.Stop();

  // A new key without the previous one is refused, with instructions.
  const std::string origin = AgencyLogOrigin(testing::kTrustDomain, "moi");
  NamedSigningKey next{origin, SignatureType::kEd25519,
                       *Ed25519PrivateKey::Generate()};
  ASSERT_TRUE(WritePrivateKeyFile(dir.File("next.key"), next).ok());
  const std::string old_file = harness.config().signing_key_file();
  harness.config().set_signing_key_file(dir.File("next.key"));
  absl::Status refused = harness.Start(&clock);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()),
              ::testing::HasSubstr("previous_signing_key_file"));

  harness.config().set_previous_signing_key_file(old_file);
  ASSERT_THAT(harness.Start(&clock), ::disclosure::testing::IsOk());
  EXPECT_EQ(harness.node().signing_vkey(), next.vkey());
  auto admin = harness.Admin();
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(Ctx().get(), {}, &r).ok());

  // The new checkpoint is signed by the new key only...
  auto old_verifier = *NewNoteVerifier(old_vkey);
  auto new_verifier = *NewNoteVerifier(next.vkey());
  EXPECT_THAT(
      OpenNote(r.snapshot().checkpoint(), {old_verifier.get()}),
      ::disclosure::testing::StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_TRUE(OpenNote(r.snapshot().checkpoint(), {new_verifier.get()}).ok());
  // ...and the snapshot carries the rotation, signed by both keys, which a
  // verifier trusting the old key can follow.
  char id[9];
  snprintf(id, sizeof(id), "%08x", new_verifier->key_id());
  auto hub = harness.Snapshots(harness.HubIdentityString());
  v1n::GetEntryRequest req;
  req.set_sequence(1);
  req.set_key(absl::StrCat("keys/", id));
  v1n::GetEntryResponse e;
  ASSERT_TRUE(hub->GetEntry(Ctx().get(), req, &e).ok());
  ASSERT_TRUE(e.has_present());
  auto entry = ParseEntry(e.present().entry());
  ASSERT_TRUE(entry.ok()) << entry.status();
  auto rotation = VerifyKeyRotation(entry->key_rotation().signed_statement(),
                                    origin, old_vkey);
  ASSERT_TRUE(rotation.ok()) << rotation.status();
  EXPECT_EQ(rotation->new_vkey, next.vkey());
  // A statement that does not start from the trusted key is refused.
  EXPECT_THAT(
      VerifyKeyRotation(entry->key_rotation().signed_statement(), origin,
                        next.vkey()),
      ::disclosure::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace disclosure
