#include "hub/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "core/cosignature.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "core/note_keys.h"
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
  // The export manifest is a plain signed note by the same key and name
  // (type 0x01; domain-separated from cosignatures by its first line).
  auto export_signer = Ed25519NoteSigner::Create(key->name, key->key);
  if (!export_signer.ok()) return export_signer.status();
  h->export_signer_ = *std::move(export_signer);

  auto store = HubStore::Open(config.data_dir());
  if (!store.ok()) return store.status();
  h->store_ = *std::move(store);

  auto client_creds = MutualTlsChannelCredentials(
      {config.client_cert_file(), config.client_key_file(), config.ca_file()});
  if (!client_creds.ok()) return client_creds.status();
  HarvestOptions ho;
  ho.trust_domain = config.trust_domain();
  ho.rpc_deadline = absl::Seconds(config.limits().rpc_deadline_seconds());
  ho.interval = absl::Seconds(config.harvest_interval_seconds());
  ho.max_backoff = absl::Seconds(config.limits().max_backoff_seconds());
  ho.concurrency = config.limits().harvest_concurrency();
  ho.max_entries = config.limits().max_entries_per_snapshot();
  ho.max_message_bytes = static_cast<int>(config.limits().max_message_bytes());
  h->harvester_ =
      std::make_unique<Harvester>(h->store_.get(), &h->index_,
                                  h->cosigner_.get(), clock, *client_creds, ho);
  h->harvester_->SetRegistry(
      {config.agencies().begin(), config.agencies().end()});
  if (absl::Status s = h->harvester_->LoadIndex(); !s.ok()) return s;

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
    builder.SetMaxReceiveMessageSize(64 * 1024);  // queries are small
    builder.SetMaxSendMessageSize(
        static_cast<int>(config.limits().max_message_bytes()));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 128);
    h->server_ = builder.BuildAndStart();
    if (h->server_ == nullptr || h->index_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", config.index_listen()));
    }
  }
  LogLine("hub",
          absl::StrCat("serving the index on port ", h->index_port_, "; ",
                       config.agencies_size(),
                       " agencies registered; cosigner ", h->cosigner_vkey_));
  if (options.run_schedule) {
    h->schedule_thread_ = std::thread([p = h.get()] { p->ScheduleLoop(); });
  }
  return h;
}

absl::Status HubServer::Reload(const v1h::HubConfig& config) {
  if (config.trust_domain() != config_.trust_domain() ||
      config.data_dir() != config_.data_dir() ||
      config.index_listen() != config_.index_listen()) {
    LogLine("hub",
            "reload: only the agency registry and intervals change without a "
            "restart");
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
  LogLine(
      "hub",
      absl::StrCat("harvest round: ", r.attempted, " agencies, ", r.accepted,
                   " accepted, ", r.unchanged, " unchanged, ", r.refused,
                   " refused, ", r.unreachable, " unreachable; ", r.calls,
                   " calls, ", r.entries_transferred, " entries transferred"));
  if (r.accepted > 0 && !config_.export_dir().empty()) {
    if (absl::Status s = Export(config_.export_dir(), true); !s.ok()) {
      LogLine("hub", absl::StrCat("export failed: ", s.message()));
    }
  }
  return r;
}

absl::Status HubServer::Export(const std::string& path, bool atomic_link) {
  const auto registry = harvester_->Registry();
  if (atomic_link) {
    return ExportAtomically(*store_, index_, registry, *export_signer_,
                            clock_->Now(), path);
  }
  return WriteExport(*store_, index_, registry, *export_signer_, clock_->Now(),
                     path);
}

void HubServer::ScheduleLoop() {
  // Due agencies are harvested every pass; each agency's own next_attempt
  // (interval, or exponential backoff after failures) decides if it is due.
  const absl::Duration pass = std::min(
      absl::Seconds(config_.harvest_interval_seconds()), absl::Seconds(30));
  while (!stop_.HasBeenNotified()) {
    HarvestNow(false);
    stop_.WaitForNotificationWithTimeout(pass);
  }
}

void HubServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (schedule_thread_.joinable()) schedule_thread_.join();
  if (server_)
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(5));
  LogLine("hub", "stopped");
}

HubServer::~HubServer() { Shutdown(); }

}  // namespace disclosure::hub
