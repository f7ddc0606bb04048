// The JSON forms of schema messages that the project prints (exports,
// `--json` output, JSON templates): proto field names as in the .proto
// files, enums by name; ToJson prints fields with default values (so
// `"met": false` and `0` counts are visible), ToJsonStated leaves them out.
//
//   std::string s = ToJson(summary);              // one line
//   std::string t = ToJson(profile, /*pretty=*/true);
#ifndef DISCLOSURE_CORE_JSON_H_
#define DISCLOSURE_CORE_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace disclosure {

// `m` as JSON. Printing can fail only for an Any field whose type is not
// linked in; the schema has none, so a failure is a programming error and
// aborts rather than printing a partial document.
std::string ToJson(const google::protobuf::Message& m, bool pretty = false);

// `m` as JSON with every field left at its default ("", 0, false, an unset
// enum) left out, as proto3's JSON mapping does by default: for the export's
// entry tables, where an empty field means "not stated" and must not be
// printed as a value. A reader restores the defaults by parsing.
std::string ToJsonStated(const google::protobuf::Message& m);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_JSON_H_
