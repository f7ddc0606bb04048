// HubServer: the export (static_export.h) — its settings, writing it when
// the public state changes, and reporting where its time went.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "hub/export/static_export.h"
#include "hub/hub_server.h"
#include "metrics/rpc_metrics.h"

namespace disclosure::hub {

absl::Status HubServer::LoadExportSettings() {
  if (!config_.synonyms_file().empty()) {
    DN_ASSIGN_OR_RETURN(auto synonyms, Synonyms::Load(config_.synonyms_file()));
    synonyms_ = std::move(synonyms);
  }
  if (!config_.specific_purposes_file().empty()) {
    DN_ASSIGN_OR_RETURN(auto purposes,
                        Vocabulary::Load(config_.specific_purposes_file(),
                                         "specific purposes"));
    DN_ASSIGN_OR_RETURN(
        auto categories,
        Vocabulary::Load(config_.data_categories_file(), "data categories"));
    vocabularies_ = Vocabularies{std::move(purposes), std::move(categories)};
    have_vocabularies_ = true;
  }
  if (config_.export_signing_key_file().empty()) return absl::OkStatus();
  DN_ASSIGN_OR_RETURN(auto key,
                      ReadPrivateKeyFile(config_.export_signing_key_file()));
  if (key.type != SignatureType::kEd25519) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_.export_signing_key_file(),
                     " is not a note-signing key (disclosurectl keygen "
                     "without --type)"));
  }
  // One key, one purpose: a cosigning key reused here would let an export
  // listing and a cosignature be confused by someone who trusts the key.
  auto cosigning = ReadPrivateKeyFile(config_.cosigning_key_file());
  if (cosigning.ok() && cosigning->key->public_key() == key.key->public_key()) {
    return absl::InvalidArgumentError(
        absl::StrCat(config_.export_signing_key_file(),
                     " is the cosigning key; the export needs a key of its own "
                     "(disclosurectl keygen --name ",
                     config_.trust_domain(), "/hub/export)"));
  }
  DN_ASSIGN_OR_RETURN(auto signer,
                      Ed25519NoteSigner::Create(key.name, key.key));
  export_vkey_ = key.vkey();
  export_signer_ = std::move(signer);
  return absl::OkStatus();
}

absl::Status HubServer::Export(const std::string& path, bool atomic_link,
                               ExportReport* report) {
  const auto registry = harvester_->Registry();
  ExportSettings settings;
  settings.trust_domain = config_.trust_domain();
  settings.signer = export_signer_.get();
  settings.export_vkey = export_vkey_;
  settings.cosigner_vkey = cosigner_vkey_;
  for (const WitnessPolicy::Witness& w : witness_->policy().witnesses()) {
    if (w.vkey != cosigner_vkey_)
      settings.witness_vkeys.emplace_back(w.name, w.vkey);
  }
  settings.vocabularies = have_vocabularies_ ? &vocabularies_ : nullptr;
  settings.synonyms = &synonyms_;
  settings.criminal_statistics_url = config_.criminal_statistics_url();
  ExportReport own_report;
  settings.report = report != nullptr ? report : &own_report;
  ParticipationView participation;
  if (participation_) {
    // An export asked for directly (the admin service) sees the latest
    // answers too.
    participation_->Reconcile(registry);
    settings.participation_state = ParticipationState();
    participation = participation_->View(clock_->Now());
    settings.participation = &participation;
  }
  absl::MutexLock lock(&export_write_mu_);
  TableRows rows;
  settings.previous_rows = &table_rows_;
  settings.rows_out = &rows;
  const absl::Time start = absl::Now();
  absl::Status s = atomic_link ? ExportAtomically(*store_, *index_, registry,
                                                  settings, clock_->Now(), path)
                               : WriteExport(*store_, *index_, registry,
                                             settings, clock_->Now(), path);
  // Only an export behind a link is the next one's previous export: a copy
  // written into a folder of its own leaves the rows of the served one.
  if (atomic_link) table_rows_ = s.ok() ? std::move(rows) : TableRows();
  CountEvent("disclosure_hub_exports_total", "Exports written, by result",
             {{"result", s.ok() ? "ok" : "failed"}});
  if (s.ok()) {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    ObserveSeconds("disclosure_hub_export_duration_seconds",
                   "Time to write one export", {}, seconds);
    LogLine("hub", absl::StrFormat("export written to %s in %.2f s: %s", path,
                                   seconds, settings.report->Summary()));
  }
  return s;
}

absl::StatusOr<std::string> HubServer::WriteExportDir() {
  if (absl::Status s = Export(config_.export_dir(), true); !s.ok()) {
    LogError("hub", absl::StrCat("export failed: ", s.message()));
    return s;
  }
  absl::MutexLock lock(&export_write_mu_);
  exported_digest_ = ExportedStateDigest(config_.export_dir());
  return *exported_digest_;
}

absl::Status HubServer::LastExport() const {
  absl::MutexLock lock(&export_write_mu_);
  return last_export_;
}

void HubServer::ExportIfChanged(bool force) {
  // Answers arrive with acceptances, whether or not anything is exported.
  if (participation_) participation_->Reconcile(harvester_->Registry());
  if (config_.export_dir().empty()) return;
  {
    absl::MutexLock lock(&export_write_mu_);
    // Read from the export once; afterwards kept from each export written.
    if (!exported_digest_.has_value())
      exported_digest_ = ExportedStateDigest(config_.export_dir());
    if (!force) {
      absl::StatusOr<std::string> now = ExportStateDigest(
          *store_, harvester_->Registry(), clock_->Now(), ParticipationState());
      if (now.ok() && *now == *exported_digest_) return;
    }
  }
  absl::Status written = WriteExportDir().status();  // a failure is logged
  absl::MutexLock lock(&export_write_mu_);
  last_export_ = std::move(written);
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

}  // namespace disclosure::hub
