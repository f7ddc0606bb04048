// The export's participation files (hub/participation): participation.csv,
// the counts per agency and entry; consultations.csv, every consultation
// round with what became of its opinions; and keys/hub-participation.vkey,
// the key receipts are signed with. Nothing of a submission's text or
// contact.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_PARTICIPATION_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_PARTICIPATION_H_

#include <string>

#include "absl/status/status.h"
#include "hub/export/export_file.h"
#include "hub/participation/participation_view.h"

namespace disclosure::hub {

absl::Status WriteParticipation(const ParticipationView& view,
                                const std::string& dir, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_PARTICIPATION_H_
