#include "core/csv.h"

#include <iconv.h>

#include <cerrno>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/status_macros.h"
#include "format/utf8.h"

namespace disclosure {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";

absl::StatusOr<std::string> FromCp950(absl::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP950");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return absl::UnimplementedError(_("this system cannot convert Big5/CP950"));
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1) || in_left != 0) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("not Big5/CP950 either (invalid byte sequence at offset $0)"),
        bytes.size() - in_left));
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

namespace {

// UTF-16 after its byte-order mark (what spreadsheets save as "Unicode
// text") to UTF-8. InvalidArgument naming the offset of a bad code unit.
absl::StatusOr<std::string> FromUtf16(absl::string_view bytes, bool little) {
  if (bytes.size() % 2 != 0) {
    return absl::InvalidArgumentError(
        _("file is UTF-16 but has an odd number of bytes; save it again"));
  }
  const auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little ? (a | (b << 8)) : ((a << 8) | b);
  };
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size() &&
        unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("file is UTF-16 with a broken character at byte $0"), i + 2));
    }
    if (c == 0) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("file is UTF-16 with a NUL character at byte $0"), i + 2));
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes,
                                         std::string* encoding) {
  for (const auto& [bom, little] :
       {std::pair<absl::string_view, bool>{"\xFF\xFE", true},
        std::pair<absl::string_view, bool>{"\xFE\xFF", false}}) {
    if (bytes.substr(0, 2) == bom) {
      *encoding = little ? "UTF-16LE" : "UTF-16BE";
      return FromUtf16(bytes.substr(2), little);
    }
  }
  if (bytes.substr(0, kBom.size()) == kBom) {
    bytes.remove_prefix(kBom.size());
    size_t bad = 0;
    if (!IsValidUtf8(bytes, &bad)) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("file starts with a UTF-8 byte-order mark but has "
                             "invalid UTF-8 at byte $0"),
                           bad + kBom.size()));
    }
    *encoding = "UTF-8 with BOM";
    return std::string(bytes);
  }
  size_t bad = 0;
  if (IsValidUtf8(bytes, &bad)) {
    *encoding = "UTF-8";
    return std::string(bytes);
  }
  absl::StatusOr<std::string> converted = FromCp950(bytes);
  if (!converted.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("file is not UTF-8 (invalid byte at offset $0) and "
                           "$1; save it as UTF-8 CSV"),
                         bad, converted.status().message()));
  }
  *encoding = "Big5/CP950";
  return converted;
}

absl::StatusOr<CsvTable> ParseCsv(absl::string_view raw,
                                  const CsvLimits& limits) {
  if (raw.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("file is $0 bytes, over the limit of $1"),
                         raw.size(), limits.max_bytes));
  }
  CsvTable table;
  DN_ASSIGN_OR_RETURN(std::string text, DecodeToUtf8(raw, &table.encoding));
  absl::Status s = ForEachCsvRow(text, limits, [&](CsvRow& row) {
    table.rows.push_back(std::move(row));
    return absl::OkStatus();
  });
  DN_RETURN_IF_ERROR(s);
  return table;
}

absl::Status ForEachCsvRow(absl::string_view s, const CsvLimits& limits,
                           const std::function<absl::Status(CsvRow&)>& fn) {
  size_t line = 1, col = 1, rows = 0;
  const auto error = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("line $0, column $1: $2"), line, col, why));
  };
  CsvRow row;
  std::string field;
  bool in_quotes = false, field_was_quoted = false, row_has_content = false;
  row.line = 1;

  const auto end_field = [&]() -> absl::Status {
    if (row.fields.size() >= limits.max_fields) {
      return error(
          absl::Substitute(_("more than $0 fields"), limits.max_fields));
    }
    row.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    return absl::OkStatus();
  };
  const auto end_row = [&]() -> absl::Status {
    if (row_has_content) {
      DN_RETURN_IF_ERROR(end_field());
      if (++rows > limits.max_rows) {
        return error(absl::Substitute(_("more than $0 rows"), limits.max_rows));
      }
      DN_RETURN_IF_ERROR(fn(row));
    }
    row = CsvRow();
    row.line = line + 1;
    field.clear();
    field_was_quoted = false;
    row_has_content = false;
    return absl::OkStatus();
  };

  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\0') return error(_("NUL byte in the file"));
    if (field.size() >= limits.max_field_bytes) {
      return error(absl::Substitute(_("field longer than $0 bytes"),
                                    limits.max_field_bytes));
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          field.push_back('"');
          ++i, ++col;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
        if (c == '\n') ++line, col = 0;
      }
      ++col;
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          return error(
              _("quote inside an unquoted field (quote the whole field "
                "and double inner quotes)"));
        }
        in_quotes = field_was_quoted = row_has_content = true;
        break;
      case ',':
        row_has_content = true;
        DN_RETURN_IF_ERROR(end_field());
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') break;  // CRLF: at '\n'
        return error(_("carriage return outside a quoted field"));
      case '\n':
        DN_RETURN_IF_ERROR(end_row());
        ++line, col = 0;
        break;
      default:
        if (field_was_quoted) {
          return error(_("text after the closing quote of a field"));
        }
        field.push_back(c);
        row_has_content = true;
    }
    ++col;
  }
  if (in_quotes) {
    line = row.line, col = 1;
    return error(_("quoted field is never closed"));
  }
  return end_row();
}

namespace {

bool IsListSeparator(char c) { return c == ';' || c == '|'; }

// The UTF-8 encodings of characters a spreadsheet may skip or fold before
// deciding that a cell is a formula: spaces other than ASCII's, zero-width
// characters and the byte order mark. A cell starting with one hides what
// follows from a reader's eye, so it is neutralised whatever follows.
constexpr absl::string_view kHiddenStarts[] = {
    "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003",
    "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009",
    "\u200a", "\u200b", "\u200c", "\u200d", "\u2028", "\u2029",
    "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff"};

// Full-width forms of the formula characters (an IME types them), as
// their ASCII counterpart.
char FullWidthSign(absl::string_view s) {
  if (absl::StartsWith(s, "\uff1d")) return '=';
  if (absl::StartsWith(s, "\uff20")) return '@';
  if (absl::StartsWith(s, "\uff0b")) return '+';
  if (absl::StartsWith(s, "\uff0d")) return '-';
  return 0;
}

// True if the piece of `cell` starting at `begin` would start a formula:
// a tab or carriage return first, or, after spaces, a hidden character
// (kHiddenStarts), one of = @ (ASCII or full-width) or a sign followed by
// anything (Excel evaluates "-2+3" and "+886-2-..." too).
bool PieceStartsFormula(absl::string_view cell, size_t begin) {
  if (begin >= cell.size()) return false;
  if (cell[begin] == '\t' || cell[begin] == '\r') return true;
  size_t q = begin;
  while (q < cell.size() && cell[q] == ' ') ++q;
  if (q >= cell.size()) return false;
  const absl::string_view rest = cell.substr(q);
  for (absl::string_view hidden : kHiddenStarts)
    if (absl::StartsWith(rest, hidden)) return true;
  size_t width = 1;
  char c = cell[q];
  if (const char full = FullWidthSign(rest); full != 0) c = full, width = 3;
  if (c == '=' || c == '@') return true;
  if (c == '+' || c == '-') {
    // A lone sign (a placeholder "-") is text everywhere.
    const size_t after = q + width;
    return after < cell.size() && !IsListSeparator(cell[after]);
  }
  return false;
}

// Start offsets of the cell and of every ';' item and '|' part in it.
std::vector<size_t> PieceStarts(absl::string_view cell) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < cell.size(); ++i) {
    if (IsListSeparator(cell[i])) starts.push_back(i + 1);
  }
  return starts;
}

}  // namespace

bool LooksLikeFormula(absl::string_view cell) {
  for (size_t start : PieceStarts(cell)) {
    if (PieceStartsFormula(cell, start)) return true;
  }
  return false;
}

std::string NeutralizeFormulas(absl::string_view cell) {
  std::string out;
  out.reserve(cell.size() + 2);
  const std::vector<size_t> starts = PieceStarts(cell);
  size_t next = 0;  // index into starts
  for (size_t i = 0; i <= cell.size(); ++i) {
    if (next < starts.size() && starts[next] == i) {
      if (PieceStartsFormula(cell, i)) out += '\'';
      ++next;
    }
    if (i < cell.size()) out += cell[i];
  }
  return out;
}

std::string CsvQuote(const std::string& cell) {
  const std::string safe = NeutralizeFormulas(cell);
  if (safe.find_first_of(",\"\n\r") == std::string::npos) return safe;
  std::string out = "\"";
  for (char c : safe) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace disclosure
