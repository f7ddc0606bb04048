// The public tables of the export, written from the entries of each
// agency's latest accepted snapshot (the same bytes its proof bundles
// prove), one entry at a time:
//
//   databases.json   ExportedDatabase per database (export.proto)
//   databases.csv    one row per database; codes as proto value names, with
//                    the names of purposes and categories beside them
//   profiles.json    {agency_id, bundle, profile} per agency
//   statistics.json  ExportedStatistics per agency and period
//   statistics.csv   the disjoint rows of every reported period: summing a
//                    count column over one agency and period gives that
//                    period's signed total (banded rows have empty counts
//                    and are left out of the totals too)
//   statistics-totals.csv  one line per agency and period: status and the
//                    signed totals; "not tracked" has empty count cells
//
// The export's README (export_docs.h) documents every column.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_

#include <string>

#include "absl/status/status.h"
#include "core/vocabulary.h"
#include "disclosure/v1/entry.pb.h"
#include "hub/export/export_file.h"

namespace disclosure::hub {

class ExportTables {
 public:
  // Opens every table in `dir`; `vocab` may be null (codes without names).
  ExportTables(const std::string& dir, const Vocabularies* vocab);

  // Adds one published entry of `agency_id`, proven by the bundle at
  // `bundle_path` (relative to the export root). Rotation statements are
  // not tables (the keys file lists them) and are ignored here.
  void Add(const std::string& agency_id,
           const disclosure::v1::DisclosureEntry& entry,
           const std::string& bundle_path);

  // Ends and closes every table, recording them in `listing`.
  absl::Status Close(ExportListing* listing);

 private:
  void AddDatabase(const std::string& agency_id,
                   const disclosure::v1::DatabaseEntry& db,
                   const std::string& bundle_path);
  void AddStatistics(const std::string& agency_id,
                     const disclosure::v1::RequestStatistics& s,
                     const std::string& bundle_path);

  const Vocabularies* vocab_;
  ExportFile databases_json_, databases_csv_, profiles_json_;
  ExportFile statistics_json_, statistics_csv_, totals_csv_;
  JsonArrayWriter databases_, profiles_, statistics_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_
