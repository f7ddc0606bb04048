// The public form of signed entries in the export's tables: the signed
// message less every number that would read as a count but is none, and
// the ranges a reader may conclude. One implementation, used by the hub's
// export to write databases.json and statistics.json and by the verifier to
// check them against the entries their bundles prove.
//
//   statistics.json   a banded row has no `counts`; with banded rows the
//                     signed `totals` (published rows only) move to
//                     `published_rows_totals`; a period not tracked has no
//                     `totals`; `total_requests` is the range of the
//                     period's requests, `banded_rows` their number.
//   databases.json    an `approx_subjects` of 0 with no date is left out.
//
// Printing then leaves out the primitive zeros that stand for "not known"
// (PrintedWithoutUnknowns): `subjects_notified` of 0 and a withheld
// `record_count`. Parsed back, they read as the 0 that was signed.
#ifndef DISCLOSURE_CORE_PUBLIC_FORM_H_
#define DISCLOSURE_CORE_PUBLIC_FORM_H_

#include <string>

#include "disclosure/v1/export.pb.h"

namespace disclosure {

disclosure::v1::ExportedStatistics PublicStatistics(
    const std::string& agency_id,
    const disclosure::v1::RequestStatistics& signed_stats,
    const std::string& bundle_path);

disclosure::v1::ExportedDatabase PublicDatabase(
    const std::string& agency_id, const disclosure::v1::DatabaseEntry& db,
    const std::string& bundle_path);

// `s` as one line of JSON (core/json.h's form) without the zeros that
// stand for "not known".
std::string PrintedWithoutUnknowns(const disclosure::v1::ExportedStatistics& s);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_PUBLIC_FORM_H_
