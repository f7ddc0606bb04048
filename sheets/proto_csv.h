// Maps spreadsheet cells to proto fields and back, driven by the schema's
// descriptors so templates and importers can never drift from proto/.
//
// A column names a field path: "file_name.zh_tw", "contact.email",
// "collection_ground". Cell syntax by field type:
//   string / number / bool   as written ("true"/"false", "是"/"否" for bool)
//   enum                     its value name without the enum's prefix, in any
//                            case, or any unambiguous prefix of it:
//                            "art16_5" for LEGAL_GROUND_ART16_5_STATISTICS_...
//   date (a string field the  any form of core/staff_date.h (2026/3/5,
//   schema calls a date)     115/3/5, 民國115年3月5日, ...), stored as
//                            "YYYY-MM-DD"
//   Timestamp                RFC 3339, "YYYY-MM-DD HH:MM[:SS]" or with
//                            slashes, in Asia/Taipei time; or a date alone
//                            in any form above (midnight)
//   repeated scalar / enum   items separated by ";"
//   repeated small message   items separated by ";", each item's fields in
//                            declaration order separated by "|", e.g. a
//                            LegalReference list "全民健康保險法|第79條;..."
// Cells that look like spreadsheet formulas (starting with "=", "@", or "+"
// or "-" followed by something other than a digit) are refused.
#ifndef DISCLOSURE_SHEETS_PROTO_CSV_H_
#define DISCLOSURE_SHEETS_PROTO_CSV_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace disclosure::sheets {

// Checks that `path` names a settable field of `type` (a scalar, enum,
// Timestamp, or repeated of those / of small messages). InvalidArgument
// naming the path otherwise.
absl::Status CheckColumn(const google::protobuf::Descriptor* type,
                         const std::string& path);

// Sets the field at `path` of `msg` from `cell`. An empty cell leaves the
// field unset. InvalidArgument with a reason a spreadsheet user can act on.
absl::Status SetCell(google::protobuf::Message* msg, const std::string& path,
                     const std::string& cell);

// Sets (or, repeated, adds one value to) the scalar field `f` of `msg`
// from one cell's text, by the same rules as SetCell: the one reading of a
// value shared by CSV, workbook and JSON import. `f` is a scalar, an enum
// or a Timestamp.
absl::Status SetFieldCell(google::protobuf::Message* msg,
                          const google::protobuf::FieldDescriptor* f,
                          const std::string& cell);

// How GetCell writes enum values: the short lower-case form agency staff
// type ("mobile_telecom", what SetCell reads), or the proto value name
// ("PROVIDER_TYPE_MOBILE_TELECOM", the one spelling of the public export).
enum class EnumSpelling { kImport, kProtoName };

// The cell text of the field at `path` of `msg` (inverse of SetCell with
// kImport spelling).
std::string GetCell(const google::protobuf::Message& msg,
                    const std::string& path,
                    EnumSpelling spelling = EnumSpelling::kImport);

// The short names an enum accepts, for help texts: "a, b, c".
std::string EnumChoices(const google::protobuf::EnumDescriptor* e);

// The enum a column of `type` takes, or null when it takes no code.
const google::protobuf::EnumDescriptor* ColumnEnum(
    const google::protobuf::Descriptor* type, const std::string& path);

// Whether a column of `type` holds several values (separated by ';').
bool ColumnIsList(const google::protobuf::Descriptor* type,
                  const std::string& path);

// What to write in a column of `type`, in Chinese and English (the note
// on a template's header cell).
std::string ColumnHint(const google::protobuf::Descriptor* type,
                       const std::string& path);

// One value as a drop-down offers it: its spelling and its Chinese name
// ("mobile_telecom 行動電信"); cells accept this form, the spelling, or
// the Chinese name alone.
std::string EnumChoice(const google::protobuf::EnumValueDescriptor* v);
// Every value but "unspecified", as EnumChoice gives it.
std::vector<std::string> EnumChoiceList(
    const google::protobuf::EnumDescriptor* e);

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_PROTO_CSV_H_
