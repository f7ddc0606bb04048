#include "hub/export/export_participation.h"

#include "absl/strings/str_cat.h"
#include "core/csv.h"
#include "format/status_macros.h"

namespace disclosure::hub {

absl::Status WriteParticipation(const ParticipationView& view,
                                const std::string& dir,
                                ExportListing* listing) {
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "keys/hub-participation.vkey",
                                     view.receipt_vkey + "\n", listing));
  std::string csv =
      "agency_id,concerns,received,answered_in_time,answered_late,waiting,"
      "overdue\n";
  for (const auto& [agency_id, a] : view.agencies) {
    for (const auto& [key, c] : a.by_entry) {
      absl::StrAppend(&csv, CsvQuote(agency_id), ",", CsvQuote(key), ",",
                      c.received, ",", c.answered_in_time, ",", c.answered_late,
                      ",", c.open, ",", c.overdue, "\n");
    }
  }
  return WriteExportFile(dir, "participation.csv", csv, listing);
}

}  // namespace disclosure::hub
