// CSV writing with a formula guard, and a strict CSV reader (RFC 4180) for the
// spreadsheets agencies keep and for vocabulary files.
//
// Accepts UTF-8 with or without a byte-order mark, and UTF-16 with one
// (a spreadsheet's "Unicode text"), converted; input that is not UTF-8
// but decodes completely as Big5/CP950 is converted (and reported as such);
// anything else is refused with the offset of the first bad byte. Quoted
// fields may hold commas, quotes ("") and newlines; CRLF and LF line ends are
// both accepted. Every problem names its line and column.
//
//   auto table = ParseCsv(bytes, CsvLimits{});
//   for (const CsvRow& row : table->rows) ... row.fields[0] ... row.line ...
#ifndef DISCLOSURE_CORE_CSV_H_
#define DISCLOSURE_CORE_CSV_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

struct CsvLimits {
  size_t max_bytes = 256u << 20;  // whole file
  size_t max_rows = 2'000'000;
  size_t max_fields = 256;  // per row
  size_t max_field_bytes = 64 * 1024;
};

struct CsvRow {
  // 1-based line where the row starts.
  size_t line = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  // The original encoding: "UTF-8", "UTF-8 with BOM", "UTF-16LE",
  // "UTF-16BE" or "Big5/CP950".
  std::string encoding;
  std::vector<CsvRow> rows;
};

// Converts `bytes` to UTF-8 as described above. InvalidArgument when the
// input is none of UTF-8, UTF-16 with a byte-order mark, Big5/CP950; `encoding`
// receives the name.
absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes,
                                         std::string* encoding);

// Parses a whole CSV file. InvalidArgument "line L, column C: reason" on the
// first syntax error (unterminated quote, stray quote, NUL byte, limits);
// blank lines are skipped.
absl::StatusOr<CsvTable> ParseCsv(absl::string_view bytes,
                                  const CsvLimits& limits);

// Like ParseCsv over already-decoded UTF-8 `text`, but hands each row to
// `fn` instead of keeping them (for files of millions of rows). Stops at
// the first error, from the parser or from `fn`.
absl::Status ForEachCsvRow(absl::string_view text, const CsvLimits& limits,
                           const std::function<absl::Status(CsvRow&)>& fn);

// Writing.

// The one formula rule, for every cell read or written (CSV injection):
// a cell is a formula if the cell, or any of its ';'-separated items or
// '|'-separated parts (which a reader may split into columns), starts with
// a tab or carriage return, or, after spaces, with a space other than
// ASCII's (U+00A0, U+3000...), a zero-width character or a byte order mark,
// or with '=', '@', or '+' / '-' followed by anything ("-2+3+cmd|...",
// "+886-2-..."), ASCII or full-width (＝ ＠ ＋ －). A lone "-" is text.
bool LooksLikeFormula(absl::string_view cell);

// `cell` with an apostrophe before every piece (the cell, an item or a
// part, as above) that starts a formula, so spreadsheets show it as text.
std::string NeutralizeFormulas(absl::string_view cell);

// `cell` as a CSV field for files the project writes: formulas
// neutralized, then quoted when it holds a comma, quote or line break.
std::string CsvQuote(const std::string& cell);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_CSV_H_
