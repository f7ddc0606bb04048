#include "tests/testing/hub_harness.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/key_file.h"
#include "format/ed25519.h"
#include "hub/config/hub_config.h"
#include "transport/peer_identity.h"
#include "transport/tls.h"

namespace disclosure::testing {

std::string NodeVkey(NodeHarness& node) {
  return ReadPrivateKeyFile(node.config().signing_key_file())->vkey();
}

HubHarness::HubHarness(const std::string& dir, TestPki* pki)
    : dir_(dir), pki_(pki) {
  std::filesystem::create_directories(dir_);
  TlsFilePaths client = pki_->Issue("hub-client", HubIdentity(kTrustDomain));
  TlsFilePaths server = pki_->Issue("hub-index", "");
  TlsFilePaths admin =
      pki_->Issue("hub-admin-server", HubIdentity(kTrustDomain));
  NamedSigningKey key{absl::StrCat(kTrustDomain, "/hub"),
                      SignatureType::kCosignatureV1,
                      *Ed25519PrivateKey::Generate()};
  (void)WritePrivateKeyFile(dir_ + "/cosigner.key", key);
  NamedSigningKey export_key{absl::StrCat(kTrustDomain, "/hub/export"),
                             SignatureType::kEd25519,
                             *Ed25519PrivateKey::Generate()};
  (void)WritePrivateKeyFile(dir_ + "/export.key", export_key);
  const std::string text = absl::StrCat(
      "trust_domain: \"", kTrustDomain, "\"\n", "data_dir: \"", dir_, "/db\"\n",
      "index_listen: \"127.0.0.1:0\"\n", "index_cert_file: \"",
      server.cert_file, "\"\n", "index_key_file: \"", server.key_file, "\"\n",
      "client_cert_file: \"", client.cert_file, "\"\n", "client_key_file: \"",
      client.key_file, "\"\n", "ca_file: \"", pki_->ca_file(), "\"\n",
      "cosigning_key_file: \"", dir_, "/cosigner.key\"\n",
      "export_signing_key_file: \"", dir_, "/export.key\"\n",
      "admin_cert_file: \"", admin.cert_file, "\"\n", "admin_key_file: \"",
      admin.key_file, "\"\n", "limits { rpc_deadline_seconds: 10 }\n");
  auto c = hub::ParseHubConfig(text, dir_);
  if (!c.ok()) std::abort();
  config_ = *std::move(c);
}

void HubHarness::Register(const std::string& agency_id, NodeHarness& node) {
  RegisterRaw(agency_id,
              absl::StrCat("127.0.0.1:", node.node().snapshot_port()),
              {NodeVkey(node)});
}

void HubHarness::RegisterRaw(const std::string& agency_id,
                             const std::string& endpoint,
                             const std::vector<std::string>& vkeys) {
  auto* a = config_.add_agencies();
  a->set_agency_id(agency_id);
  a->set_name_zh_tw(agency_id);
  a->set_endpoint(endpoint);
  a->set_expected_identity(AgencyIdentity(kTrustDomain, agency_id));
  for (const auto& k : vkeys) a->add_signing_vkeys(k);
}

absl::Status HubHarness::Start(const Clock* clock, bool run_schedule) {
  hub_.reset();
  hub::HubServer::Options options;
  options.run_schedule = run_schedule;
  auto h = hub::HubServer::Start(config_, clock, options);
  if (!h.ok()) return h.status();
  hub_ = *std::move(h);
  return absl::OkStatus();
}

std::unique_ptr<disclosure::v1::hub::IndexService::Stub> HubHarness::Index() {
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = *ReadFile(pki_->ca_file(), 1 << 20);
  return disclosure::v1::hub::IndexService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", hub_->index_port()),
                          grpc::SslCredentials(opts)));
}

}  // namespace disclosure::testing

namespace disclosure::testing {

std::unique_ptr<disclosure::v1::hub::HubAdminService::Stub> HubHarness::Admin(
    const std::string& identity) {
  TlsFilePaths client =
      pki_->Issue(absl::StrCat("hub-admin-client-", ++issued_), identity);
  auto creds = MutualTlsChannelCredentials(client);
  return disclosure::v1::hub::HubAdminService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", hub_->admin_port()), *creds));
}

}  // namespace disclosure::testing
