// Everything the export holds about one agency, from one state of the hub's
// store (so its tables, bundles and checkpoint always agree):
//
//   bundles/<agency>/<entry key>.bundle   a ProofBundle for every entry of
//                                         the latest accepted snapshot
//   checkpoints/<agency>.note             its cosigned checkpoint
//   history/<agency>.json                 CheckpointHistory (export.proto)
//   evidence/<agency>.json, evidence/<agency>/<n>-held.note, -offered.note
//   logs/<agency>/...                     its log as tlog tiles
//   db/<agency>/..., en/db/<agency>/...   its databases' pages
//   listings/<agency>.txt                 the listing of all the above
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
#include "hub/export/export_report.h"
#include "hub/export/export_tables.h"
#include "hub/export/previous_export.h"
#include "hub/export/site_builder.h"
#include "hub/participation/participation_view.h"
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

// What the export of every agency shares.
struct AgencyExportContext {
  std::string trust_domain;
  // The export folder being written.
  std::string dir;
  // The export before this one (may be null or empty): an agency whose
  // inputs did not change is reused from it, and any file with the same
  // bytes.
  const PreviousExport* previous = nullptr;
  // SiteInputsDigest (agency_inputs.h) of this export.
  std::string site_digest;
  // What the site shows of participation; may be null.
  const ParticipationView* participation = nullptr;
  // Where the agencies' rows are in the previous export's tables; may be
  // null.
  const TableRows* previous_rows = nullptr;
  // Where the agencies' time went; may be null.
  ExportReport* report = nullptr;
};

// Exports `reg` into `ctx.dir`: its files are listed in its own listing,
// listings/<agency>.txt, with the digest of what they were made from
// (agency_inputs.h). When the previous export's listing of the agency has
// the same digest, its files are hard-linked from there instead of written
// (agency_reuse.h), and its rows of the tables are copied from the
// previous export's tables when ctx.previous_rows says where they are
// (table_rows.h); the site's lists get its entries either way. Errors name the
// agency and the file; an export without one of its files would not be
// verifiable, so none is skipped.
absl::StatusOr<AgencyExportResult> ExportAgency(
    const HubStore& store, const disclosure::v1::hub::RegisteredAgency& reg,
    const AgencyExportContext& ctx, ExportTables* tables, SiteBuilder* site,
    ExportListing* listing);

// bundles/<agency>/<key>.bundle.
std::string BundlePath(const std::string& agency_id, const std::string& key);

// Parses the stored entry `bytes` of `key` and adds it to the tables, the
// site (with its pages unless `pages` is kReused) and, for a key rotation,
// to `keys`; `tables` may be null (the agency's rows were copied).
// DataLoss, naming the entry, if it does not parse.
absl::Status AddStoredEntry(const std::string& agency_id,
                            const std::string& key, const std::string& bytes,
                            SiteBuilder::Pages pages, ExportTables* tables,
                            SiteBuilder* site,
                            disclosure::v1::AgencyKeys* keys);

// The result as far as the registry says: the agency's id, log origin and
// pinned keys.
AgencyExportResult AgencyResultBase(
    const disclosure::v1::hub::RegisteredAgency& reg,
    const std::string& trust_domain);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_AGENCY_H_
