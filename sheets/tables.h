// The spreadsheet layouts agencies fill in: which columns each file has and
// which proto message a row becomes.
//
//   databases.csv   one row per database (DatabaseEntry)
//   uses.csv        one row per out-of-purpose use, keyed by database_id
//   linkages.csv    one row per linkage, keyed by database_id
//   channels.csv    one row per rights channel, keyed by database_id
//                   ("*" for the agency's default channels)
//   withholding.csv one row per withheld field of a database (format 2),
//                   keyed by database_id; uses and linkages are withheld
//                   in their own rows' withheld.* columns
//   profile.csv     the agency profile, one row
//   requests.csv    one row per provider request letter (raw; node only);
//                   a row with a correction_reason corrects a stored one
#ifndef DISCLOSURE_SHEETS_TABLES_H_
#define DISCLOSURE_SHEETS_TABLES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"

namespace disclosure::sheets {

struct TableSpec {
  std::string name;  // "databases", "uses", ...
  const google::protobuf::Descriptor* row_type;
  // For child tables: the field of DatabaseEntry the rows are added to.
  std::string parent_field;
  // Columns in template order. Child tables start with "database_id".
  std::vector<std::string> columns;
  // Columns every file of this table must have.
  std::vector<std::string> required_columns;
  // A column that is not a field of row_type; its cell goes beside the row
  // (child tables: "database_id", the parent; requests: "correction_reason").
  std::string side_column;
};

// The first cell of a template's example row starts with this; the
// importer refuses such rows, so an example is never imported as data.
inline constexpr char kExampleMarker[] = "範例 EXAMPLE ";

// The spec named `name`; NotFound listing the names otherwise.
absl::StatusOr<const TableSpec*> FindTable(const std::string& name);
const std::vector<TableSpec>& AllTables();

// The example row of a template, cell by cell (synthetic sample data; the
// first cell marked with kExampleMarker), for the CSV and .xlsx templates.
std::vector<std::string> ExampleRow(const TableSpec& spec);

// A CSV template: the header row and one filled-in example row (synthetic
// sample data, first cell marked with kExampleMarker), UTF-8 with a
// byte-order mark so spreadsheets open it right.
std::string CsvTemplate(const TableSpec& spec);

// A JSON template for `name` ("databases", "profile", "requests").
absl::StatusOr<std::string> JsonTemplate(const std::string& name);

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_TABLES_H_
