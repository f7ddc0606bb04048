#include "sheets/xlsx_reader.h"

#include <expat.h>
#include <unzip.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "absl/time/civil_time.h"
#include "core/i18n.h"
#include "format/status_macros.h"

namespace disclosure::sheets {
namespace {

using Attributes = std::map<std::string, std::string>;

// Element name without its namespace prefix ("x:row" -> "row").
std::string LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

// A SAX pass over one XML part: start/end callbacks and the text between.
class XmlWalk {
 public:
  std::function<void(const std::string&, const Attributes&)> on_start;
  std::function<void(const std::string&, const std::string& text)> on_end;

  absl::Status Parse(const std::string& xml, const std::string& part) {
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate("UTF-8"), &XML_ParserFree);
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &Start, &End);
    XML_SetCharacterDataHandler(parser.get(), &Text);
    if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) ==
        XML_STATUS_ERROR) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("the workbook is damaged ($0 line $1: $2)"), part,
                           XML_GetCurrentLineNumber(parser.get()),
                           XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    return absl::OkStatus();
  }

 private:
  static void Start(void* self, const char* name, const char** attrs) {
    auto* w = static_cast<XmlWalk*>(self);
    Attributes a;
    for (int i = 0; attrs[i] != nullptr; i += 2)
      a[LocalName(attrs[i])] = attrs[i + 1];
    w->text_.clear();
    if (w->on_start) w->on_start(LocalName(name), a);
  }
  static void End(void* self, const char* name) {
    auto* w = static_cast<XmlWalk*>(self);
    if (w->on_end) w->on_end(LocalName(name), w->text_);
    w->text_.clear();
  }
  static void Text(void* self, const char* s, int len) {
    static_cast<XmlWalk*>(self)->text_.append(s, static_cast<size_t>(len));
  }
  std::string text_;
};

// The zip container, read part by part.
class Zip {
 public:
  static absl::StatusOr<std::unique_ptr<Zip>> Open(const std::string& path,
                                                   const XlsxLimits& limits) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) {
      return absl::NotFoundError(
          absl::Substitute(_("cannot read $0: $1"), path, ec.message()));
    }
    if (size > limits.max_file_bytes) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("$0 is $1 bytes, over the limit of $2"), path,
                           size, limits.max_file_bytes));
    }
    unzFile f = unzOpen64(path.c_str());
    if (f == nullptr) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0 is not an .xlsx workbook; save it from the spreadsheet as "
            "\"Excel workbook (.xlsx)\" or as UTF-8 CSV"),
          path));
    }
    return std::unique_ptr<Zip>(new Zip(f, limits.max_part_bytes));
  }
  ~Zip() { unzClose(f_); }

  // The part `name`; NotFound if the workbook has none.
  absl::StatusOr<std::string> Read(const std::string& name) {
    if (unzLocateFile(f_, name.c_str(), 0) != UNZ_OK)
      return absl::NotFoundError(absl::Substitute(_("no part $0"), name));
    if (unzOpenCurrentFile(f_) != UNZ_OK)
      return absl::InvalidArgumentError(_("the workbook is damaged"));
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = unzReadCurrentFile(f_, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > max_part_bytes_) {
        unzCloseCurrentFile(f_);
        return absl::InvalidArgumentError(absl::Substitute(
            _("part $0 of the workbook unpacks to over $1 bytes"), name,
            max_part_bytes_));
      }
    }
    // A bad CRC shows when the part is closed.
    if (unzCloseCurrentFile(f_) != UNZ_OK || n < 0)
      return absl::InvalidArgumentError(_("the workbook is damaged"));
    return out;
  }

 private:
  Zip(unzFile f, size_t max_part) : f_(f), max_part_bytes_(max_part) {}
  unzFile f_;
  size_t max_part_bytes_;
};

struct Sheet {
  std::string name;
  std::string part;  // "xl/worksheets/sheet1.xml"
};

absl::StatusOr<std::vector<Sheet>> ListSheets(Zip& zip) {
  auto workbook = zip.Read("xl/workbook.xml");
  if (!workbook.ok()) {
    return absl::InvalidArgumentError(
        _("not an .xlsx workbook (it has no xl/workbook.xml)"));
  }
  auto rels = zip.Read("xl/_rels/workbook.xml.rels");
  if (!rels.ok())
    return absl::InvalidArgumentError(_("the workbook is damaged"));
  std::map<std::string, std::string> targets;
  XmlWalk r;
  r.on_start = [&](const std::string& el, const Attributes& a) {
    if (el != "Relationship") return;
    auto id = a.find("Id"), target = a.find("Target");
    if (id == a.end() || target == a.end()) return;
    std::string t = target->second;
    // Targets are relative to xl/, or absolute from the package root.
    t = absl::StartsWith(t, "/") ? t.substr(1) : absl::StrCat("xl/", t);
    targets[id->second] = t;
  };
  DN_RETURN_IF_ERROR(r.Parse(*rels, "xl/_rels/workbook.xml.rels"));
  std::vector<Sheet> sheets;
  XmlWalk w;
  w.on_start = [&](const std::string& el, const Attributes& a) {
    if (el != "sheet") return;
    auto name = a.find("name"), id = a.find("id");
    if (name == a.end() || id == a.end()) return;
    sheets.push_back({name->second, targets[id->second]});
  };
  DN_RETURN_IF_ERROR(w.Parse(*workbook, "xl/workbook.xml"));
  return sheets;
}

// Each shared string's text (rich-text runs joined).
absl::StatusOr<std::vector<std::string>> SharedStrings(Zip& zip) {
  std::vector<std::string> out;
  auto xml = zip.Read("xl/sharedStrings.xml");
  if (absl::IsNotFound(xml.status())) return out;  // no strings at all
  DN_RETURN_IF_ERROR(xml.status());
  std::string current;
  bool in_phonetic = false;
  XmlWalk w;
  w.on_start = [&](const std::string& el, const Attributes&) {
    if (el == "si") current.clear();
    if (el == "rPh") in_phonetic = true;  // reading aids, not the text
  };
  w.on_end = [&](const std::string& el, const std::string& text) {
    if (el == "t" && !in_phonetic) current += text;
    if (el == "rPh") in_phonetic = false;
    if (el == "si") out.push_back(current);
  };
  DN_RETURN_IF_ERROR(w.Parse(*xml, "xl/sharedStrings.xml"));
  return out;
}

bool IsDateFormatCode(const std::string& code) {
  // A format that shows a year or a day is a date; "[Red]" and quoted
  // literals are skipped so "0.00 \"days\"" is not mistaken for one.
  bool quoted = false, bracket = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') bracket = true;
    if (c == ']') bracket = false;
    if (bracket) continue;
    if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e') return true;
  }
  return false;
}

// For each cell style index, whether it shows numbers as dates.
absl::StatusOr<std::vector<bool>> DateStyles(Zip& zip) {
  std::vector<bool> out;
  auto xml = zip.Read("xl/styles.xml");
  if (absl::IsNotFound(xml.status())) return out;
  DN_RETURN_IF_ERROR(xml.status());
  std::map<int, bool> custom;  // numFmtId -> is a date
  bool in_cell_xfs = false;
  XmlWalk w;
  w.on_start = [&](const std::string& el, const Attributes& a) {
    if (el == "numFmt") {
      int id = 0;
      auto code = a.find("formatCode");
      if (absl::SimpleAtoi(a.count("numFmtId") ? a.at("numFmtId") : "", &id) &&
          code != a.end()) {
        custom[id] = IsDateFormatCode(code->second);
      }
    }
    if (el == "cellXfs") in_cell_xfs = true;
    if (el == "xf" && in_cell_xfs) {
      int id = 0;  // general, when absent or not a number
      if (!absl::SimpleAtoi(a.count("numFmtId") ? a.at("numFmtId") : "0",
                            &id)) {
        id = 0;
      }
      // Built-in date and time formats (ECMA-376 18.8.30), and the
      // East Asian ones (27-36, 50-58) Chinese-language Excel uses.
      const bool builtin = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
                           (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
      out.push_back(builtin || (custom.count(id) > 0 && custom[id]));
    }
  };
  w.on_end = [&](const std::string& el, const std::string&) {
    if (el == "cellXfs") in_cell_xfs = false;
  };
  DN_RETURN_IF_ERROR(w.Parse(*xml, "xl/styles.xml"));
  return out;
}

// An Excel serial day number (1900 date system) as an ISO date, with the
// time of day when there is one.
std::string SerialToDate(double serial) {
  const int64_t days = static_cast<int64_t>(std::floor(serial));
  const int64_t minutes =
      static_cast<int64_t>(std::llround((serial - days) * 24 * 60));
  // Serial 25569 is 1970-01-01; Excel's 1900-02-29 lies before any date
  // an agency records.
  const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + (days - 25569);
  std::string out =
      absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  if (minutes > 0 && minutes < 24 * 60) {
    absl::StrAppend(&out,
                    absl::StrFormat(" %02d:%02d", minutes / 60, minutes % 60));
  }
  return out;
}

// "BC12" -> column index 54 (0-based); -1 if malformed.
int ColumnIndex(const std::string& ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 1 << 14) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> XlsxSheetNames(
    const std::string& path, const XlsxLimits& limits) {
  DN_ASSIGN_OR_RETURN(auto zip, Zip::Open(path, limits));
  DN_ASSIGN_OR_RETURN(auto sheets, ListSheets(*zip));
  std::vector<std::string> names;
  for (const Sheet& s : sheets) names.push_back(s.name);
  return names;
}

absl::StatusOr<std::vector<CsvRow>> ReadXlsxSheet(const std::string& path,
                                                  const std::string& sheet,
                                                  const XlsxLimits& limits) {
  DN_ASSIGN_OR_RETURN(auto zip, Zip::Open(path, limits));
  DN_ASSIGN_OR_RETURN(auto sheets, ListSheets(*zip));
  const Sheet* found = nullptr;
  std::vector<std::string> names;
  for (const Sheet& s : sheets) {
    names.push_back(s.name);
    if (s.name == sheet) found = &s;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::Substitute(_("$0 has no sheet \"$1\"; its sheets are: $2"), path,
                         sheet, absl::StrJoin(names, ", ")));
  }
  DN_ASSIGN_OR_RETURN(auto strings, SharedStrings(*zip));
  DN_ASSIGN_OR_RETURN(auto dates, DateStyles(*zip));
  auto xml = (zip)->Read(found->part);
  if (absl::IsNotFound(xml.status()))
    return absl::InvalidArgumentError(_("the workbook is damaged"));
  DN_RETURN_IF_ERROR(xml.status());

  std::vector<CsvRow> rows;
  CsvRow row;
  std::string type, formula, value, inline_text;
  int style = -1, column = -1;
  size_t next_row = 1;
  absl::Status problem;
  const auto fail = [&](std::string why) {
    if (problem.ok())
      problem = absl::InvalidArgumentError(absl::Substitute(
          _("$0 sheet $1 row $2: $3"), path, sheet, row.line, why));
  };
  XmlWalk w;
  w.on_start = [&](const std::string& el, const Attributes& a) {
    if (el == "row") {
      row = CsvRow();
      size_t r = 0;
      row.line = a.count("r") && absl::SimpleAtoi(a.at("r"), &r) ? r : next_row;
      next_row = row.line + 1;
    } else if (el == "c") {
      type = a.count("t") ? a.at("t") : "n";
      style = -1;
      // No style, or one that is not a number: the cell is not a date.
      if (a.count("s") && !absl::SimpleAtoi(a.at("s"), &style)) style = -1;
      column = a.count("r") ? ColumnIndex(a.at("r"))
                            : static_cast<int>(row.fields.size());
      formula.clear();
      value.clear();
      inline_text.clear();
    }
  };
  w.on_end = [&](const std::string& el, const std::string& text) {
    if (el == "f") formula = text;
    if (el == "v") value = text;
    if (el == "t") inline_text += text;  // inline strings (<is><t>)
    if (el == "c") {
      if (column < 0 || static_cast<size_t>(column) >= limits.max_columns) {
        return fail(
            absl::Substitute(_("a cell beyond column $0"), limits.max_columns));
      }
      std::string cell;
      if (!formula.empty()) {
        cell = absl::StrCat("=", formula);
      } else if (type == "s") {
        size_t k = 0;
        if (!absl::SimpleAtoi(value, &k) || k >= strings.size())
          return fail(_("a text cell points at no text"));
        cell = (strings)[k];
      } else if (type == "inlineStr") {
        cell = inline_text;
      } else if (type == "b") {
        cell = value == "1" ? "TRUE" : "FALSE";
      } else if (type == "n" && style >= 0 &&
                 static_cast<size_t>(style) < dates.size() &&
                 (dates)[static_cast<size_t>(style)] && !value.empty()) {
        double serial = 0;
        if (!absl::SimpleAtod(value, &serial)) return fail(_("a bad date"));
        cell = SerialToDate(serial);
      } else {
        cell = value;  // numbers, "str" formula results, errors ("e")
      }
      if (cell.size() > limits.max_cell_bytes)
        return fail(
            absl::Substitute(_("a cell over $0 bytes"), limits.max_cell_bytes));
      if (row.fields.size() <= static_cast<size_t>(column))
        row.fields.resize(static_cast<size_t>(column) + 1);
      row.fields[static_cast<size_t>(column)] = std::move(cell);
    }
    if (el == "row") {
      // Trailing empty cells (formatted but blank) are not columns.
      while (!row.fields.empty() && row.fields.back().empty())
        row.fields.pop_back();
      if (row.fields.empty()) return;
      if (rows.size() >= limits.max_rows)
        return fail(absl::Substitute(_("over $0 rows"), limits.max_rows));
      rows.push_back(std::move(row));
    }
  };
  DN_RETURN_IF_ERROR(w.Parse(*xml, sheet));
  DN_RETURN_IF_ERROR(problem);
  return rows;
}

}  // namespace disclosure::sheets
