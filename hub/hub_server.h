// Wires a disclosure-hub together from its configuration: store, cosigning
// key, index (rebuilt from the store), harvester, the public index service,
// the admin service (when configured), and the harvest schedule: each
// agency is harvested when it is due, independently of the others, and the
// static export is rewritten (at most every few seconds) whenever anything
// public about an agency changed: an acceptance, a refusal, unreachable,
// recovered, overdue (static_export.h, ExportStateDigest); at start-up too
// when the store is newer than the export.
//
// The admin service (HubControl) lets an operator see every agency, harvest
// now, and export while the hub runs; the metrics listener serves
// Prometheus metrics, with freshness and store sizes read at each scrape.
//
// Thread-safety: Reload, HarvestNow and Export may be called from any
// thread; Shutdown once, from the owner.
#ifndef DISCLOSURE_HUB_HUB_SERVER_H_
#define DISCLOSURE_HUB_HUB_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "core/clock.h"
#include "core/synonyms.h"
#include "core/vocabulary.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "format/note.h"
#include "format/witness_policy.h"
#include "hub/export/export_report.h"
#include "hub/export/table_rows.h"
#include "hub/harvest/harvester.h"
#include "hub/hub_witness.h"
#include "hub/index/disclosure_index.h"
#include "hub/participation/consultation_service.h"
#include "hub/participation/intake_http.h"
#include "hub/participation/participation_desk.h"
#include "hub/participation/queue_service.h"
#include "hub/service/admin_service.h"
#include "hub/service/index_service.h"
#include "hub/service/search_http.h"
#include "hub/storage/hub_store.h"
#include "metrics/metrics.h"

namespace disclosure::hub {

class HubServer : private HubControl {
 public:
  struct Options {
    bool run_schedule = true;
    bool serve = true;  // start the public listener
  };

  static absl::StatusOr<std::unique_ptr<HubServer>> Start(
      const disclosure::v1::hub::HubConfig& config, const Clock* clock,
      Options options);
  ~HubServer();

  // Applies a changed configuration (SIGHUP): new agencies are harvested at
  // once, changed ones (endpoint, identity, keys) at once with their backoff
  // reset, removed ones leave the index; a changed harvest interval applies
  // to every agency's next harvest. Every other field needs a restart: the
  // changed ones are named in the log and in the returned text.
  absl::StatusOr<std::string> Reload(
      const disclosure::v1::hub::HubConfig& config);
  // One harvest round now (all agencies when `force`), then an export if
  // anything public changed and an export folder is configured.
  RoundSummary HarvestNow(bool force);
  // How the last export into export_dir that HarvestNow or the export loop
  // attempted ended (OK if none was needed yet): `--once` exits non-zero
  // when it failed.
  absl::Status LastExport() const;
  // Writes the export: into the symlink `link_or_dir` swapped atomically,
  // or into the new folder `link_or_dir`. FailedPrecondition without an
  // export-signing key. Where its time went is logged, and filled into
  // `report` when one is given.
  absl::Status Export(const std::string& link_or_dir, bool atomic_link,
                      ExportReport* report = nullptr);

  // Stops harvesting (cancelling calls in flight), the export loop and the
  // listeners. Returns within a few seconds whatever the nodes do.
  void Shutdown();
  int index_port() const { return index_port_; }
  int admin_port() const { return admin_port_; }
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  // The HTTP search's port (0: none).
  int search_http_port() const {
    return search_http_ ? search_http_->port() : 0;
  }
  Harvester& harvester() { return *harvester_; }
  HubStore& store() { return *store_; }
  DisclosureIndex& index() { return *index_; }
  const std::string& cosigner_vkey() const { return cosigner_vkey_; }
  // The port of the witness endpoint (0: none).
  int witness_port() const { return witness_->port(); }
  // The participation intake's HTTP port and the agencies' queue port (0:
  // none), and the desk (null without participation settings).
  int intake_port() const { return intake_ ? intake_->port() : 0; }
  int queue_port() const { return queue_port_; }
  ParticipationDesk* participation() { return participation_.get(); }

 private:
  // The log keys the witness follows: every registered agency's pinned keys
  // and the keys its rotation statements reached.
  std::vector<std::string> WitnessLogKeys(
      const disclosure::v1::hub::HubConfig& config) const;

 public:
  // The export-signing key's vkey; empty when none is configured.
  const std::string& export_vkey() const { return export_vkey_; }

 private:
  HubServer() = default;
  void ExportLoop();
  // Exports into export_dir when the public state differs from the one the
  // current export shows (or `force`); logs a failure.
  void ExportIfChanged(bool force);
  absl::Status StartAdmin();
  // The participation desk, its intake and its queue (hub_participation.cc).
  absl::Status StartParticipation(bool serve);
  void StopParticipation();
  // The participation state line of the export's digest ("" without); the
  // desk reconciled first by the caller.
  std::string ParticipationState() const;
  absl::Status StartMetrics();
  absl::Status LoadExportSettings();
  // Scrape-time gauges: agency states, certificate expiry, store size.
  std::vector<GaugeFamily> Gauges() const;
  // Writes the export into export_dir and records its digest; returns it.
  absl::StatusOr<std::string> WriteExportDir();

  // HubControl, for the admin service.
  RoundSummary HarvestAllNow() override { return HarvestNow(true); }
  HarvestResult HarvestOneNow(const std::string& agency_id) override;
  absl::StatusOr<std::string> ExportNow() override { return WriteExportDir(); }
  std::vector<disclosure::v1::hub::CertificateStatus> Certificates()
      const override {
    return certificates_;
  }
  std::vector<disclosure::v1::hub::CertificateStatus> ReadCertificates() const;
  uint32_t HarvestIntervalSeconds() const override;
  std::string Version() const override;
  absl::Time Now() const override { return clock_->Now(); }
  std::string ExportDir() const override { return config_.export_dir(); }
  std::vector<ProtectedFolder> OwnFolders() const override;
  disclosure::v1::hub::SearchIndexStatus SearchIndex() const override;

  disclosure::v1::hub::HubConfig config_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<HubStore> store_;
  std::unique_ptr<DisclosureIndex> index_;
  std::shared_ptr<NoteSigner> cosigner_;
  std::unique_ptr<HubWitness> witness_;
  std::unique_ptr<NoteSigner> export_signer_;
  std::string cosigner_vkey_;
  std::string export_vkey_;
  Vocabularies vocabularies_;
  bool have_vocabularies_ = false;
  Synonyms synonyms_;
  // Serialises exports (the loop, HarvestNow, admin requests).
  mutable absl::Mutex export_write_mu_;
  // The state digest of the export in export_dir (nullopt: not read yet).
  std::optional<std::string> exported_digest_ ABSL_GUARDED_BY(export_write_mu_);
  absl::Status last_export_ ABSL_GUARDED_BY(export_write_mu_);
  // Where each agency's rows are in the tables of the last export written
  // (table_rows.h).
  TableRows table_rows_ ABSL_GUARDED_BY(export_write_mu_);
  std::unique_ptr<Harvester> harvester_;
  std::unique_ptr<IndexService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<HubAdminService> admin_service_;
  // On the admin listener, with participation only.
  std::unique_ptr<ConsultationService> consultation_service_;
  std::unique_ptr<grpc::Server> admin_server_;
  std::unique_ptr<MetricsServer> metrics_;
  std::unique_ptr<SearchHttpServer> search_http_;
  std::unique_ptr<ParticipationDesk> participation_;
  std::unique_ptr<IntakeHttpServer> intake_;
  std::unique_ptr<QueueService> queue_service_;
  std::unique_ptr<grpc::Server> queue_server_;
  int queue_port_ = 0;
  // The hub's certificates and their expiry, read at start.
  std::vector<disclosure::v1::hub::CertificateStatus> certificates_;
  int index_port_ = 0;
  int admin_port_ = 0;
  absl::Notification stop_;
  std::thread export_thread_;
  bool shut_down_ = false;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_HUB_SERVER_H_
