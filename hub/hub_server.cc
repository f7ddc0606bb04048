#include "hub/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "core/program_info.h"
#include "format/cosignature.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "hub/config/config_changes.h"
#include "hub/storage/freshness.h"
#include "metrics/rpc_metrics.h"
#include "transport/certificate_info.h"
#include "transport/tls.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

namespace {

std::string SearchIndexDir(const v1h::HubConfig& config) {
  return absl::StrCat(config.data_dir(), ".search");
}

// The ids of the agencies the config registers.
std::set<std::string> RegisteredIds(const v1h::HubConfig& config) {
  std::set<std::string> ids;
  for (const auto& reg : config.agencies()) ids.insert(reg.agency_id());
  return ids;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HubServer>> HubServer::Start(
    const v1h::HubConfig& config, const Clock* clock, Options options) {
  std::unique_ptr<HubServer> h(new HubServer());
  h->config_ = config;
  h->clock_ = clock;
  DN_ASSIGN_OR_RETURN(auto key,
                      ReadPrivateKeyFile(config.cosigning_key_file()));
  if (key.type != SignatureType::kCosignatureV1) {
    return absl::InvalidArgumentError(absl::StrCat(
        config.cosigning_key_file(),
        " is not a cosignature key (disclosurectl keygen --type cosignature)"));
  }
  if (key.name != config.cosigner_name()) {
    return absl::InvalidArgumentError(absl::StrCat(
        config.cosigning_key_file(), " is named \"", key.name,
        "\", config says cosigner_name \"", config.cosigner_name(), "\""));
  }
  auto cosigner = CosignatureSigner::Create(key.name, key.key, [clock] {
    return static_cast<uint64_t>(absl::ToUnixSeconds(clock->Now()));
  });
  DN_RETURN_IF_ERROR(cosigner.status());
  h->cosigner_vkey_ = (*cosigner)->vkey();
  h->cosigner_ = *std::move(cosigner);
  DN_RETURN_IF_ERROR(h->LoadExportSettings());
  h->certificates_ = h->ReadCertificates();

  DN_ASSIGN_OR_RETURN(auto store, HubStore::Open(config.data_dir()));
  h->store_ = std::move(store);
  // The search index lives beside the store and is derived from it.
  h->index_ = std::make_unique<DisclosureIndex>(SearchIndexDir(config));
  DN_RETURN_IF_ERROR(h->index_->SearchStatus());
  // Agencies restored from saved facts read their databases from here.
  HubStore* store_ptr = h->store_.get();
  h->index_->SetEntryReader([store_ptr](const std::string& leaf_hash) {
    absl::StatusOr<Hash> hash = HashFromBytes(leaf_hash);
    if (!hash.ok()) return absl::StatusOr<std::string>(hash.status());
    return store_ptr->GetEntry(*hash);
  });
  h->index_->SetSynonyms(h->synonyms_);

  DN_ASSIGN_OR_RETURN(
      auto hub_witness,
      HubWitness::Create(config, h->cosigner_, h->cosigner_vkey_,
                         h->WitnessLogKeys(config)));
  h->witness_ = std::move(hub_witness);

  auto client_creds = MutualTlsChannelCredentials(
      {config.client_cert_file(), config.client_key_file(), config.ca_file()});
  DN_RETURN_IF_ERROR(client_creds.status());
  h->harvester_ = std::make_unique<Harvester>(
      h->store_.get(), h->index_.get(), h->cosigner_.get(), clock,
      *client_creds, HarvestOptionsFromConfig(config));
  h->harvester_->SetWitness(h->witness_->witness(), &h->witness_->policy(),
                            h->witness_->own_verifier());
  // A node offering a new checkpoint is harvested at once.
  Harvester* harvester = h->harvester_.get();
  h->witness_->OnNewCheckpoint(config.trust_domain(),
                               [harvester](const std::string& agency_id) {
                                 harvester->HarvestSoon(agency_id);
                               });
  if (options.serve) DN_RETURN_IF_ERROR(h->witness_->Start(config));
  h->harvester_->SetRegistry(
      {config.agencies().begin(), config.agencies().end()});
  DN_RETURN_IF_ERROR(h->harvester_->index_loader().Load(
      RegisteredIds(config), /*only_missing=*/false));

  if (options.serve && !config.metrics_listen().empty()) {
    DN_RETURN_IF_ERROR(h->StartMetrics());
  }
  if (options.serve) {
    DN_ASSIGN_OR_RETURN(auto creds,
                        TlsServerCredentials(config.index_cert_file(),
                                             config.index_key_file()));
    h->service_ = std::make_unique<IndexService>(
        h->store_.get(), h->index_.get(), h->harvester_.get(), clock);
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(config.index_listen(), creds, &h->index_port_);
    builder.RegisterService(h->service_.get());
    builder.SetMaxReceiveMessageSize(kMaxQueryBytes);
    builder.SetMaxSendMessageSize(
        static_cast<int>(config.limits().max_message_bytes()));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 128);
    builder.experimental().SetInterceptorCreators(RpcMetricsInterceptors(
        "hub-index", {v1h::IndexService::service_full_name()}));
    h->server_ = builder.BuildAndStart();
    if (h->server_ == nullptr || h->index_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", config.index_listen()));
    }
  }
  if (options.serve && !config.search_http_listen().empty()) {
    DN_ASSIGN_OR_RETURN(
        h->search_http_,
        SearchHttpServer::Start(
            config.search_http_listen(), "search_http_listen",
            [index = h->index_.get()](const v1h::SearchDatabasesRequest& r) {
              return index->Search(r);
            }));
    LogLine("hub", absl::StrCat("serving search over HTTP on port ",
                                h->search_http_->port()));
  }
  // The desk first: the admin listener serves its consultation rounds.
  if (config.has_participation()) {
    DN_RETURN_IF_ERROR(h->StartParticipation(options.serve));
  }
  if (options.serve && !config.admin_cert_file().empty()) {
    DN_RETURN_IF_ERROR(h->StartAdmin());
  }
  LogLine(
      "hub",
      absl::StrCat(
          "serving the index on port ", h->index_port_,
          h->admin_port_ ? absl::StrCat(", admin on port ", h->admin_port_)
                         : "",
          h->metrics_ ? absl::StrCat(", metrics on port ", h->metrics_->port())
                      : "",
          h->witness_->port()
              ? absl::StrCat(", witness (tlog-witness) on port ",
                             h->witness_->port())
              : "",
          "; ", config.agencies_size(), " agencies registered; cosigner ",
          h->cosigner_vkey_));
  if (options.run_schedule) {
    HubServer* p = h.get();
    // The export loop notices acceptances itself (ExportStateDigest).
    h->harvester_->StartSchedule(nullptr);
    h->export_thread_ = std::thread([p] { p->ExportLoop(); });
  }
  return h;
}

absl::Status HubServer::StartAdmin() {
  auto creds = MutualTlsServerCredentials(
      {config_.admin_cert_file(), config_.admin_key_file(), config_.ca_file()});
  DN_RETURN_IF_ERROR(creds.status());
  admin_service_ = std::make_unique<HubAdminService>(
      store_.get(), harvester_.get(), static_cast<HubControl*>(this),
      IdentityPolicy({config_.admin_identity()}, {}));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.admin_listen(), *creds, &admin_port_);
  builder.RegisterService(admin_service_.get());
  std::vector<std::string> services = {
      v1h::HubAdminService::service_full_name()};
  if (participation_) {
    consultation_service_ = std::make_unique<ConsultationService>(
        participation_.get(), IdentityPolicy({config_.admin_identity()}, {}));
    builder.RegisterService(consultation_service_.get());
    services.push_back(v1h::ConsultationService::service_full_name());
  }
  builder.experimental().SetInterceptorCreators(
      RpcMetricsInterceptors("hub-admin", services));
  builder.SetMaxReceiveMessageSize(kMaxQueryBytes);
  admin_server_ = builder.BuildAndStart();
  if (admin_server_ == nullptr || admin_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on admin_listen ", config_.admin_listen(),
                     " (in use, or not an address of this machine?)"));
  }
  return absl::OkStatus();
}

absl::Status HubServer::StartMetrics() {
  absl::StatusOr<MetricsOptions> options = MetricsOptionsFromConfig(
      config_.metrics_listen(), config_.metrics_allow_remote(),
      config_.metrics_token_file());
  absl::StatusOr<std::unique_ptr<MetricsServer>> server =
      options.ok() ? MetricsServer::Start(*options) : options.status();
  if (!server.ok()) {
    return absl::Status(
        server.status().code(),
        absl::StrCat("metrics_listen: ", server.status().message()));
  }
  metrics_ = *std::move(server);
  metrics_->AddGaugeSource([this] { return Gauges(); });
  return absl::OkStatus();
}

namespace {

std::string IdList(const std::vector<std::string>& ids) {
  return ids.empty() ? "none" : absl::StrJoin(ids, ", ");
}

}  // namespace

std::vector<std::string> HubServer::WitnessLogKeys(
    const v1h::HubConfig& config) const {
  std::vector<std::string> keys;
  for (const v1h::RegisteredAgency& a : config.agencies()) {
    keys.insert(keys.end(), a.signing_vkeys().begin(), a.signing_vkeys().end());
    // Keys reached through an agency's rotation statements count too.
    absl::StatusOr<std::optional<v1h::AgencyState>> state =
        store_->GetAgency(a.agency_id());
    if (state.ok() && state->has_value()) {
      keys.insert(keys.end(), (*state)->trusted_vkeys().begin(),
                  (*state)->trusted_vkeys().end());
    }
  }
  return keys;
}

absl::StatusOr<std::string> HubServer::Reload(const v1h::HubConfig& config) {
  // Settings every agency's identity or the hub's files hang on: applying
  // the registry under a new trust domain would refuse every agency, and
  // the running hub keeps its store and export open where they are. The
  // whole reload is refused, so nothing half-applies.
  for (const auto& [name, before, after] :
       {std::tuple<const char*, std::string, std::string>{
            "trust_domain", config_.trust_domain(), config.trust_domain()},
        {"data_dir", config_.data_dir(), config.data_dir()},
        {"export_dir", config_.export_dir(), config.export_dir()}}) {
    if (before == after) continue;
    return absl::FailedPreconditionError(absl::StrCat(
        name, " changed from \"", before, "\" to \"", after,
        "\": that needs a restart (systemctl restart disclosure-hub); "
        "nothing was changed. To reload other settings now, put ",
        name, " back first"));
  }
  const std::vector<std::string> restart =
      FieldsNeedingRestart(config_, config);
  if (absl::Status s = witness_->witness()->SetLogs(WitnessLogKeys(config));
      !s.ok()) {
    return s;
  }
  const RegistryChange change = harvester_->SetRegistry(
      {config.agencies().begin(), config.agencies().end()});
  harvester_->SetInterval(absl::Seconds(config.harvest_interval_seconds()));
  absl::Status s = harvester_->index_loader().Load(RegisteredIds(config),
                                                   /*only_missing=*/true);
  config_.mutable_agencies()->CopyFrom(config.agencies());
  std::string text = absl::StrCat(
      "reloaded: ", config.agencies_size(),
      " agencies registered (added: ", IdList(change.added),
      "; changed, retried now: ", IdList(change.changed),
      "; removed: ", IdList(change.removed), "); harvest interval ",
      config.harvest_interval_seconds(), " s");
  LogLine("hub", text);
  if (!restart.empty()) {
    const std::string warn = absl::StrCat(
        "reload: changed settings that take effect only at the next start: ",
        absl::StrJoin(restart, ", "));
    LogWarning("hub", warn);
    absl::StrAppend(&text, "; ", warn);
  }
  DN_RETURN_IF_ERROR(s);
  return text;
}

HarvestResult HubServer::HarvestOneNow(const std::string& agency_id) {
  HarvestResult r = harvester_->HarvestAgency(agency_id);
  ExportIfChanged(/*force=*/false);
  return r;
}

std::vector<ProtectedFolder> HubServer::OwnFolders() const {
  return {{"the hub's store", config_.data_dir()},
          {"the hub's search index", SearchIndexDir(config_)},
          {"the hub's witness store", config_.witness_data_dir().empty()
                                          ? config_.data_dir() + ".witness"
                                          : config_.witness_data_dir()},
          {"the public export", config_.export_dir(), /*with_versions=*/true}};
}

uint32_t HubServer::HarvestIntervalSeconds() const {
  return static_cast<uint32_t>(absl::ToInt64Seconds(harvester_->Interval()));
}

std::string HubServer::Version() const { return VersionLine("disclosure-hub"); }

// The certificates as loaded at start-up (TLS files are read once, so a
// renewed file counts from the next restart, which is what status shows).
std::vector<v1h::CertificateStatus> HubServer::ReadCertificates() const {
  const std::pair<const char*, std::string> files[] = {
      {"ca", config_.ca_file()},
      {"index", config_.index_cert_file()},
      {"client", config_.client_cert_file()},
      {"admin", config_.admin_cert_file()}};
  std::vector<v1h::CertificateStatus> out;
  for (const auto& [role, file] : files) {
    if (file.empty()) continue;
    v1h::CertificateStatus c;
    c.set_role(role);
    c.set_file(file);
    absl::StatusOr<CertificateInfo> info = ReadCertificateInfo(file);
    if (info.ok()) {
      c.set_subject(info->subject);
      c.set_not_after(info->not_after);
    } else {
      c.set_error(std::string(info.status().message()));
    }
    out.push_back(std::move(c));
  }
  return out;
}

v1h::SearchIndexStatus HubServer::SearchIndex() const {
  const SearchIndexer::Backlog b = index_->SearchBacklog();
  v1h::SearchIndexStatus out;
  out.set_pending_changes(b.changes);
  out.set_pending_databases(b.databases);
  if (b.last_commit != absl::InfinitePast())
    out.set_last_commit(absl::ToUnixSeconds(b.last_commit));
  const absl::Status s = index_->SearchStatus();
  if (!s.ok()) out.set_error(std::string(s.message()));
  return out;
}

std::vector<GaugeFamily> HubServer::Gauges() const {
  const int64_t now = absl::ToUnixSeconds(clock_->Now());
  GaugeFamily state{"disclosure_hub_agency_state",
                    "1 for the agency's current state (fresh, overdue, "
                    "unreachable, misbehaving, never_harvested), else 0",
                    {}};
  GaugeFamily success{"disclosure_hub_agency_last_success_timestamp_seconds",
                      "When the agency's node last answered a harvest",
                      {}};
  GaugeFamily expiry{"disclosure_hub_agency_snapshot_expiry_timestamp_seconds",
                     "When the agency's latest accepted snapshot expires",
                     {}};
  GaugeFamily failures{"disclosure_hub_agency_consecutive_failures",
                       "Failed harvests of the agency since its last success",
                       {}};
  GaugeFamily node_cert{
      "disclosure_hub_node_certificate_expiry_timestamp_seconds",
      "When the certificate the agency's node presented expires",
      {}};
  static const std::pair<v1h::Freshness, const char*> kStates[] = {
      {v1h::FRESHNESS_FRESH, "fresh"},
      {v1h::FRESHNESS_OVERDUE, "overdue"},
      {v1h::FRESHNESS_UNREACHABLE, "unreachable"},
      {v1h::FRESHNESS_MISBEHAVING, "misbehaving"},
      {v1h::FRESHNESS_NEVER_HARVESTED, "never_harvested"}};
  for (const auto& reg : harvester_->Registry()) {
    const std::string& id = reg.agency_id();
    auto stored = store_->GetAgency(id);
    const v1h::AgencyState st =
        stored.ok() ? stored->value_or(v1h::AgencyState()) : v1h::AgencyState();
    const FreshnessView f = FreshnessAt(st, now);
    for (const auto& [value, name] : kStates) {
      state.values.push_back({{{"agency", id}, {"state", name}},
                              f.freshness == value ? 1.0 : 0.0});
    }
    success.values.push_back(
        {{{"agency", id}}, static_cast<double>(st.last_success())});
    expiry.values.push_back(
        {{{"agency", id}}, static_cast<double>(st.expires_at())});
    failures.values.push_back(
        {{{"agency", id}}, static_cast<double>(st.consecutive_failures())});
    if (st.node_certificate_expires_at() != 0) {
      node_cert.values.push_back(
          {{{"agency", id}},
           static_cast<double>(st.node_certificate_expires_at())});
    }
  }
  GaugeFamily certs{"disclosure_hub_certificate_expiry_timestamp_seconds",
                    "When each of the hub's own certificates expires",
                    {}};
  for (const auto& c : Certificates()) {
    if (c.error().empty()) {
      certs.values.push_back(
          {{{"role", c.role()}}, static_cast<double>(c.not_after())});
    }
  }
  const v1h::SearchIndexStatus search = SearchIndex();
  GaugeFamily search_pending{
      "disclosure_hub_search_index_pending_databases",
      "Databases harvested but not yet searchable (indexed in the "
      "background)",
      {{{}, static_cast<double>(search.pending_databases())}}};
  GaugeFamily search_ok{"disclosure_hub_search_index_ok",
                        "1 if the search index works, 0 if searches fail",
                        {{{}, search.error().empty() ? 1.0 : 0.0}}};
  GaugeFamily store{"disclosure_hub_store_bytes",
                    "Bytes of the hub's RocksDB store (SST files and "
                    "memtables)",
                    {}};
  store.values.push_back({{}, static_cast<double>(store_->SizeBytes())});
  GaugeFamily store_errors{"disclosure_hub_store_errors",
                           "Store writes that failed while recording a "
                           "harvest's outcome, since start",
                           {}};
  store_errors.values.push_back(
      {{}, static_cast<double>(harvester_->store_errors())});
  return {state, success, expiry,       failures,  node_cert,
          certs, store,   store_errors, search_ok, search_pending};
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

void HubServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (harvester_) harvester_->Stop();
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (export_thread_.joinable()) export_thread_.join();
  if (harvester_) {
    // The next start restores these agencies instead of parsing them.
    if (absl::Status s = harvester_->index_loader().SaveFacts(); !s.ok()) {
      LogLine("hub", absl::StrCat("saving the index's facts: ", s.message(),
                                  "; the next start parses every agency"));
    }
  }
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(2);
  if (search_http_) search_http_->Stop();
  if (server_) server_->Shutdown(deadline);
  if (admin_server_) admin_server_->Shutdown(deadline);
  StopParticipation();
  if (witness_) witness_->Stop();
  metrics_.reset();
  LogLine("hub", "stopped");
}

HubServer::~HubServer() { Shutdown(); }

}  // namespace disclosure::hub
