// The .xlsx template agency staff fill in: one sheet per table (named as
// the table, so the importer finds it), a header row whose cells carry a
// note saying what to write (in Chinese and English), drop-down lists of
// the allowed codes with their Chinese names, and one example row (grey,
// its first cell marked with kExampleMarker, so it is never imported).
#ifndef DISCLOSURE_SHEETS_XLSX_TEMPLATE_H_
#define DISCLOSURE_SHEETS_XLSX_TEMPLATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sheets/tables.h"

namespace disclosure::sheets {

// Rows below the header that get drop-down lists.
inline constexpr int kTemplateRows = 5000;

// Writes a workbook with a sheet for each of `tables` to `path` (replacing
// a file there). The drop-down choices live on a hidden sheet "choices".
absl::Status WriteXlsxTemplate(const std::string& path,
                               const std::vector<const TableSpec*>& tables);

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_XLSX_TEMPLATE_H_
