#include "core/synonyms.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/status_macros.h"

namespace disclosure {

absl::StatusOr<Synonyms> Synonyms::Parse(const std::string& csv,
                                         const std::string& what) {
  CsvLimits limits;
  limits.max_rows = 100'000;
  absl::StatusOr<CsvTable> table = ParseCsv(csv, limits);
  if (!table.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", table.status().message()));
  }
  if (table->rows.empty() || table->rows[0].fields.empty() ||
      absl::StripAsciiWhitespace(table->rows[0].fields[0]) != "terms") {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0: first row must be the header \"terms\""), what));
  }
  Synonyms s;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    const CsvRow& row = table->rows[i];
    if (row.fields.empty() || row.fields[0].empty()) continue;
    std::vector<std::string> group;
    for (absl::string_view m : absl::StrSplit(row.fields[0], ';')) {
      m = absl::StripAsciiWhitespace(m);
      if (m.empty() || LooksLikeFormula(m)) {
        return absl::InvalidArgumentError(absl::Substitute(
            _("$0: line $1: an empty or formula-like member"), what, row.line));
      }
      group.push_back(absl::AsciiStrToLower(m));
    }
    if (group.size() < 2) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0: line $1: a group needs two or more words"), what, row.line));
    }
    s.groups_.push_back(std::move(group));
  }
  return s;
}

absl::StatusOr<Synonyms> Synonyms::Load(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 16 << 20));
  return Parse(text, path);
}

std::string Synonyms::ToCsv() const {
  std::string out = "terms\n";
  for (const auto& group : groups_) {
    absl::StrAppend(&out, CsvQuote(absl::StrJoin(group, ";")), "\n");
  }
  return out;
}

std::vector<std::string> Synonyms::Expand(const std::string& word) const {
  std::vector<std::string> out = {word};
  for (const auto& group : groups_) {
    for (const std::string& member : group) {
      const size_t at = word.find(member);
      if (at == std::string::npos) continue;
      for (const std::string& other : group) {
        if (other == member || out.size() >= kMaxAlternatives) continue;
        std::string alt = word;
        alt.replace(at, member.size(), other);
        if (std::find(out.begin(), out.end(), alt) == out.end())
          out.push_back(std::move(alt));
      }
    }
  }
  return out;
}

}  // namespace disclosure
