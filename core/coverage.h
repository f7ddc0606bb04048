// What a database entry must say to count as a complete disclosure: the
// items PDPA Art. 17 lists, the rights channels and opt-out, the review
// schedule, and who attested it and where it is published. One list, used
// by the hub's coverage report and by the import's warnings, so agency IT
// hears at import what the hub will later call missing.
#ifndef DISCLOSURE_CORE_COVERAGE_H_
#define DISCLOSURE_CORE_COVERAGE_H_

#include <string>
#include <vector>

#include "disclosure/v1/database.pb.h"

namespace disclosure {

// One missing item: its name in the coverage report, and the spreadsheet
// column (of the databases or uses table) where it is filled in.
struct MissingItem {
  std::string name;    // "attested_by", "out_of_purpose_uses.u1", ...
  std::string column;  // "attested_by.name", "approval_body", ...
};

// The items `entry` lacks, in a fixed order; empty when complete.
std::vector<MissingItem> MissingDisclosureItems(
    const disclosure::v1::DatabaseEntry& entry);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_COVERAGE_H_
