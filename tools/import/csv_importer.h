// Reads the agency spreadsheets (see tables.h) into proto messages,
// collecting every problem with its file, line and column instead of
// stopping at the first. Nothing is sent anywhere from here.
#ifndef DISCLOSURE_TOOLS_IMPORT_CSV_IMPORTER_H_
#define DISCLOSURE_TOOLS_IMPORT_CSV_IMPORTER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/csv.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/request.pb.h"
#include "sheets/tables.h"

namespace disclosure::import {

// The spreadsheet layouts (sheets/) this importer reads.
using sheets::FindTable;
using sheets::TableSpec;

struct ImportProblem {
  std::string file;
  size_t line = 0;     // 1-based; 0 when not tied to a line
  std::string column;  // column name, or "" for the row/file
  std::string reason;
};

// Every problem of an import, counted; the first kMaxKept are kept with
// their location (a file can hold a million bad cells), so a report can say
// how many there are in all.
class ProblemList {
 public:
  static constexpr size_t kMaxKept = 1000;

  void push_back(ImportProblem p) {
    if (kept_.size() < kMaxKept) kept_.push_back(std::move(p));
    ++total_;
  }
  // Problems found, kept or not.
  size_t size() const { return total_; }
  bool empty() const { return total_ == 0; }
  // The kept ones, in the order found.
  const std::vector<ImportProblem>& kept() const { return kept_; }
  const ImportProblem& operator[](size_t i) const { return kept_[i]; }
  std::vector<ImportProblem>::const_iterator begin() const {
    return kept_.begin();
  }
  std::vector<ImportProblem>::const_iterator end() const { return kept_.end(); }

 private:
  std::vector<ImportProblem> kept_;
  size_t total_ = 0;
};

// Where a message came from.
struct Source {
  std::string file;
  size_t line = 0;
};

struct TableFile {
  const TableSpec* spec;
  std::string path;
};

struct DatabaseImport {
  std::vector<disclosure::v1::DatabaseEntry> entries;
  std::vector<Source> entry_sources;
  // entry index -> parent field ("out_of_purpose_uses", ...) -> row sources
  std::vector<std::map<std::string, std::vector<Source>>> child_sources;
  // Channels whose database_id is "*": the agency's defaults.
  std::vector<disclosure::v1::RightsChannel> default_channels;
  ProblemList problems;
  std::vector<std::string> notes;  // e.g. encodings converted
  // The first file that could not be read at all (missing, unreadable, too
  // large, not a text encoding read here): the import cannot run.
  absl::Status read_error;
};

// Reads a databases table and its child tables (CSV files, or sheets of a
// workbook). Rows of a child table must
// name a database of the databases table (or "*" for channels).
DatabaseImport ReadDatabaseTables(const TableFile& databases,
                                  const std::vector<TableFile>& children,
                                  const CsvLimits& limits);

// Reads the one-row profile table.
absl::StatusOr<disclosure::v1::AgencyProfile> ReadProfileTable(
    const std::string& path, ProblemList* problems);

// Reads a table file once and decodes it to UTF-8 (Big5/CP950 converted);
// `encoding` receives the original encoding's name.
absl::StatusOr<std::string> ReadTableFile(const std::string& path,
                                          const CsvLimits& limits,
                                          std::string* encoding);

// Receives one well-formed request row: the record, its line, and its
// correction reason ("" unless the row corrects a stored record).
using RequestFn =
    std::function<void(disclosure::v1::ProviderRequestRecord&&, size_t line,
                       const std::string& correction_reason)>;

// Like ReadRequestsTable over text already read with ReadTableFile, so a
// caller can check a file and then send exactly what it checked.
void ParseRequestsText(const std::string& path, const std::string& text,
                       const CsvLimits& limits, const RequestFn& fn,
                       ProblemList* problems);

// True for a workbook (.xlsx): its tables are the sheets named as the
// tables ("databases", "uses", ...), and problems name the file and sheet.
bool IsWorkbook(const std::string& path);

// Reads the "requests" sheet of the workbook `path` like ParseRequestsText;
// a workbook that cannot be read sets `read_error`.
void ParseRequestsSheet(const std::string& path, const RequestFn& fn,
                        ProblemList* problems, absl::Status* read_error);

// Streams the requests table: `fn` receives every well-formed record;
// rows with problems are reported and not passed on. Returns the file's
// encoding, or an error if the file cannot be read at all.
absl::StatusOr<std::string> ReadRequestsTable(const std::string& path,
                                              const CsvLimits& limits,
                                              const RequestFn& fn,
                                              ProblemList* problems);

// Parses one table's text (decoded UTF-8) row by row into messages of the
// spec's type, handing each well-formed row to `fn`; every problem (syntax,
// header, cell) goes to `problems`. A row with a bad cell goes, with the
// cells that were good, to `rejected` when given (so that rows of other
// tables naming it are not reported too). Exposed for the fuzzer and tests.
using RowFn = std::function<void(google::protobuf::Message& row,
                                 const std::string& key, size_t line)>;
void ParseTableText(const TableSpec& spec, const std::string& file,
                    const std::string& text, const CsvLimits& limits,
                    const RowFn& fn, ProblemList* problems,
                    const RowFn& rejected = nullptr);

// Like ParseTableText over rows from any source (a CSV text, a sheet):
// `rows` calls its argument on every row, in order, until it fails.
using RowSource =
    std::function<absl::Status(const std::function<absl::Status(CsvRow&)>&)>;
void ParseTableRows(const TableSpec& spec, const std::string& file,
                    const RowSource& rows, const RowFn& fn,
                    ProblemList* problems, const RowFn& rejected = nullptr);

}  // namespace disclosure::import

#endif  // DISCLOSURE_TOOLS_IMPORT_CSV_IMPORTER_H_
