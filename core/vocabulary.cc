#include "core/vocabulary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/status_macros.h"

namespace disclosure {

absl::StatusOr<Vocabulary> Vocabulary::Parse(const std::string& csv,
                                             const std::string& what) {
  CsvLimits limits;
  limits.max_rows = 100'000;
  absl::StatusOr<CsvTable> table = ParseCsv(csv, limits);
  if (!table.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", table.status().message()));
  }
  if (table->rows.empty() || table->rows[0].fields.empty() ||
      absl::StripAsciiWhitespace(table->rows[0].fields[0]) != "code") {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0: first row must be the header \"code,name_zh\""), what));
  }
  Vocabulary v;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    const CsvRow& row = table->rows[i];
    std::string code(absl::StripAsciiWhitespace(row.fields[0]));
    if (code.empty()) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("$0: line $1: empty code"), what, row.line));
    }
    Names names;
    if (row.fields.size() > 1) names.zh_tw = row.fields[1];
    if (row.fields.size() > 2) names.en = row.fields[2];
    if (LooksLikeFormula(code) || LooksLikeFormula(names.zh_tw) ||
        LooksLikeFormula(names.en)) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0: line $1: starts like a spreadsheet formula (=, @, a tab, or + "
            "or - followed by more); not accepted"),
          what, row.line));
    }
    if (!v.names_.emplace(code, std::move(names)).second) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0: line $1: code $2 appears twice"), what, row.line, code));
    }
  }
  if (v.names_.empty()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0: no codes"), what));
  }
  return v;
}

absl::StatusOr<Vocabulary> Vocabulary::Load(const std::string& path,
                                            const std::string& what) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 16 << 20));
  return Parse(text, absl::StrCat(what, " ", path));
}

std::string Vocabulary::Name(const std::string& code) const {
  return NamesOf(code).zh_tw;
}

Vocabulary::Names Vocabulary::NamesOf(const std::string& code) const {
  auto it = names_.find(code);
  return it == names_.end() ? Names{} : it->second;
}

}  // namespace disclosure
