// The exported site in a real browser: an export with sample agencies (one
// database whose text holds <script>, statistics reported with a banded
// row and not tracked, a linkage, demonstration data) is driven in headless
// Chromium by site_check.py (Debian's chromium, chromium-driver,
// python3-selenium; axe-core from the npm registry). Screenshots of the
// main pages go to <build>/test-artifacts/site (not committed;
// docs/screenshots holds the phone ones).
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;
using ::disclosure::testing::NodeHarness;

void Seed(NodeHarness& n, const std::string& agency,
          const std::vector<v1::DatabaseEntry>& dbs, int requests) {
  auto admin = n.Admin();
  v1n::WriteResponse w;
  grpc::ClientContext c1;
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = testing::SampleProfile(agency);
  ASSERT_TRUE(admin->UpsertAgencyProfile(&c1, p, &w).ok());
  grpc::ClientContext c2;
  v1n::UpsertDatabaseEntriesRequest d;
  for (const auto& db : dbs) *d.add_entries() = db;
  ASSERT_TRUE(admin->UpsertDatabaseEntries(&c2, d, &w).ok());
  ASSERT_TRUE(w.applied()) << w.DebugString();
  if (requests > 0) {
    grpc::ClientContext c3;
    v1n::AppendRequestRecordsResponse ar;
    auto writer = admin->AppendRequestRecords(&c3, &ar);
    v1n::AppendRequestRecordsRequest req;
    for (int i = 0; i < requests; ++i) {
      auto r = testing::SampleRequest(
          absl::StrCat("r", i),
          absl::FromCivil(absl::CivilDay(2026, 3, 1 + i % 25),
                          absl::FixedTimeZone(8 * 3600)));
      if (i % 2) r.set_provider_type(v1::PROVIDER_TYPE_ISP);
      // The last three: a row below the small-count threshold, banded.
      if (i >= requests - 3)
        r.set_provider_type(v1::PROVIDER_TYPE_SOCIAL_PLATFORM);
      *req.add_records() = r;
    }
    ASSERT_TRUE(writer->Write(req));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  grpc::ClientContext c4;
  v1n::PublishResponse r;
  ASSERT_TRUE(admin->Publish(&c4, {}, &r).ok());
}

TEST(SiteBrowserTest, SearchFiltersPagesChartsAndEscaping) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium") &&
              std::filesystem::exists("/usr/bin/chromedriver"))
      << "needs Debian's chromium, chromium-driver and python3-selenium "
         "(deploy/install-deps.sh)";
  ASSERT_TRUE(std::filesystem::exists(absl::StrCat(
      DISCLOSURE_BUILD_DIR, "/npm/node_modules/axe-core/axe.min.js")))
      << "needs axe-core from the npm registry: tests/site/install-axe.sh "
      << DISCLOSURE_BUILD_DIR << "/npm";
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  std::map<std::string, std::unique_ptr<NodeHarness>> nodes;
  for (const char* id : {"mohw", "mof", "moi"})
    nodes[id] = std::make_unique<NodeHarness>(dir.File(id), &pki, id);
  nodes["moi"]->config().clear_statistics_tracked_from();
  for (auto& [id, n] : nodes)
    ASSERT_THAT(n->Start(&clock), ::disclosure::testing::IsOk());
  auto nhi = testing::SampleDatabase("mohw", "nhi-claims");
  nhi.mutable_file_name()->set_zh_tw("全民健康保險資料");
  nhi.mutable_file_name()->set_en("National Health Insurance data");
  nhi.add_data_categories()->set_code("C111");
  nhi.mutable_description()->set_zh_tw(
      "<script>alert(1)</script><img src=x onerror=\"window.__pwned=true\">");
  auto* link = nhi.add_linkages();
  link->set_linked_entry_id("mof/tax-data");
  link->set_direction(v1::Linkage::DIRECTION_INBOUND);
  link->set_join_key_type(v1::JOIN_KEY_TYPE_HASHED_NATIONAL_ID);
  link->mutable_purpose()->set_zh_tw("保費計算");
  link->add_legal_basis()->set_statute("全民健康保險法");
  auto hwdc = testing::SampleDatabase("mohw", "hwdc");
  hwdc.mutable_opt_out()->set_available(false);
  hwdc.mutable_opt_out()->clear_channel_ids();
  Seed(*nodes["mohw"], "mohw", {nhi, hwdc}, 0);
  Seed(*nodes["mof"], "mof", {testing::SampleDatabase("mof", "tax-data")}, 24);
  Seed(*nodes["moi"], "moi", {testing::SampleDatabase("moi", "id-photos")}, 0);

  testing::HubHarness hub(dir.File("hub"), &pki);
  for (auto& [id, n] : nodes) hub.Register(id, *n);
  hub.config().set_synonyms_file("deploy/vocab/synonyms.csv");
  hub.config().set_search_http_listen("127.0.0.1:0");
  ASSERT_THAT(hub.Start(&clock), ::disclosure::testing::IsOk());
  hub.hub().HarvestNow(true);
  const std::string site = dir.File("site");
  DN_ASSERT_OK(hub.hub().Export(site, false));

  const std::string artifacts =
      absl::StrCat(DISCLOSURE_BUILD_DIR, "/test-artifacts/site");
  testing::CommandResult r = testing::RunCommand(
      {"/usr/bin/python3", "tests/site/site_check.py", site, artifacts,
       absl::StrCat(DISCLOSURE_BUILD_DIR,
                    "/npm/node_modules/axe-core/axe.min.js"),
       "--search-api", absl::StrCat(hub.hub().search_http_port())});
  std::cout << r.out << r.err;
  EXPECT_EQ(r.exit_code, 0);
}

}  // namespace
}  // namespace disclosure
