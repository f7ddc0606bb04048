// What a database entry must say to count as a complete disclosure: the
// items PDPA Art. 17 lists; for each of the five rights of PDPA Art. 3 a
// channel with its deadline and its fee; a contact a person can reach; the
// opt-out, review schedule, attestation and publication; and no field
// holding a placeholder. One rule, used by the hub's coverage report and by
// the import's warnings, so agency IT hears at import what the hub will
// later call missing.
//
// A right the agency may refuse by law still needs its channel, with the
// law in `refusal_grounds`: Art. 3 rights cannot be waived in advance
// (Art. 3, last sentence), so "does not apply" is a decision on a request,
// not an absence of the channel.
#ifndef DISCLOSURE_CORE_COVERAGE_H_
#define DISCLOSURE_CORE_COVERAGE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "disclosure/v1/database.pb.h"

namespace disclosure {

// One missing item: its name in the coverage report, and the spreadsheet
// column (of the databases, channels or uses table) where it is filled in.
//
//   name                               meaning
//   "file_name", "contact", ...        the field is empty
//   "contact.reachable"                no phone or e-mail to reach the unit
//   "rights.copy"                      no channel for that Art. 3 right
//   "rights.copy.fee"                  its channels state no fee ("免費" is
//                                      a statement)
//   "placeholder:contact.phone"        the field holds a placeholder
//   "out_of_purpose_uses.u1"           the use lacks approval or ground
struct MissingItem {
  std::string name;
  std::string column;
};

// The items `entry` lacks, in a fixed order; empty when complete. A field
// or use that is withheld (format/withholding.h) is not missing.
// `agency_defaults` (the agency profile's default channels, which apply to
// every database) may be null.
std::vector<MissingItem> MissingDisclosureItems(
    const disclosure::v1::DatabaseEntry& entry,
    const google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>*
        agency_defaults = nullptr);

// The placeholder `text` holds, or "" if none: a marker such as 待確認,
// 待查證, 待補, （範例）, TBD or TODO; a phone number whose digits after the
// area code are all one digit (02-0000-0000); or an address at a name
// reserved for examples (example.com, *.example, *.test, *.invalid).
std::string PlaceholderIn(absl::string_view text);

// The short name of an Art. 3 right in coverage item names ("query_view",
// "copy", "correct", "stop", "delete"); "" for other values.
std::string RightItemName(disclosure::v1::DataSubjectRight right);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_COVERAGE_H_
