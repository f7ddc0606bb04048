#include "core/staff_date.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/substitute.h"
#include "absl/time/civil_time.h"
#include "core/i18n.h"

namespace disclosure {
namespace {

// Full-width digits and separators to ASCII, ideographic space to a space.
std::string Narrow(absl::string_view text) {
  std::string s(absl::StripAsciiWhitespace(text));
  static const std::vector<std::pair<const absl::string_view, std::string>>
      kMap = [] {
        std::vector<std::pair<const absl::string_view, std::string>> m;
        static const char* kDigits[] = {"０", "１", "２", "３", "４",
                                        "５", "６", "７", "８", "９"};
        for (int d = 0; d < 10; ++d)
          m.emplace_back(kDigits[d], std::string(1, '0' + d));
        m.emplace_back("／", "/");
        m.emplace_back("－", "-");
        m.emplace_back("．", ".");
        m.emplace_back("：", ":");
        m.emplace_back("　", " ");
        return m;
      }();
  for (const auto& [from, to] : kMap) s = absl::StrReplaceAll(s, {{from, to}});
  return std::string(absl::StripAsciiWhitespace(s));
}

absl::Status Refuse(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::Substitute(
      _("\"$0\" $1; write it as $2"), text, why, kStaffDateForms));
}

// Only for digit runs the date pattern matched, so it cannot fail.
int ToInt(const std::string& s) {
  int v = 0;
  (void)absl::SimpleAtoi(s, &v);  // digits only: see above
  return v;
}

}  // namespace

absl::StatusOr<std::string> NormalizeStaffDate(absl::string_view text) {
  std::string s = Narrow(text);
  // A trailing midnight is what a spreadsheet adds to a date; any other
  // time of day means the cell is not a date.
  static const std::regex kTime(R"(^(.*\S)[ T](\d{1,2}):(\d{2})(:(\d{2}))?$)");
  std::smatch m;
  if (std::regex_match(s, m, kTime)) {
    if (ToInt(m[2]) != 0 || ToInt(m[3]) != 0 || ToInt(m[5]) != 0) {
      return Refuse(text, _("has a time of day, and a date is wanted"));
    }
    s = m[1];
  }
  static const std::regex kYmd(R"(^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$)");
  static const std::regex kRoc(R"(^(\d{1,3})([-/.])(\d{1,2})\2(\d{1,2})$)");
  static const std::regex kDayFirst(R"(^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$)");
  static const std::regex kCompact(R"(^(\d{3,4})(\d{2})(\d{2})$)");
  static const std::regex kChinese(
      "^(中華民國|民國)? *(\\d{1,4}) *年 *(\\d{1,2}) *月 *(\\d{1,2}) *日$");
  int year = 0, month = 0, day = 0;
  bool roc = false;
  if (std::regex_match(s, m, kYmd)) {
    year = ToInt(m[1]), month = ToInt(m[3]), day = ToInt(m[4]);
  } else if (std::regex_match(s, m, kRoc)) {
    year = ToInt(m[1]), month = ToInt(m[3]), day = ToInt(m[4]), roc = true;
  } else if (std::regex_match(s, m, kCompact)) {
    year = ToInt(m[1]), month = ToInt(m[2]), day = ToInt(m[3]);
    roc = m[1].length() == 3;
  } else if (std::regex_match(s, m, kChinese)) {
    year = ToInt(m[2]), month = ToInt(m[3]), day = ToInt(m[4]);
    roc = m[1].matched || m[2].length() <= 3;
    if (m[1].matched && m[2].length() == 4) {
      return Refuse(text, _("has a 民國 year of four digits"));
    }
  } else if (std::regex_match(s, kDayFirst)) {
    return Refuse(text, _("puts the day and month first, which is read "
                          "differently in different places"));
  } else {
    return Refuse(text, _("is not a date"));
  }
  if (roc) {
    if (year < 1 || year > 199) {
      return Refuse(
          text,
          absl::Substitute(_("has 民國 year $0, which is out of range"), year));
    }
    year += 1911;
  }
  const absl::CivilDay d(year, month, day);
  if (d.year() != year || d.month() != month || d.day() != day) {
    return Refuse(text, _("is not a day of the calendar"));
  }
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

}  // namespace disclosure
