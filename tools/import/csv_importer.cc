#include "tools/import/csv_importer.h"

#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sheets/proto_csv.h"

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
  absl::StatusOr<std::string> raw = ReadFile(path, limits.max_bytes);
  if (!raw.ok()) return raw.status();
  return DecodeToUtf8(*raw, encoding);
}

}  // namespace

void ParseTableText(const TableSpec& spec, const std::string& file,
                    const std::string& text, const CsvLimits& limits,
                    const RowFn& fn, ProblemList* problems,
                    const RowFn& rejected) {
  std::vector<std::string> columns;
  bool header_ok = true;
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          spec.row_type);
  absl::Status parse =
      ForEachCsvRow(text, limits, [&](CsvRow& row) -> absl::Status {
        if (columns.empty()) {
          std::set<std::string> seen;
          for (size_t c = 0; c < row.fields.size(); ++c) {
            std::string name(absl::StripAsciiWhitespace(row.fields[c]));
            if (!seen.insert(name).second) {
              Problem(problems, file, row.line, name, "column appears twice");
              header_ok = false;
            }
            if (name != spec.side_column) {
              if (absl::Status s = CheckColumn(spec.row_type, name); !s.ok()) {
                Problem(problems, file, row.line, name,
                        std::string(s.message()));
                header_ok = false;
              }
            }
            columns.push_back(name);
          }
          for (const std::string& req : spec.required_columns) {
            if (seen.count(req) == 0) {
              Problem(problems, file, row.line, req,
                      "required column is missing");
              header_ok = false;
            }
          }
          if (columns.empty()) columns.push_back("");
          return absl::OkStatus();
        }
        if (!header_ok)
          return absl::OkStatus();  // header problems already say it all
        if (row.fields.size() > columns.size()) {
          Problem(problems, file, row.line, "",
                  absl::StrCat("row has ", row.fields.size(),
                               " cells but the header has ", columns.size(),
                               " columns"));
          return absl::OkStatus();
        }
        if (!row.fields.empty() &&
            absl::StartsWith(absl::StripLeadingAsciiWhitespace(row.fields[0]),
                             sheets::kExampleMarker)) {
          Problem(problems, file, row.line, columns[0],
                  "this is the template's example row: delete it, or write "
                  "your own data over it, before importing");
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
            Problem(problems, file, row.line, columns[c],
                    std::string(s.message()));
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
    Problem(problems, file, 0, "", "file is empty (no header row)");
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
  const auto read = [&](const TableFile& t, const RowFn& fn,
                        const RowFn& rejected) {
    std::string encoding;
    absl::StatusOr<std::string> text = ReadDecoded(t.path, limits, &encoding);
    if (!text.ok()) {
      if (out.read_error.ok()) {
        out.read_error =
            absl::Status(text.status().code(),
                         absl::StrCat(t.path, ": ", text.status().message()));
      }
      return;
    }
    if (encoding == "Big5/CP950" || absl::StartsWith(encoding, "UTF-16")) {
      out.notes.push_back(
          absl::StrCat(t.path, ": converted from ", encoding, " to UTF-8"));
    }
    ParseTableText(*t.spec, t.path, *text, limits, fn, &out.problems, rejected);
  };
  read(
      databases,
      [&](google::protobuf::Message& m, const std::string&, size_t line) {
        auto& e = static_cast<v1::DatabaseEntry&>(m);
        if (!index.emplace(e.database_id(), out.entries.size()).second) {
          Problem(
              &out.problems, databases.path, line, "database_id",
              absl::StrCat("\"", e.database_id(), "\" appears on two rows"));
          return;
        }
        out.entries.push_back(e);
        out.entry_sources.push_back({databases.path, line});
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
            Problem(&out.problems, child.path, line, "database_id",
                    absl::StrCat("\"", key, "\" is not a database of ",
                                 databases.path));
            return;
          }
          v1::DatabaseEntry& e = out.entries[it->second];
          const auto* field =
              e.GetDescriptor()->FindFieldByName(child.spec->parent_field);
          e.GetReflection()->AddMessage(&e, field)->CopyFrom(m);
          out.child_sources[it->second][child.spec->parent_field].push_back(
              {child.path, line});
        },
        nullptr);
  }
  return out;
}

absl::StatusOr<v1::AgencyProfile> ReadProfileTable(const std::string& path,
                                                   ProblemList* problems) {
  CsvLimits limits;
  std::string encoding;
  absl::StatusOr<std::string> text = ReadDecoded(path, limits, &encoding);
  if (!text.ok()) return text.status();
  v1::AgencyProfile profile;
  int rows = 0;
  ParseTableText(
      **FindTable("profile"), path, *text, limits,
      [&](google::protobuf::Message& m, const std::string&, size_t line) {
        if (++rows > 1) {
          Problem(problems, path, line, "", "the profile has exactly one row");
          return;
        }
        profile.CopyFrom(m);
      },
      problems);
  if (rows == 0 && problems->empty())
    Problem(problems, path, 0, "", "no profile row");
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
        fn(std::move(static_cast<v1::ProviderRequestRecord&>(m)), line,
           reason);
      },
      problems);
}

absl::StatusOr<std::string> ReadRequestsTable(const std::string& path,
                                              const CsvLimits& limits,
                                              const RequestFn& fn,
                                              ProblemList* problems) {
  std::string encoding;
  absl::StatusOr<std::string> text = ReadDecoded(path, limits, &encoding);
  if (!text.ok()) return text.status();
  ParseRequestsText(path, *text, limits, fn, problems);
  return encoding;
}

}  // namespace disclosure::import
