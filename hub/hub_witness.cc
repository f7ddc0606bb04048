#include "hub/hub_witness.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/text_config.h"
#include "core/witness_policy_file.h"
#include "format/checkpoint.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure::hub {

absl::StatusOr<std::unique_ptr<HubWitness>> HubWitness::Create(
    const disclosure::v1::hub::HubConfig& config,
    std::shared_ptr<const NoteSigner> cosigner,
    const std::string& cosigner_vkey,
    const std::vector<std::string>& log_vkeys) {
  std::unique_ptr<HubWitness> h(new HubWitness());
  if (!config.witness_policy_file().empty()) {
    absl::StatusOr<WitnessPolicy> policy =
        LoadWitnessPolicy(config.witness_policy_file());
    if (!policy.ok()) {
      return ConfigFieldError("witness_policy_file", policy.status().message());
    }
    h->policy_ = *std::move(policy);
  }
  DN_ASSIGN_OR_RETURN(auto own, NewNoteVerifier(cosigner_vkey));
  h->own_verifier_ = std::move(own);
  const std::string dir = config.witness_data_dir().empty()
                              ? absl::StrCat(config.data_dir(), ".witness")
                              : config.witness_data_dir();
  DN_ASSIGN_OR_RETURN(auto store,
                      witness::RocksWitnessStore::Open(dir, /*create=*/true));
  h->store_ = std::move(store);
  DN_ASSIGN_OR_RETURN(
      auto w, witness::Witness::Create(std::move(cosigner), h->store_.get(),
                                       log_vkeys));
  h->witness_ = std::move(w);
  return h;
}

void HubWitness::OnNewCheckpoint(
    const std::string& trust_domain,
    std::function<void(const std::string&)> harvest_soon) {
  const std::string prefix = AgencyLogOrigin(trust_domain, "");
  witness_->SetOnGrowth([prefix, harvest_soon = std::move(harvest_soon)](
                            const std::string& origin, uint64_t) {
    if (absl::StartsWith(origin, prefix)) {
      harvest_soon(origin.substr(prefix.size()));
    }
  });
}

absl::Status HubWitness::Start(const disclosure::v1::hub::HubConfig& config) {
  if (config.witness_listen().empty()) return absl::OkStatus();
  auto server = witness::WitnessHttpServer::Start(
      config.witness_listen(), witness_.get(), witness::HttpServerOptions());
  if (!server.ok()) {
    return absl::Status(
        server.status().code(),
        absl::StrCat("witness_listen: ", server.status().message()));
  }
  server_ = *std::move(server);
  port_ = server_->port();
  return absl::OkStatus();
}

void HubWitness::Stop() {
  if (server_) server_->Stop();
}

}  // namespace disclosure::hub
