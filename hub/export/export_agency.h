// Everything the export holds about one agency, from one state of the hub's
// store (so its tables, bundles and checkpoint always agree):
//
//   bundles/<agency>/<entry key>.bundle   a ProofBundle for every entry of
//                                         the latest accepted snapshot
//   checkpoints/<agency>.note             its cosigned checkpoint
//   history/<agency>.json                 CheckpointHistory (export.proto)
//   evidence/<agency>.json, evidence/<agency>/<n>-held.note, -offered.note
//
// and its rows of the tables (export_tables.h), its pages and publications
// on the site (site_builder.h), and its keys (keys.json).
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_AGENCY_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_AGENCY_H_

#include <string>

#include "absl/status/status.h"
#include "disclosure/v1/export.pb.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "hub/export/export_file.h"
#include "hub/export/export_tables.h"
#include "hub/export/site_builder.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

struct AgencyExportResult {
  // The agency's keys, for keys/keys.json.
  disclosure::v1::AgencyKeys keys;
  // Tree size of the exported checkpoint; 0 when the hub holds none.
  uint64_t tree_size = 0;
  // Whether evidence/<agency>.json was written (the hub holds evidence of
  // the agency's misbehaviour).
  bool has_evidence = false;
};

// Exports `reg` into `dir`. Errors name the agency and the file; an export
// without one of its files would not be verifiable, so none is skipped.
// `previous_dir`: the export before this one ("" if none), whose full log
// tiles are reused (export_tiles.h).
absl::StatusOr<AgencyExportResult> ExportAgency(
    const HubStore& store, const disclosure::v1::hub::RegisteredAgency& reg,
    const std::string& trust_domain, const std::string& dir,
    const std::string& previous_dir, ExportTables* tables, SiteBuilder* site,
    ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_AGENCY_H_
