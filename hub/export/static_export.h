// The hub's static export: everything the public and auditors read, as
// plain files any web server can serve, with no hub running. Layout and
// formats are documented in the export's own README.md (export_docs.cc);
// in short: tables (JSON and CSV) with the names of every code, a proof
// bundle for every published entry, each agency's checkpoint history with
// consistency proofs, evidence of refused forks and rollbacks, every key,
// the .proto files, and a listing of every file with its SHA-256 signed by
// the export's own key (never the cosigning key: one key, one purpose),
// each agency's files in a listing of their own (format/export_listing.h).
//
// An export reuses what did not change since the previous one: see
// ExportSettings::previous_export and export_agency.h.
//
// Files are written as they are produced, one agency at a time, so memory
// does not grow with the federation. Safe to run while the hub harvests:
// each agency's files come from one state of the store.
#ifndef DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_
#define DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/synonyms.h"
#include "core/vocabulary.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "format/note.h"
#include "hub/export/export_report.h"
#include "hub/export/table_rows.h"
#include "hub/index/disclosure_index.h"
#include "hub/participation/participation_view.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

struct ExportSettings {
  std::string trust_domain;
  // Signs the listing; its vkey and the cosigner's are published in keys/.
  const NoteSigner* signer = nullptr;
  std::string export_vkey;
  std::string cosigner_vkey;
  // The previous export folder ("" if none): an agency whose inputs did
  // not change is hard-linked from it, and so is any other file written
  // with the bytes it held (previous_export.h).
  std::string previous_export;
  // Other witnesses whose cosignatures the hub requires: name -> vkey.
  std::vector<std::pair<std::string, std::string>> witness_vkeys;
  // Names of specific purposes and data categories; may be null.
  const Vocabularies* vocabularies = nullptr;
  // Synonyms the site's search expands words with; may be null.
  const Synonyms* synonyms = nullptr;
  // HubConfig.criminal_statistics_url ("" for no link).
  std::string criminal_statistics_url;
  // What the site shows of participation; null when the hub takes none.
  const ParticipationView* participation = nullptr;
  // The participation line of the state digest (ExportStateDigest).
  std::string participation_state;
  // Where each agency's rows are in the previous export's tables (may be
  // null): an unchanged agency's rows are copied from there
  // (table_rows.h).
  const TableRows* previous_rows = nullptr;
  // Filled with where this export's rows are, once it is in place; may be
  // null.
  TableRows* rows_out = nullptr;
  // Filled with where the export's time went; may be null.
  ExportReport* report = nullptr;
};

// Writes the export into `dir`, which must not exist yet. The files are
// written into a hidden sibling folder first and renamed into place at the
// end, so `dir` never exists half-written; a killed export leaves only the
// hidden folder, which the next export next to it removes.
absl::Status WriteExport(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    const ExportSettings& settings, absl::Time now, const std::string& dir);

// Writes a new export next to `link` and then points the symlink `link` at
// it with one rename, so readers see the old or the new export, never a
// mix. Previous export folders (and leftovers of killed exports) beside it
// are removed.
absl::Status ExportAtomically(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    const ExportSettings& settings, absl::Time now, const std::string& link);

// A digest of everything public about the agencies at `now`: freshness and
// since when, the accepted log size, misbehaviour, evidence count. It
// changes exactly when an export would read differently about an agency
// (an acceptance, a refusal, unreachable, recovered, overdue), so the hub
// exports when it differs from the one in the current export's listing.
absl::StatusOr<std::string> ExportStateDigest(
    const HubStore& store,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    absl::Time now, absl::string_view participation_state = "");

// The state digest recorded in the listing of the export at `dir` (a folder
// or the symlink to one); empty when there is none or it cannot be read.
std::string ExportedStateDigest(const std::string& dir);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_
