#include "hub/export/table_rows.h"

#include <filesystem>

namespace disclosure::hub {

const char* TableFileName(Table t) {
  switch (t) {
    case Table::kDatabasesJson:
      return "databases.json";
    case Table::kDatabasesCsv:
      return "databases.csv";
    case Table::kProfilesJson:
      return "profiles.json";
    case Table::kStatisticsJson:
      return "statistics.json";
    case Table::kStatisticsCsv:
      return "statistics.csv";
    case Table::kTotalsCsv:
      return "statistics-totals.csv";
  }
  return "";
}

bool IsJsonTable(Table t) {
  return t == Table::kDatabasesJson || t == Table::kProfilesJson ||
         t == Table::kStatisticsJson;
}

std::string NormalExportDir(const std::string& dir) {
  if (dir.empty()) return "";
  std::filesystem::path p = std::filesystem::absolute(dir).lexically_normal();
  // "a/b/" and "a/b" are one folder.
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  return p.string();
}

const AgencyRows* TableRows::Find(const std::string& dir,
                                  const std::string& agency_id,
                                  const std::string& inputs) const {
  if (export_dir.empty() || NormalExportDir(dir) != export_dir) return nullptr;
  auto it = agencies.find(agency_id);
  if (it == agencies.end() || it->second.inputs != inputs) return nullptr;
  return &it->second;
}

}  // namespace disclosure::hub
