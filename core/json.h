// The one JSON form of schema messages that the project prints (exports,
// `--json` output, JSON templates): proto field names as in the .proto
// files, fields with default values printed (so `"met": false` and `0`
// counts are visible), enums by name.
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

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_JSON_H_
