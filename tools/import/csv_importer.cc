#include "tools/import/csv_importer.h"

#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sheets/proto_csv.h"
#include "sheets/xlsx_reader.h"

namespace disclosure::import {
namespace {

using sheets::CheckColumn;
using sheets::SetCell;

namespace v1 = disclosure::v1;
void Problem(ProblemList* out, const std::string& file, size_t line,
             const std::string& column, std::string reason) {
  out->push_back({file, line, column, std::move(reason)});
}

absl::StatusOr<std::string> ReadDecoded(const std::string& path,
                                        const CsvLimits& limits,
                                        std::string* encoding) {
  DN_ASSIGN_OR_RETURN(std::string raw, ReadFile(path, limits.max_bytes));
  return DecodeToUtf8(raw, encoding);
}

// One table of a file: its rows from a CSV file, or from the sheet named
// as the table in a workbook; `label` names it in problems.
struct TableRows {
  std::string label;
  std::string encoding;
  std::string text;                // CSV
  std::vector<CsvRow> sheet_rows;  // .xlsx
  bool xlsx = false;
};

absl::StatusOr<TableRows> ReadTable(const std::string& path,
                                    const TableSpec& spec,
                                    const CsvLimits& limits) {
  TableRows t;
  t.label = path;
  if (IsWorkbook(path)) {
    DN_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                        sheets::ReadXlsxSheet(path, spec.name));
    t.xlsx = true;
    t.sheet_rows = std::move(rows);
    t.label = absl::StrCat(path, " (", spec.name, ")");
    return t;
  }
  DN_ASSIGN_OR_RETURN(std::string text, ReadDecoded(path, limits, &t.encoding));
  t.text = std::move(text);
  return t;
}

void ParseTable(const TableSpec& spec, TableRows& t, const CsvLimits& limits,
                const RowFn& fn, ProblemList* problems,
                const RowFn& rejected = nullptr) {
  if (!t.xlsx) {
    ParseTableText(spec, t.label, t.text, limits, fn, problems, rejected);
    return;
  }
  ParseTableRows(
      spec, t.label,
      [&](const std::function<absl::Status(CsvRow&)>& each) {
        for (CsvRow& row : t.sheet_rows) {
          DN_RETURN_IF_ERROR(each(row));
        }
        return absl::OkStatus();
      },
      fn, problems, rejected);
}

}  // namespace

void ParseTableText(const TableSpec& spec, const std::string& file,
                    const std::string& text, const CsvLimits& limits,
                    const RowFn& fn, ProblemList* problems,
                    const RowFn& rejected) {
  ParseTableRows(
      spec, file,
      [&](const std::function<absl::Status(CsvRow&)>& each) {
        return ForEachCsvRow(text, limits, each);
      },
      fn, problems, rejected);
}

void ParseTableRows(const TableSpec& spec, const std::string& file,
                    const RowSource& rows, const RowFn& fn,
                    ProblemList* problems, const RowFn& rejected) {
  std::vector<std::string> columns;
  bool header_ok = true;
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          spec.row_type);
  absl::Status parse = rows([&](CsvRow& row) -> absl::Status {
    if (columns.empty()) {
      std::set<std::string> seen;
      for (size_t c = 0; c < row.fields.size(); ++c) {
        std::string name(absl::StripAsciiWhitespace(row.fields[c]));
        if (!seen.insert(name).second) {
          Problem(problems, file, row.line, name, _("column appears twice"));
          header_ok = false;
        }
        if (name != spec.side_column) {
          if (absl::Status s = CheckColumn(spec.row_type, name); !s.ok()) {
            Problem(problems, file, row.line, name, std::string(s.message()));
            header_ok = false;
          }
        }
        columns.push_back(name);
      }
      for (const std::string& req : spec.required_columns) {
        if (seen.count(req) == 0) {
          Problem(problems, file, row.line, req,
                  _("required column is missing"));
          header_ok = false;
        }
      }
      if (columns.empty()) columns.push_back("");
      return absl::OkStatus();
    }
    if (!header_ok)
      return absl::OkStatus();  // header problems already say it all
    if (row.fields.size() > columns.size()) {
      Problem(
          problems, file, row.line, "",
          absl::Substitute(_("row has $0 cells but the header has $1 columns"),
                           row.fields.size(), columns.size()));
      return absl::OkStatus();
    }
    if (!row.fields.empty() &&
        absl::StartsWith(absl::StripLeadingAsciiWhitespace(row.fields[0]),
                         sheets::kExampleMarker)) {
      Problem(problems, file, row.line, columns[0],
              _("this is the template's example row: delete it, or write "
                "your own data over it, before importing"));
      return absl::OkStatus();
    }
    std::unique_ptr<google::protobuf::Message> msg(prototype->New());
    std::string key;
    bool row_ok = true;
    for (size_t c = 0; c < row.fields.size(); ++c) {
      if (columns[c] == spec.side_column) {
        key = std::string(absl::StripAsciiWhitespace(row.fields[c]));
        continue;
      }
      if (absl::Status s = SetCell(msg.get(), columns[c], row.fields[c]);
          !s.ok()) {
        Problem(problems, file, row.line, columns[c], std::string(s.message()));
        row_ok = false;
      }
    }
    if (row_ok) {
      fn(*msg, key, row.line);
    } else if (rejected) {
      rejected(*msg, key, row.line);
    }
    return absl::OkStatus();
  });
  if (!parse.ok()) {
    Problem(problems, file, 0, "", std::string(parse.message()));
  } else if (columns.empty()) {
    Problem(problems, file, 0, "", _("file is empty (no header row)"));
  }
}

DatabaseImport ReadDatabaseTables(const TableFile& databases,
                                  const std::vector<TableFile>& children,
                                  const CsvLimits& limits) {
  DatabaseImport out;
  std::map<std::string, size_t> index;  // database_id -> entry index
  // Databases whose row has a bad cell: already reported, so rows of the
  // child tables that name them are not reported again.
  std::set<std::string> rejected_ids;
  std::map<std::string, std::string> labels;  // table -> file label
  const auto read = [&](const TableFile& t, const RowFn& fn,
                        const RowFn& rejected) {
    absl::StatusOr<TableRows> rows = ReadTable(t.path, *t.spec, limits);
    if (!rows.ok()) {
      if (out.read_error.ok()) {
        out.read_error =
            absl::Status(rows.status().code(),
                         absl::StrCat(t.path, ": ", rows.status().message()));
      }
      return;
    }
    if (rows->encoding == "Big5/CP950" ||
        absl::StartsWith(rows->encoding, "UTF-16")) {
      out.notes.push_back(absl::Substitute(_("$0: converted from $1 to UTF-8"),
                                           t.path, rows->encoding));
    }
    labels[t.spec->name] = rows->label;
    ParseTable(*t.spec, *rows, limits, fn, &out.problems, rejected);
  };
  read(
      databases,
      [&](google::protobuf::Message& m, const std::string&, size_t line) {
        auto& e = static_cast<v1::DatabaseEntry&>(m);
        if (!index.emplace(e.database_id(), out.entries.size()).second) {
          Problem(&out.problems, labels["databases"], line, "database_id",
                  absl::Substitute(_("\"$0\" appears on two rows"),
                                   e.database_id()));
          return;
        }
        out.entries.push_back(e);
        out.entry_sources.push_back({labels["databases"], line});
        out.child_sources.emplace_back();
      },
      [&](google::protobuf::Message& m, const std::string&, size_t) {
        rejected_ids.insert(static_cast<v1::DatabaseEntry&>(m).database_id());
      });
  for (const TableFile& child : children) {
    read(
        child,
        [&](google::protobuf::Message& m, const std::string& key, size_t line) {
          if (child.spec->name == "channels" && key == "*") {
            out.default_channels.push_back(static_cast<v1::RightsChannel&>(m));
            return;
          }
          auto it = index.find(key);
          if (it == index.end() && rejected_ids.count(key) > 0) return;
          if (it == index.end()) {
            Problem(&out.problems, labels[child.spec->name], line,
                    "database_id",
                    absl::Substitute(_("\"$0\" is not a database of $1"), key,
                                     labels["databases"]));
            return;
          }
          v1::DatabaseEntry& e = out.entries[it->second];
          const auto* field =
              e.GetDescriptor()->FindFieldByName(child.spec->parent_field);
          e.GetReflection()->AddMessage(&e, field)->CopyFrom(m);
          out.child_sources[it->second][child.spec->parent_field].push_back(
              {labels[child.spec->name], line});
        },
        nullptr);
  }
  return out;
}

absl::StatusOr<v1::AgencyProfile> ReadProfileTable(const std::string& path,
                                                   ProblemList* problems) {
  CsvLimits limits;
  const TableSpec& spec = **FindTable("profile");
  DN_ASSIGN_OR_RETURN(TableRows table, ReadTable(path, spec, limits));
  v1::AgencyProfile profile;
  int rows = 0;
  ParseTable(
      spec, table, limits,
      [&](google::protobuf::Message& m, const std::string&, size_t line) {
        if (++rows > 1) {
          Problem(problems, table.label, line, "",
                  _("the profile has exactly one row"));
          return;
        }
        profile.CopyFrom(m);
      },
      problems);
  if (rows == 0 && problems->empty())
    Problem(problems, table.label, 0, "", _("no profile row"));
  return profile;
}

absl::StatusOr<std::string> ReadTableFile(const std::string& path,
                                          const CsvLimits& limits,
                                          std::string* encoding) {
  return ReadDecoded(path, limits, encoding);
}

void ParseRequestsText(const std::string& path, const std::string& text,
                       const CsvLimits& limits, const RequestFn& fn,
                       ProblemList* problems) {
  ParseTableText(
      **FindTable("requests"), path, text, limits,
      [&](google::protobuf::Message& m, const std::string& reason,
          size_t line) {
        fn(std::move(static_cast<v1::ProviderRequestRecord&>(m)), line, reason);
      },
      problems);
}

void ParseRequestsSheet(const std::string& path, const RequestFn& fn,
                        ProblemList* problems, absl::Status* read_error) {
  const TableSpec& spec = **FindTable("requests");
  absl::StatusOr<TableRows> table = ReadTable(path, spec, CsvLimits());
  if (!table.ok()) {
    *read_error = table.status();
    return;
  }
  ParseTable(
      spec, *table, CsvLimits(),
      [&](google::protobuf::Message& m, const std::string& reason,
          size_t line) {
        fn(std::move(static_cast<v1::ProviderRequestRecord&>(m)), line, reason);
      },
      problems);
}

bool IsWorkbook(const std::string& path) {
  return absl::EndsWithIgnoreCase(path, ".xlsx");
}

absl::StatusOr<std::string> ReadRequestsTable(const std::string& path,
                                              const CsvLimits& limits,
                                              const RequestFn& fn,
                                              ProblemList* problems) {
  std::string encoding;
  DN_ASSIGN_OR_RETURN(std::string text, ReadDecoded(path, limits, &encoding));
  ParseRequestsText(path, text, limits, fn, problems);
  return encoding;
}

}  // namespace disclosure::import
