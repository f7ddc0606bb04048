// Reading an import's JSON file into a schema message by the rules of the
// spreadsheet import (proto_csv.h), so that a value is accepted in JSON
// exactly when it is accepted in a CSV cell: enums by the names a cell
// takes ("mobile_telecom", "行動電信", "PROVIDER_TYPE_MOBILE_TELECOM"),
// never by number; the same formula guard, dates, booleans and numbers;
// an empty string, like an empty cell, leaves a field unset.
//
//   v1n::UpsertDatabaseEntriesRequest req;
//   DN_RETURN_IF_ERROR(sheets::ParseImportJson(text, &req));
#ifndef DISCLOSURE_SHEETS_PROTO_JSON_H_
#define DISCLOSURE_SHEETS_PROTO_JSON_H_

#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace disclosure::sheets {

// Fills `out` (cleared first) from `json`, an object with the message's
// fields by their proto or JSON names. InvalidArgument naming the field's
// path ("entries[3].rights_channels[0].right") and the reason.
absl::Status ParseImportJson(std::string_view json,
                             google::protobuf::Message* out);

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_PROTO_JSON_H_
