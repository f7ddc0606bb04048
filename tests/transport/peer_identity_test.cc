// The SPIFFE ID of a peer is its certificate's one URI SAN, nothing else:
// certificates that spell an identity in a DNS or email SAN, carry two URI
// SANs, or none, are refused, by the rule itself and by a real node and a
// real hub.
#include "transport/peer_identity.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "transport/tls.h"

namespace disclosure {
namespace {

namespace v1n = disclosure::v1::node;
using ::disclosure::testing::HostileNode;
using ::disclosure::testing::HubHarness;
using ::disclosure::testing::kTrustDomain;
using ::disclosure::testing::NodeHarness;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::disclosure::testing::TestPki;
using ::testing::HasSubstr;

class PeerIdentityTest : public ::testing::Test {
 protected:
  std::string Pem(const std::string& san) {
    TlsFilePaths p = pki_.IssueWithSans(absl::StrCat("c", ++n_), san);
    return *ReadFile(p.cert_file, 1 << 20);
  }
  TempDir dir_;
  TestPki pki_{dir_.path()};
  int n_ = 0;
  const std::string hub_ = HubIdentity(kTrustDomain);
};

TEST_F(PeerIdentityTest, OneUriSanIsTheIdentity) {
  auto id = SpiffeIdOfCertificate(
      Pem(absl::StrCat("URI:", hub_, ",DNS:localhost,IP:127.0.0.1")));
  ASSERT_THAT(id.status(), testing::IsOk());
  EXPECT_EQ(*id, hub_);
}

TEST_F(PeerIdentityTest, IdentitiesOutsideOneUriSanAreRefused) {
  for (const std::string& san :
       {absl::StrCat("DNS:", hub_, ",IP:127.0.0.1"),
        absl::StrCat("email:", hub_, ",IP:127.0.0.1"),
        absl::StrCat("URI:", hub_, ",DNS:", hub_),
        absl::StrCat("URI:", hub_, ",URI:", hub_, "/admin"),
        std::string("URI:https://example.test/hub,DNS:localhost"),
        absl::StrCat("URI:", hub_, "?x=1,DNS:localhost"),
        std::string("URI:spiffe://,DNS:localhost"),
        std::string("DNS:localhost,IP:127.0.0.1")}) {
    EXPECT_THAT(SpiffeIdOfCertificate(Pem(san)).status(),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << san;
  }
}

TEST_F(PeerIdentityTest, NodeRefusesAHubNamedOnlyInADnsSan) {
  FakeClock clock(absl::FromUnixSeconds(1'790'000'000));
  NodeHarness node(dir_.File("mof"), &pki_, "mof");
  ASSERT_THAT(node.Start(&clock), testing::IsOk());
  for (const std::string& san :
       {absl::StrCat("DNS:", hub_, ",IP:127.0.0.1"),
        absl::StrCat("email:", hub_, ",IP:127.0.0.1"),
        absl::StrCat("URI:", hub_, ",URI:", hub_, ",IP:127.0.0.1")}) {
    TlsFilePaths client = pki_.IssueWithSans(absl::StrCat("h", ++n_), san);
    auto channel = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", node.node().snapshot_port()),
        *MutualTlsChannelCredentials(client));
    auto stub = v1n::SnapshotService::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    v1n::GetCheckpointResponse resp;
    grpc::Status s = stub->GetCheckpoint(&ctx, {}, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << san;
  }
}

TEST_F(PeerIdentityTest, HubRefusesANodeNamedOnlyInADnsSan) {
  FakeClock clock(absl::FromUnixSeconds(1'790'000'000));
  const std::string mof = AgencyIdentity(kTrustDomain, "mof");
  HubHarness hub(dir_.File("hub"), &pki_);
  std::vector<std::unique_ptr<HostileNode>> nodes;
  int i = 0;
  for (const std::string& san :
       {absl::StrCat("DNS:", mof, ",IP:127.0.0.1"),
        absl::StrCat("email:", mof, ",IP:127.0.0.1"),
        absl::StrCat("URI:", mof, ",URI:", mof, "/admin,IP:127.0.0.1")}) {
    nodes.push_back(std::make_unique<HostileNode>(&pki_, "mof", san));
    std::vector<v1::DisclosureEntry> entries(1);
    entries[0].set_key("agency");
    *entries[0].mutable_agency_profile() = testing::SampleProfile("mof");
    nodes.back()->Publish(entries, clock.Now(), absl::Hours(72));
    hub.RegisterRaw(absl::StrCat("mof", i++), nodes.back()->endpoint(),
                    {nodes.back()->vkey()});
    hub.config().mutable_agencies()->rbegin()->set_expected_identity(mof);
  }
  ASSERT_THAT(hub.Start(&clock), testing::IsOk());
  for (int k = 0; k < i; ++k) {
    hub::HarvestResult r =
        hub.hub().harvester().HarvestAgency(absl::StrCat("mof", k));
    EXPECT_EQ(r.outcome, hub::HarvestResult::kRefused) << k;
    EXPECT_EQ(r.failure, hub::FailureKind::kUnauthenticated) << k;
    EXPECT_THAT(r.detail, HasSubstr("SAN")) << k;
  }
}

}  // namespace
}  // namespace disclosure
