#include "tests/testing/node_harness.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "google/protobuf/text_format.h"
#include "node/config/node_config.h"
#include "tests/testing/sample_inventory.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure::testing {

NodeHarness::NodeHarness(const std::string& dir, TestPki* pki,
                         const std::string& agency_id)
    : dir_(dir), pki_(pki), agency_id_(agency_id) {
  std::filesystem::create_directories(dir_);
  TlsFilePaths tls =
      pki_->Issue(agency_id + "-node", AgencyIdentity(kTrustDomain, agency_id));
  NamedSigningKey key{AgencyLogOrigin(kTrustDomain, agency_id),
                      SignatureType::kEd25519, *Ed25519PrivateKey::Generate()};
  (void)WritePrivateKeyFile(dir_ + "/signing.key", key);
  (void)WriteNewFile(dir_ + "/purposes.csv", SamplePurposesCsv(), 0644);
  (void)WriteNewFile(dir_ + "/categories.csv", SampleCategoriesCsv(), 0644);
  const std::string text = absl::StrCat(
      "agency_id: \"", agency_id, "\"\n", "trust_domain: \"", kTrustDomain,
      "\"\n", "data_dir: \"", dir_, "/db\"\n",
      "snapshot_listen: \"127.0.0.1:0\"\n", "admin_listen: \"127.0.0.1:0\"\n",
      "snapshot_tls { cert_file: \"", tls.cert_file, "\" key_file: \"",
      tls.key_file, "\" ca_file: \"", tls.ca_file, "\" }\n",
      "signing_key_file: \"", dir_, "/signing.key\"\n",
      "specific_purposes_file: \"", dir_, "/purposes.csv\"\n",
      "data_categories_file: \"", dir_, "/categories.csv\"\n",
      "statistics_tracked_from: \"2026-H1\"\n");
  auto config = node::ParseNodeConfig(text, dir_);
  if (!config.ok()) {
    fprintf(stderr, "harness config: %s\n",
            std::string(config.status().message()).c_str());
    std::abort();
  }
  config_ = *std::move(config);
}

absl::Status NodeHarness::Start(const Clock* clock, bool run_schedule) {
  node_.reset();
  node::NodeServer::Options options;
  options.run_schedule = run_schedule;
  // The first start creates the store, as `disclosure-node --init` does.
  options.init = !std::filesystem::exists(config_.data_dir());
  auto node = node::NodeServer::Start(config_, clock, options);
  if (!node.ok()) return node.status();
  node_ = *std::move(node);
  return absl::OkStatus();
}

absl::Status NodeHarness::SeedAndPublish(int databases) {
  namespace v1n = disclosure::v1::node;
  auto admin = Admin();
  v1n::UpsertAgencyProfileRequest p;
  *p.mutable_profile() = SampleProfile(agency_id_);
  v1n::WriteResponse w;
  grpc::ClientContext c1;
  if (grpc::Status s = admin->UpsertAgencyProfile(&c1, p, &w); !s.ok()) {
    return absl::InternalError(s.error_message());
  }
  for (int start = 0; start < databases; start += 500) {
    v1n::UpsertDatabaseEntriesRequest d;
    for (int i = start; i < std::min(databases, start + 500); ++i) {
      *d.add_entries() = SampleDatabase(agency_id_, absl::StrCat("db-", i));
    }
    grpc::ClientContext c;
    grpc::Status s = admin->UpsertDatabaseEntries(&c, d, &w);
    if (!s.ok()) return absl::InternalError(s.error_message());
    if (!w.applied()) return absl::InternalError("databases not applied");
  }
  grpc::ClientContext c3;
  v1n::PublishResponse r;
  if (grpc::Status s = admin->Publish(&c3, {}, &r); !s.ok()) {
    return absl::InternalError(s.error_message());
  }
  return absl::OkStatus();
}

void NodeHarness::WriteConfigFile(const std::string& path) const {
  std::string text;
  google::protobuf::TextFormat::PrintToString(config_, &text);
  (void)WriteNewFile(path, text, 0644);
}

TlsFilePaths NodeHarness::AdminClientFiles() {
  TlsFilePaths p = pki_->Issue(
      absl::StrCat("admin-", agency_id_, "-", issued_++), AdminIdentity());
  return p;
}

std::string NodeHarness::AdminIdentity() const {
  return AgencyAdminIdentity(kTrustDomain, agency_id_);
}
std::string NodeHarness::HubIdentityString() const {
  return HubIdentity(kTrustDomain);
}

std::shared_ptr<grpc::Channel> NodeHarness::Dial(bool admin,
                                                 const std::string& identity,
                                                 TestPki* pki) {
  TestPki* issuer = pki != nullptr ? pki : pki_;
  TlsFilePaths client = issuer->Issue(
      absl::StrCat("client-", agency_id_, "-", issued_++), identity);
  client.ca_file = pki_->ca_file();  // always trust the node's CA
  auto creds = MutualTlsChannelCredentials(client);
  const int port = admin ? node_->admin_port() : node_->snapshot_port();
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), *creds);
}

std::unique_ptr<disclosure::v1::node::AdminService::Stub> NodeHarness::Admin() {
  return disclosure::v1::node::AdminService::NewStub(
      Dial(true, AdminIdentity()));
}

std::unique_ptr<disclosure::v1::node::SnapshotService::Stub>
NodeHarness::Snapshots(const std::string& identity) {
  return disclosure::v1::node::SnapshotService::NewStub(Dial(false, identity));
}

}  // namespace disclosure::testing
