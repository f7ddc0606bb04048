// Reading one sheet of an .xlsx workbook (Office Open XML) as rows of text
// cells, so agency staff can import the spreadsheet they filled in without
// saving it as CSV first. The workbook is unzipped with minizip and its XML
// parsed with expat, both well-kept Debian libraries.
//
// Cells come back as staff see them: shared and inline strings as text,
// numbers as written ("3", "2.5"), booleans as TRUE/FALSE, and numbers in a
// date format as ISO dates ("2026-03-05", or "2026-03-05 09:30" with a
// time). A cell holding a formula comes back as "=" and the formula, which
// the importer refuses like any formula. Row numbers are the sheet's own,
// so problems point at the row staff see.
#ifndef DISCLOSURE_SHEETS_XLSX_READER_H_
#define DISCLOSURE_SHEETS_XLSX_READER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/csv.h"

namespace disclosure::sheets {

struct XlsxLimits {
  size_t max_file_bytes = 64 << 20;
  // Uncompressed bytes of any one part (a zip bomb stops here).
  size_t max_part_bytes = 256 << 20;
  size_t max_rows = 1'000'000;
  size_t max_columns = 256;
  size_t max_cell_bytes = 64 * 1024;
};

// The names of the workbook's sheets, in order.
absl::StatusOr<std::vector<std::string>> XlsxSheetNames(
    const std::string& path, const XlsxLimits& limits = {});

// The non-empty rows of sheet `sheet` (CsvRow.line is the sheet's row
// number). NotFound naming the sheets there are when there is no such
// sheet; InvalidArgument when the file is not a workbook or is damaged.
absl::StatusOr<std::vector<CsvRow>> ReadXlsxSheet(
    const std::string& path, const std::string& sheet,
    const XlsxLimits& limits = {});

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_XLSX_READER_H_
