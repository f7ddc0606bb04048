#include "hub/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "core/cosignature.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "core/note_keys.h"
#include "core/status_macros.h"
#include "hub/export/static_export.h"
#include "transport/tls.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

absl::StatusOr<std::unique_ptr<HubServer>> HubServer::Start(
    const v1h::HubConfig& config, const Clock* clock, Options options) {
  std::unique_ptr<HubServer> h(new HubServer());
  h->config_ = config;
  h->clock_ = clock;
  auto key = ReadPrivateKeyFile(config.cosigning_key_file());
  if (!key.ok()) return key.status();
  if (key->type != SignatureType::kCosignatureV1) {
    return absl::InvalidArgumentError(absl::StrCat(
        config.cosigning_key_file(),
        " is not a cosignature key (disclosurectl keygen --type cosignature)"));
  }
  if (key->name != config.cosigner_name()) {
    return absl::InvalidArgumentError(absl::StrCat(
        config.cosigning_key_file(), " is named \"", key->name,
        "\", config says cosigner_name \"", config.cosigner_name(), "\""));
  }
  auto cosigner = CosignatureSigner::Create(key->name, key->key, [clock] {
    return static_cast<uint64_t>(absl::ToUnixSeconds(clock->Now()));
  });
  if (!cosigner.ok()) return cosigner.status();
  h->cosigner_vkey_ = (*cosigner)->vkey();
  h->cosigner_ = *std::move(cosigner);
  DN_RETURN_IF_ERROR(h->LoadExportSettings());

  auto store = HubStore::Open(config.data_dir());
  if (!store.ok()) return store.status();
  h->store_ = *std::move(store);

  auto client_creds = MutualTlsChannelCredentials(
      {config.client_cert_file(), config.client_key_file(), config.ca_file()});
  if (!client_creds.ok()) return client_creds.status();
  h->harvester_ = std::make_unique<Harvester>(
      h->store_.get(), &h->index_, h->cosigner_.get(), clock, *client_creds,
      HarvestOptionsFromConfig(config));
  h->harvester_->SetRegistry(
      {config.agencies().begin(), config.agencies().end()});
  DN_RETURN_IF_ERROR(h->harvester_->LoadIndex());

  if (options.serve) {
    auto creds =
        TlsServerCredentials(config.index_cert_file(), config.index_key_file());
    if (!creds.ok()) return creds.status();
    h->service_ = std::make_unique<IndexService>(h->store_.get(), &h->index_,
                                                 h->harvester_.get(), clock);
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(config.index_listen(), *creds, &h->index_port_);
    builder.RegisterService(h->service_.get());
    builder.SetMaxReceiveMessageSize(kMaxQueryBytes);
    builder.SetMaxSendMessageSize(
        static_cast<int>(config.limits().max_message_bytes()));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 128);
    h->server_ = builder.BuildAndStart();
    if (h->server_ == nullptr || h->index_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", config.index_listen()));
    }
  }
  if (options.serve && !config.admin_cert_file().empty()) {
    DN_RETURN_IF_ERROR(h->StartAdmin());
  }
  LogLine("hub",
          absl::StrCat("serving the index on port ", h->index_port_,
                       h->admin_port_
                           ? absl::StrCat(", admin on port ", h->admin_port_)
                           : "",
                       "; ", config.agencies_size(),
                       " agencies registered; cosigner ", h->cosigner_vkey_));
  if (options.run_schedule) {
    HubServer* p = h.get();
    // The export loop notices acceptances itself (ExportStateDigest).
    h->harvester_->StartSchedule(nullptr);
    h->export_thread_ = std::thread([p] { p->ExportLoop(); });
  }
  return h;
}

absl::Status HubServer::LoadExportSettings() {
  if (!config_.synonyms_file().empty()) {
    auto synonyms = Synonyms::Load(config_.synonyms_file());
    if (!synonyms.ok()) return synonyms.status();
    synonyms_ = *synonyms;
    index_.SetSynonyms(*std::move(synonyms));
  }
  if (!config_.specific_purposes_file().empty()) {
    auto purposes =
        Vocabulary::Load(config_.specific_purposes_file(), "specific purposes");
    if (!purposes.ok()) return purposes.status();
    auto categories =
        Vocabulary::Load(config_.data_categories_file(), "data categories");
    if (!categories.ok()) return categories.status();
    vocabularies_ = Vocabularies{*std::move(purposes), *std::move(categories)};
    have_vocabularies_ = true;
  }
  if (config_.export_signing_key_file().empty()) return absl::OkStatus();
  auto key = ReadPrivateKeyFile(config_.export_signing_key_file());
  if (!key.ok()) return key.status();
  if (key->type != SignatureType::kEd25519) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_.export_signing_key_file(),
                     " is not a note-signing key (disclosurectl keygen "
                     "without --type)"));
  }
  // One key, one purpose: a cosigning key reused here would let an export
  // listing and a cosignature be confused by someone who trusts the key.
  auto cosigning = ReadPrivateKeyFile(config_.cosigning_key_file());
  if (cosigning.ok() &&
      cosigning->key->public_key() == key->key->public_key()) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_.export_signing_key_file(),
                     " is the cosigning key; the export needs a key of its own "
                     "(disclosurectl keygen --name ",
                     config_.trust_domain(), "/hub/export)"));
  }
  auto signer = Ed25519NoteSigner::Create(key->name, key->key);
  if (!signer.ok()) return signer.status();
  export_vkey_ = key->vkey();
  export_signer_ = *std::move(signer);
  return absl::OkStatus();
}

absl::Status HubServer::StartAdmin() {
  auto creds = MutualTlsServerCredentials(
      {config_.admin_cert_file(), config_.admin_key_file(), config_.ca_file()});
  if (!creds.ok()) return creds.status();
  admin_service_ = std::make_unique<HubAdminService>(
      store_.get(), harvester_.get(),
      IdentityPolicy({config_.admin_identity()}, {}));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.admin_listen(), *creds, &admin_port_);
  builder.RegisterService(admin_service_.get());
  builder.SetMaxReceiveMessageSize(kMaxQueryBytes);
  admin_server_ = builder.BuildAndStart();
  if (admin_server_ == nullptr || admin_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on admin_listen ", config_.admin_listen(),
                     " (in use, or not an address of this machine?)"));
  }
  return absl::OkStatus();
}

absl::Status HubServer::Reload(const v1h::HubConfig& config) {
  v1h::HubConfig others = config;
  others.clear_agencies();
  v1h::HubConfig current = config_;
  current.clear_agencies();
  if (others.SerializeAsString() != current.SerializeAsString()) {
    LogLine("hub",
            "reload: only the agency registry changes without a restart; "
            "other changed fields take effect at the next start");
  }
  harvester_->SetRegistry({config.agencies().begin(), config.agencies().end()});
  absl::Status s = harvester_->LoadIndex(/*only_missing=*/true);
  config_.mutable_agencies()->CopyFrom(config.agencies());
  LogLine("hub", absl::StrCat("reloaded: ", config.agencies_size(),
                              " agencies registered"));
  return s;
}

RoundSummary HubServer::HarvestNow(bool force) {
  RoundSummary r = harvester_->RunRound(force);
  LogLine("hub",
          absl::StrCat(
              "harvest round: ", r.registered, " agencies registered, ",
              r.attempted, " harvested (", r.not_due,
              " not due: backing off or within their interval); ", r.accepted,
              " accepted, ", r.unchanged, " unchanged, ", r.refused,
              " refused, ", r.unreachable, " unreachable; ", r.calls,
              " calls, ", r.entries_transferred, " entries transferred"));
  ExportIfChanged(/*force=*/false);
  return r;
}

absl::Status HubServer::Export(const std::string& path, bool atomic_link) {
  const auto registry = harvester_->Registry();
  ExportSettings settings;
  settings.trust_domain = config_.trust_domain();
  settings.signer = export_signer_.get();
  settings.export_vkey = export_vkey_;
  settings.cosigner_vkey = cosigner_vkey_;
  settings.vocabularies = have_vocabularies_ ? &vocabularies_ : nullptr;
  settings.synonyms = &synonyms_;
  absl::MutexLock lock(&export_write_mu_);
  if (atomic_link) {
    return ExportAtomically(*store_, index_, registry, settings, clock_->Now(),
                            path);
  }
  return WriteExport(*store_, index_, registry, settings, clock_->Now(), path);
}

void HubServer::ExportIfChanged(bool force) {
  if (config_.export_dir().empty()) return;
  {
    absl::MutexLock lock(&export_write_mu_);
    // Read from the export once; afterwards kept from each export written.
    if (!exported_digest_.has_value())
      exported_digest_ = ExportedStateDigest(config_.export_dir());
    if (!force) {
      absl::StatusOr<std::string> now =
          ExportStateDigest(*store_, harvester_->Registry(), clock_->Now());
      if (now.ok() && *now == *exported_digest_) return;
    }
  }
  if (absl::Status s = Export(config_.export_dir(), true); !s.ok()) {
    LogLine("hub", absl::StrCat("export failed: ", s.message()));
    return;
  }
  absl::MutexLock lock(&export_write_mu_);
  exported_digest_ = ExportedStateDigest(config_.export_dir());
  LogLine("hub", absl::StrCat("export written to ", config_.export_dir()));
}

void HubServer::ExportLoop() {
  // Checked every few seconds, so a burst of acceptances costs one export
  // and a snapshot that expires shows as overdue within seconds. The first
  // check, at start-up, exports when the store is newer than the export.
  constexpr absl::Duration kSpacing = absl::Seconds(2);
  do {
    ExportIfChanged(/*force=*/false);
  } while (!stop_.WaitForNotificationWithTimeout(kSpacing));
}

void HubServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (harvester_) harvester_->Stop();
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (export_thread_.joinable()) export_thread_.join();
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(2);
  if (server_) server_->Shutdown(deadline);
  if (admin_server_) admin_server_->Shutdown(deadline);
  LogLine("hub", "stopped");
}

HubServer::~HubServer() { Shutdown(); }

}  // namespace disclosure::hub
