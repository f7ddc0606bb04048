// Agencies named by the certificates they already hold: a key's pin and
// subject fields instead of a SPIFFE ID. The specs, and a federation whose
// certificates carry no URI SAN at all, with impostors refused both ways.
#include "transport/pinned_identity.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/status_matchers.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure {
namespace {

namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::IsOk;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

using Subject = std::vector<std::pair<std::string, std::string>>;

const Subject kMoi = {
    {"C", "TW"}, {"O", "內政部"}, {"OU", "資訊中心"}, {"CN", "moi-node"}};
const Subject kHub = {
    {"C", "TW"}, {"O", "數位發展部"}, {"OU", "協調中心"}, {"CN", "hub"}};

class PinnedIdentityTest : public ::testing::Test {
 protected:
  CertificateIdentity Read(const TlsFilePaths& p) {
    auto id = ReadCertificateIdentity(*ReadFile(p.cert_file, 1 << 20));
    EXPECT_THAT(id.status(), IsOk());
    return id.ok() ? *id : CertificateIdentity{};
  }
  TempDir dir_;
  TestPki pki_{dir_.path()};
};

TEST_F(PinnedIdentityTest, SpecsAreCheckedWithAReason) {
  for (const char* good :
       {"spiffe://disclosure.test/hub", "subject:O=內政部,OU=資訊中心",
        "subject:O=A\\,B",
        "spki-sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "subject:O=內政部&spki-sha256:"
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}) {
    EXPECT_THAT(CheckIdentitySpec(good), IsOk()) << good;
  }
  for (const char* bad :
       {"", "hub", "spiffe://", "spki-sha256:abc",
        "spki-sha256:", "subject:", "subject:O", "subject:NOTANAME=x",
        "subject:O=內政部&", "http://example.tw"}) {
    EXPECT_FALSE(CheckIdentitySpec(bad).ok()) << bad;
  }
}

TEST_F(PinnedIdentityTest, PinsAndSubjectsNameExactlyTheirCertificates) {
  const CertificateIdentity moi = Read(pki_.IssueWithSubject("moi", kMoi));
  const CertificateIdentity renewed =
      Read(pki_.IssueWithSubject("moi-renewed", kMoi));
  Subject other_unit = kMoi;
  other_unit[2].second = "秘書室";
  const CertificateIdentity other =
      Read(pki_.IssueWithSubject("moi-other", other_unit));
  EXPECT_TRUE(moi.spiffe_id.empty());
  const std::string pin = "spki-sha256:" + moi.spki_sha256;
  const std::string subject = "subject:O=內政部,OU=資訊中心";
  EXPECT_TRUE(IdentityMatches(pin, moi));
  EXPECT_FALSE(IdentityMatches(pin, renewed));  // another key
  EXPECT_TRUE(IdentityMatches(subject, moi));
  EXPECT_TRUE(IdentityMatches(subject, renewed));  // a renewal keeps it
  EXPECT_FALSE(IdentityMatches(subject, other));
  EXPECT_FALSE(IdentityMatches("subject:O=內政部,OU=資訊中心,OU=x", moi));
  EXPECT_TRUE(IdentityMatches(subject + "&" + pin, moi));
  EXPECT_FALSE(IdentityMatches(subject + "&" + pin, renewed));
  EXPECT_FALSE(IdentityMatches("spiffe://disclosure.test/agency/moi", moi));
  EXPECT_THAT(DescribeIdentity(moi), HasSubstr("OU=資訊中心"));
  EXPECT_THAT(DescribeIdentity(moi), HasSubstr(moi.spki_sha256));
}

// A federation of certificates with no URI SAN: the hub names the agency by
// its subject, the node names the hub by its key's pin. An impostor node
// (same CA, another unit) and an impostor hub (same subject, another key)
// are refused.
TEST_F(PinnedIdentityTest, AFederationWithoutSpiffeIdsRefusesImpostors) {
  RealClock clock;
  const TlsFilePaths node_cert = pki_.IssueWithSubject("moi-gca", kMoi);
  const TlsFilePaths hub_cert = pki_.IssueWithSubject("hub-gca", kHub);
  const TlsFilePaths fake_hub = pki_.IssueWithSubject("fake-hub-gca", kHub);
  const std::string hub_pin = "spki-sha256:" + Read(hub_cert).spki_sha256;

  NodeHarness node(dir_.File("moi"), &pki_, "moi");
  node.config().mutable_snapshot_tls()->set_cert_file(node_cert.cert_file);
  node.config().mutable_snapshot_tls()->set_key_file(node_cert.key_file);
  node.config().set_hub_identity(hub_pin);
  ASSERT_THAT(node.Start(&clock), IsOk());
  ASSERT_THAT(node.SeedAndPublish(2), IsOk());

  Subject other_unit = kMoi;
  other_unit[2].second = "秘書室";
  const TlsFilePaths impostor_cert =
      pki_.IssueWithSubject("impostor-gca", other_unit);
  NodeHarness impostor(dir_.File("impostor"), &pki_, "moe");
  impostor.config().mutable_snapshot_tls()->set_cert_file(
      impostor_cert.cert_file);
  impostor.config().mutable_snapshot_tls()->set_key_file(
      impostor_cert.key_file);
  impostor.config().set_hub_identity(hub_pin);
  ASSERT_THAT(impostor.Start(&clock), IsOk());
  ASSERT_THAT(impostor.SeedAndPublish(2), IsOk());

  HubHarness hub(dir_.File("hub"), &pki_);
  hub.config().set_client_cert_file(hub_cert.cert_file);
  hub.config().set_client_key_file(hub_cert.key_file);
  hub.Register("moi", node);
  hub.config().mutable_agencies(0)->set_expected_identity(
      "subject:O=內政部,OU=資訊中心");
  hub.Register("moe", impostor);
  hub.config().mutable_agencies(1)->set_expected_identity(
      "subject:O=內政部,OU=資訊中心");
  ASSERT_THAT(hub.Start(&clock), IsOk());

  hub::HarvestResult ok = hub.hub().harvester().HarvestAgency("moi");
  EXPECT_EQ(ok.outcome, hub::HarvestResult::kAccepted) << ok.detail;
  hub::HarvestResult refused = hub.hub().harvester().HarvestAgency("moe");
  EXPECT_EQ(refused.outcome, hub::HarvestResult::kRefused) << refused.detail;
  EXPECT_THAT(refused.detail, HasSubstr("OU=秘書室"));
  EXPECT_THAT(refused.detail, HasSubstr("expected subject:O=內政部"));

  // The same subject as the hub, another key: the node refuses it.
  // (The impostor stands at the endpoint registered for "moe", which the
  // registry names by the MOI unit's subject; it holds another unit's.)
  auto channel = grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", node.node().snapshot_port()),
      *MutualTlsChannelCredentials(fake_hub));
  auto stub = v1n::SnapshotService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1n::GetCheckpointResponse resp;
  grpc::Status s = stub->GetCheckpoint(&ctx, {}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("O=數位發展部"));
}

}  // namespace
}  // namespace disclosure
