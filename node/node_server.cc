#include "node/node_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/logging.h"
#include "core/text_config.h"
#include "core/witness_policy_file.h"
#include "format/status_macros.h"
#include "format/witness_policy.h"
#include "metrics/rpc_metrics.h"
#include "node/config/node_config.h"
#include "node/signing_setup.h"
#include "node/stats/aggregator.h"
#include "node/witness/witness_client.h"
#include "transport/tls.h"

namespace disclosure::node {
namespace {

namespace v1n = disclosure::v1::node;

TlsFilePaths Paths(const v1n::TlsFiles& t) {
  return TlsFilePaths{t.cert_file(), t.key_file(), t.ca_file()};
}

absl::StatusOr<std::unique_ptr<grpc::Server>> BuildServer(
    const std::string& address, const v1n::TlsFiles& tls,
    grpc::Service* service, const std::string& service_name,
    const IdentityPolicy& policy, uint32_t max_message_bytes,
    const std::string& metrics_name, int* selected_port) {
  DN_ASSIGN_OR_RETURN(auto creds, MutualTlsServerCredentials(Paths(tls)));
  RequireIdentityOnListener(creds.get(), policy);
  grpc::ServerBuilder builder;
  // A port held by another process must fail here, not be shared with it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(address, creds, selected_port);
  builder.RegisterService(service);
  builder.SetMaxReceiveMessageSize(static_cast<int>(max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(max_message_bytes));
  // Bounded resources per connection; idle clients are dropped.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 64);
  builder.experimental().SetInterceptorCreators(
      RpcMetricsInterceptors(metrics_name, {service_name}));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *selected_port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address,
        ": the port is in use (is another node running?) or the address is "
        "not on this machine"));
  }
  return server;
}

bool IsEmptyOrMissing(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return true;
  return std::filesystem::is_directory(dir, ec) &&
         std::filesystem::is_empty(dir, ec);
}

// Makes sure data_dir holds a private store, or (with --init) creates one.
absl::Status PrepareDataDir(const v1n::NodeConfig& config, bool init) {
  const std::string& dir = config.data_dir();
  std::error_code ec;
  if (init) {
    if (!IsEmptyOrMissing(dir)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--init creates a new store only in a missing or empty folder, and ",
          dir, " holds files; start without --init to use that store"));
    }
    if (std::filesystem::exists(config.signed_checkpoint_file(), ec)) {
      return absl::FailedPreconditionError(absl::StrCat(
          config.signed_checkpoint_file(),
          " exists: this node has already signed a log, and a new store "
          "would fork it. Point data_dir at the node's store (or restore it "
          "from a backup)"));
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("creating ", dir, ": ", ec.message()));
    }
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return absl::OkStatus();
  }
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no store in data_dir ", dir,
        ". If this is a new node, start it once with --init to create one; "
        "otherwise correct data_dir in the config"));
  }
  return absl::OkStatus();
}

// The witnesses of the policy file, each with an HTTP client; null when the
// config names no policy.
absl::StatusOr<std::unique_ptr<CheckpointWitnessing>> SetUpWitnessing(
    const v1n::NodeConfig& config, const Clock* clock) {
  if (config.witness_policy_file().empty()) return nullptr;
  absl::StatusOr<WitnessPolicy> policy =
      LoadWitnessPolicy(config.witness_policy_file());
  if (!policy.ok()) {
    return ConfigFieldError("witness_policy_file", policy.status().message());
  }
  std::map<std::string, std::unique_ptr<WitnessClient>> clients;
  for (const WitnessPolicy::Witness& w : policy->witnesses()) {
    if (w.url.empty()) {
      return ConfigFieldError("witness_policy_file",
                              absl::StrCat("witness ", w.name,
                                           " has no URL: the node must reach "
                                           "every witness it names"));
    }
    absl::StatusOr<std::unique_ptr<WitnessClient>> c = NewHttpWitnessClient(
        w.url, absl::Seconds(config.witness_timeout_seconds()));
    if (!c.ok())
      return ConfigFieldError("witness_policy_file", c.status().message());
    clients[w.name] = *std::move(c);
  }
  return std::make_unique<CheckpointWitnessing>(
      *std::move(policy), std::move(clients), clock,
      absl::Seconds(config.max_clock_skew_seconds()));
}

absl::Status CheckPrivateFiles(const v1n::NodeConfig& config) {
  DN_RETURN_IF_ERROR(CheckOwnerOnly(config.data_dir()));
  std::error_code ec;
  if (std::filesystem::exists(config.signed_checkpoint_file(), ec)) {
    DN_RETURN_IF_ERROR(CheckOwnerOnly(config.signed_checkpoint_file()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<NodeServer>> NodeServer::Start(
    const v1n::NodeConfig& config, const Clock* clock, Options options) {
  std::unique_ptr<NodeServer> n(new NodeServer());
  n->config_ = config;
  n->clock_ = clock;
  const std::string origin = LogOrigin(config);

  DN_ASSIGN_OR_RETURN(
      auto purposes,
      Vocabulary::Load(config.specific_purposes_file(), "specific purposes"));
  DN_ASSIGN_OR_RETURN(
      auto categories,
      Vocabulary::Load(config.data_categories_file(), "data categories"));
  n->vocabularies_ = Vocabularies{std::move(purposes), std::move(categories)};

  DN_RETURN_IF_ERROR(PrepareDataDir(config, options.init));
  DN_RETURN_IF_ERROR(CheckPrivateFiles(config));
  DN_ASSIGN_OR_RETURN(
      auto store,
      OpenNodeStore(config.data_dir(), config.statistics_period(),
                    /*compress=*/true, /*create_if_missing=*/options.init));
  n->store_ = std::move(store);
  DN_RETURN_IF_ERROR(n->store_->VerifyChecksums());
  DN_ASSIGN_OR_RETURN(
      auto keeper,
      SignedStateKeeper::Open(config.signed_checkpoint_file(), n->store_.get(),
                              origin, options.adopt_store));
  n->keeper_ = std::move(keeper);

  DN_ASSIGN_OR_RETURN(
      auto signing,
      SetUpSigning(n->store_.get(), origin, config.signing_key_file(),
                   config.previous_signing_key_file(), *clock));
  n->signer_ = std::move(signing.signer);
  n->signing_vkey_ = signing.vkey;

  DN_ASSIGN_OR_RETURN(auto log, AgencyLog::Load(*n->store_, origin));
  n->log_ = std::move(log);

  const auto& limits = config.limits();
  n->validator_ = std::make_unique<InventoryValidator>(
      config.agency_id(), &n->vocabularies_, config.snapshot_format_version());
  PublisherOptions popts;
  popts.agency_id = config.agency_id();
  popts.validity = absl::Seconds(config.snapshot_validity_seconds());
  popts.max_entries = limits.max_entries_per_snapshot();
  popts.max_entry_bytes = limits.max_entry_bytes();
  popts.statistics.agency_id = config.agency_id();
  popts.statistics.period_kind = config.statistics_period();
  popts.statistics.counting_rule = config.counting_rule();
  popts.statistics.small_count_threshold = config.small_count_threshold();
  popts.statistics.tracked_from = config.statistics_tracked_from();
  popts.format_version = config.snapshot_format_version();
  popts.statistics.format_version = config.snapshot_format_version();
  popts.statistics.withholding.assign(config.statistics_withholding().begin(),
                                      config.statistics_withholding().end());
  n->publisher_ = std::make_unique<Publisher>(n->store_.get(), n->log_.get(),
                                              n->keeper_.get(),
                                              n->signer_.get(), clock, popts);
  n->reader_ = std::make_unique<SnapshotReader>(n->store_.get());
  DN_ASSIGN_OR_RETURN(auto witnessing, SetUpWitnessing(config, clock));
  n->witnessing_ = std::move(witnessing);
  if (n->witnessing_) {
    DN_ASSIGN_OR_RETURN(std::string witnessed,
                        n->store_->GetWitnessedCheckpoint());
    n->log_->RequireWitnesses(std::move(witnessed));
    n->publisher_->SetWitnessing(n->witnessing_.get());
  }

  const IdentityPolicy admin_policy({config.admin_identity()}, {});
  const IdentityPolicy snapshot_policy(
      {config.hub_identity()}, {AuditorIdentityPrefix(config.trust_domain())});
  AdminServiceOptions aopts;
  aopts.agency_id = config.agency_id();
  aopts.log_origin = origin;
  aopts.signing_vkey = n->signing_vkey_;
  aopts.max_records_per_batch = limits.max_records_per_batch();
  aopts.max_entries = limits.max_entries_per_snapshot();
  aopts.publish_interval = absl::Seconds(config.publish_interval_seconds());
  aopts.import_idle = absl::Seconds(limits.import_idle_seconds());
  aopts.import_max = absl::Seconds(limits.import_max_seconds());
  aopts.data_dir = config.data_dir();
  aopts.signed_checkpoint_file = config.signed_checkpoint_file();
  n->admin_service_ = std::make_unique<AdminService>(
      n->store_.get(), n->publisher_.get(), n->reader_.get(), n->log_.get(),
      n->validator_.get(), clock, admin_policy, aopts);
  n->snapshot_service_ = std::make_unique<SnapshotService>(
      n->store_.get(), n->log_.get(), n->reader_.get(), snapshot_policy,
      limits.page_size(), limits.max_message_bytes() / 2,
      absl::Seconds(limits.rpc_deadline_seconds()));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  DN_ASSIGN_OR_RETURN(
      auto snap, BuildServer(config.snapshot_listen(), config.snapshot_tls(),
                             n->snapshot_service_.get(),
                             v1n::SnapshotService::service_full_name(),
                             snapshot_policy, limits.max_message_bytes(),
                             "node-snapshot", &n->snapshot_port_));
  n->snapshot_server_ = std::move(snap);
  auto admin = BuildServer(
      config.admin_listen(), config.admin_tls(), n->admin_service_.get(),
      v1n::AdminService::service_full_name(), admin_policy,
      limits.max_message_bytes(), "node-admin", &n->admin_port_);
  if (!admin.ok()) {
    n->snapshot_server_->Shutdown();
    return admin.status();
  }
  n->admin_server_ = *std::move(admin);
  if (!config.metrics_listen().empty()) {
    absl::StatusOr<MetricsOptions> metrics_options = MetricsOptionsFromConfig(
        config.metrics_listen(), config.metrics_allow_remote(),
        config.metrics_token_file());
    absl::StatusOr<std::unique_ptr<MetricsServer>> metrics =
        metrics_options.ok() ? MetricsServer::Start(*metrics_options)
                             : metrics_options.status();
    if (!metrics.ok()) {
      n->snapshot_server_->Shutdown();
      n->admin_server_->Shutdown();
      return absl::Status(
          metrics.status().code(),
          absl::StrCat("metrics_listen: ", metrics.status().message()));
    }
    n->metrics_ = *std::move(metrics);
    n->metrics_->AddGaugeSource([p = n.get()] { return p->Gauges(); });
  }
  LogLine(
      "node",
      absl::StrCat(
          "agency ", config.agency_id(), " serving snapshots on port ",
          n->snapshot_port_, ", admin on port ", n->admin_port_,
          n->metrics_ ? absl::StrCat(", metrics on port ", n->metrics_->port())
                      : "",
          "; log size ", n->log_->size(), "; signing key ", n->signing_vkey_));
  if (options.run_schedule) {
    n->schedule_thread_ = std::thread([p = n.get()] { p->ScheduleLoop(); });
  }
  return n;
}

std::vector<GaugeFamily> NodeServer::Gauges() const {
  GaugeFamily size{
      "disclosure_node_log_size", "Snapshots in the agency's signed log", {}};
  size.values.push_back({{}, static_cast<double>(log_->size())});
  GaugeFamily expiry{"disclosure_node_snapshot_expiry_timestamp_seconds",
                     "When the latest published snapshot expires",
                     {}};
  if (log_->size() > 0) {
    auto latest = SummarizeSnapshot(*store_, log_->size() - 1);
    if (latest.ok()) {
      expiry.values.push_back(
          {{}, static_cast<double>(latest->expires_at().seconds())});
    }
  }
  GaugeFamily bytes{"disclosure_node_store_bytes",
                    "Bytes of the node's RocksDB store (SST files and "
                    "memtables)",
                    {}};
  bytes.values.push_back({{}, static_cast<double>(store_->SizeBytes())});
  return {size, expiry, bytes};
}

void NodeServer::ScheduleLoop() {
  const absl::Duration interval =
      absl::Seconds(config_.publish_interval_seconds());
  const absl::Duration retry = std::min(interval, absl::Seconds(60));
  std::string last_check_error;
  while (!stop_.HasBeenNotified()) {
    // Nothing is served until the witnesses confirm this store is not
    // behind the log (a store restored from an old backup is reported
    // here at start, and the node serves no older head than was published).
    if (log_->AwaitingWitnesses()) {
      absl::Status s = publisher_->CheckWitnesses();
      if (s.ok()) {
        LogLine("node", absl::StrCat("the witnesses (",
                                     witnessing_->policy().Describe(),
                                     ") hold nothing this log does not "
                                     "extend; serving its checkpoint"));
      } else if (s.message() != last_check_error) {
        LogError("node",
                 absl::StrCat("start-up check with the witnesses (nothing is "
                              "served until it passes; tried again within a "
                              "minute): ",
                              s.message()));
      }
      last_check_error = std::string(s.message());
    }
    // A checkpoint signed without its witness quorum is offered again.
    if (std::string line = publisher_->CatchUpWitnessing(); !line.empty()) {
      LogLine("node", line);
    }
    const bool unserved = log_->served_size() < log_->size();
    absl::Time due = clock_->Now();
    if (log_->size() > 0) {
      auto latest = SummarizeSnapshot(*store_, log_->size() - 1);
      if (latest.ok())
        due = absl::FromUnixSeconds(latest->issued_at().seconds()) + interval;
    }
    const absl::Duration wait = due - clock_->Now();
    if (wait > absl::ZeroDuration()) {
      // Wake at least every minute so a changed clock or a manual
      // publication is noticed.
      stop_.WaitForNotificationWithTimeout(
          std::min(wait, absl::Seconds(unserved ? 10 : 60)));
      continue;
    }
    auto summary = publisher_->Publish();
    if (!summary.ok()) {  // a success is logged by the publisher
      LogError("node", absl::StrCat("scheduled publication failed (retried in ",
                                    absl::FormatDuration(retry),
                                    "): ", summary.status().message()));
      stop_.WaitForNotificationWithTimeout(retry);
    }
  }
}

void NodeServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (schedule_thread_.joinable()) schedule_thread_.join();
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(5);
  if (snapshot_server_) snapshot_server_->Shutdown(deadline);
  if (admin_server_) admin_server_->Shutdown(deadline);
  metrics_.reset();
  LogLine("node", "stopped");
}

void NodeServer::Wait() { stop_.WaitForNotification(); }

NodeServer::~NodeServer() { Shutdown(); }

}  // namespace disclosure::node
