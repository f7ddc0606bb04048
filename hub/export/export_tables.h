// The public tables of the export, written from the entries of each
// agency's latest accepted snapshot (the same bytes its proof bundles
// prove), one entry at a time:
//
//   databases.json   ExportedDatabase per database (export.proto)
//   databases.csv    one row per database; codes as proto value names, with
//                    the names of purposes and categories beside them
//   profiles.json    {agency_id, bundle, profile} per agency
//   statistics.json  ExportedStatistics per agency and period
//   statistics.csv   the disjoint rows of every reported period: summing a
//                    count column over one agency and period gives that
//                    period's signed total (banded rows have empty counts
//                    and are left out of the totals too)
//   statistics-totals.csv  one line per agency and period: status and the
//                    signed totals; "not tracked" has empty count cells
//
// The export's README (export_docs.h) documents every column.
//
// Each agency's rows are contiguous; their byte ranges are recorded so
// that the next export can copy an unchanged agency's rows rather than
// render them (table_rows.h).
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_

#include <array>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/vocabulary.h"
#include "disclosure/v1/entry.pb.h"
#include "hub/export/export_file.h"
#include "hub/export/table_rows.h"

namespace disclosure::hub {

class ExportTables {
 public:
  // Opens every table in `dir`; `vocab` may be null (codes without names).
  ExportTables(const std::string& dir, const Vocabularies* vocab);
  ~ExportTables();
  ExportTables(const ExportTables&) = delete;
  ExportTables& operator=(const ExportTables&) = delete;

  // Rows added or copied from now until EndAgency are `agency_id`'s: their
  // byte ranges are recorded with `inputs` (TakeRows).
  void BeginAgency(const std::string& agency_id);
  void EndAgency(const std::string& inputs);

  // Adds one published entry of `agency_id`, proven by the bundle at
  // `bundle_path` (relative to the export root). Rotation statements are
  // not tables (the keys file lists them) and are ignored here.
  void Add(const std::string& agency_id,
           const disclosure::v1::DisclosureEntry& entry,
           const std::string& bundle_path);

  // In place of Add for each of the open agency's entries: copies its rows
  // `rows` from the tables of the export `previous` was recorded in
  // (table_rows.h). False, having written nothing, when those tables are
  // gone or no longer have the sizes recorded: the caller adds the entries
  // instead. An error when one cannot be read part way.
  absl::StatusOr<bool> CopyAgency(const TableRows& previous,
                                  const AgencyRows& rows);

  // Ends and closes every table, recording them in `listing`.
  absl::Status Close(ExportListing* listing);
  // After Close: where each agency's rows are (export_dir left empty: the
  // caller knows the folder's final name).
  TableRows TakeRows() { return std::move(rows_); }

 private:
  ExportFile& file(Table t) { return *files_[static_cast<int>(t)]; }
  // One row of `t`: the JSON separator, `row`, and the open agency's range.
  void Put(Table t, absl::string_view row);
  void BeginRow(Table t);
  void EndRow(Table t);
  // Opens the previous export's tables once; false when they are unusable.
  bool OpenPrevious(const TableRows& previous);
  absl::Status CopyRange(Table t, const RowRange& range);
  void AddDatabase(const std::string& agency_id,
                   const disclosure::v1::DatabaseEntry& db,
                   const std::string& bundle_path);
  void AddStatistics(const std::string& agency_id,
                     const disclosure::v1::RequestStatistics& s,
                     const std::string& bundle_path);

  const Vocabularies* vocab_;
  std::array<std::unique_ptr<ExportFile>, kTableCount> files_;
  // The JSON tables' arrays (null for a CSV table).
  std::array<std::unique_ptr<JsonArrayWriter>, kTableCount> arrays_;
  TableRows rows_;
  // The open agency (empty: none), and which of its ranges have begun.
  std::string agency_;
  AgencyRows agency_rows_;
  std::array<bool, kTableCount> begun_ = {};
  // The previous export's tables, opened by the first CopyAgency.
  enum class Previous { kUnopened, kOpen, kUnusable };
  Previous previous_state_ = Previous::kUnopened;
  std::array<int, kTableCount> previous_fds_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_TABLES_H_
