// Reusing an agency's files from the previous export, when what they were
// made from did not change (agency_inputs.h): every file its previous
// listing names, and the listing itself, is hard-linked into the new export
// (same inode: same bytes and modification time). Its rows of the tables
// are copied from the previous export's tables when the hub knows where
// they are (table_rows.h); what else other files need of the agency (the
// site's lists and feeds, its keys, rows it could not copy) is read from
// the hub's store as for a full export, without building a proof or
// rendering a page.
#ifndef DISCLOSURE_HUB_EXPORT_AGENCY_REUSE_H_
#define DISCLOSURE_HUB_EXPORT_AGENCY_REUSE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "format/export_listing.h"
#include "hub/export/export_agency.h"

namespace disclosure::hub {

// The agency `reg` reused from `held`, its listing in the previous export;
// nullopt when a file of the previous export could not be linked (it is
// gone, or another file system): whatever was linked is removed again and
// the agency must be written in full.
absl::StatusOr<std::optional<AgencyExportResult>> ReuseAgency(
    const HubStore& store, const disclosure::v1::hub::RegisteredAgency& reg,
    const AgencyExportContext& ctx, const AgencyListing& held,
    ExportTables* tables, SiteBuilder* site, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_AGENCY_REUSE_H_
