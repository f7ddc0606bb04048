// Where each agency's rows lie in the national tables of one export
// (export_tables.h), so that the next export copies an unchanged agency's
// rows from that export's files instead of rendering them again: rendering
// a database as JSON is most of what an unchanged agency costs an export
// (about 80 µs a database, against well under 1 µs to copy its bytes).
//
// The hub keeps the row ranges of its last export in memory. They are used
// only for the export folder they were recorded in, only for an agency
// whose inputs digest (agency_inputs.h) is the one recorded with them, and
// only while each table there still has the size it was written with (the
// same cheap check as for hard-linked files; `disclosurectl verify export`
// checks every byte). After a restart the first export renders every row.
#ifndef DISCLOSURE_HUB_EXPORT_TABLE_ROWS_H_
#define DISCLOSURE_HUB_EXPORT_TABLE_ROWS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace disclosure::hub {

// The national tables, in the order ExportTables opens them.
enum class Table {
  kDatabasesJson,
  kDatabasesCsv,
  kProfilesJson,
  kStatisticsJson,
  kStatisticsCsv,
  kTotalsCsv,
};
inline constexpr int kTableCount = 6;
// The file name of `t` in the export.
const char* TableFileName(Table t);
// Whether `t` is a JSON array (rows joined by ",\n") rather than CSV lines.
bool IsJsonTable(Table t);

// Bytes [begin, end) of a table file; empty when begin == end. For a JSON
// array the range starts at the agency's first element (after the
// separator before it) and ends after its last.
struct RowRange {
  uint64_t begin = 0;
  uint64_t end = 0;
  bool empty() const { return begin == end; }
};

struct AgencyRows {
  // The agency's inputs digest when its rows were written.
  std::string inputs;
  std::array<RowRange, kTableCount> ranges;
};

struct TableRows {
  // The export folder the rows were written in (absolute, normalised);
  // empty: nothing recorded.
  std::string export_dir;
  // Each table's size when closed.
  std::array<uint64_t, kTableCount> sizes = {};
  std::map<std::string, AgencyRows> agencies;

  // The agency's rows, when they were recorded in `export_dir` (compared
  // normalised) with these `inputs`; null otherwise.
  const AgencyRows* Find(const std::string& export_dir,
                         const std::string& agency_id,
                         const std::string& inputs) const;
};

// `dir` absolute and lexically normal, for comparing folders.
std::string NormalExportDir(const std::string& dir);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_TABLE_ROWS_H_
