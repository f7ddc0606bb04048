#include "hub/export/coverage_page.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "hub/export/site_values.h"

namespace disclosure::hub::site {
namespace {

struct Words {
  const char* zh;
  const char* en;
};

// The fields a coverage item names, as the database page calls them.
const std::map<std::string, Words>& FieldWords() {
  static const auto* const kWords = new std::map<std::string, Words>{
      {"file_name", {"資料庫名稱", "the database's name"}},
      {"description", {"說明", "the description"}},
      {"contact", {"聯絡窗口", "the contact"}},
      {"holding_basis", {"保有依據", "the legal basis for holding it"}},
      {"specific_purposes", {"特定目的", "the specific purposes"}},
      {"data_categories", {"個人資料類別", "the kinds of data"}},
      {"subject_categories", {"當事人範圍", "whose data it is"}},
      {"record_sources", {"資料來源", "where the data comes from"}},
      {"opt_out", {"停止目的外利用", "the opt-out"}},
      {"retention", {"保存期限", "how long it is kept"}},
      {"oversight", {"監督機制", "oversight"}},
      {"next_review_due", {"下次檢視日期", "the next review date"}},
      {"attested_by", {"確認人", "who attested it"}},
      {"source_url", {"機關原始公告", "the agency's own notice"}},
      {"out_of_purpose_uses", {"目的外利用", "a use outside the purpose"}},
      {"linkages", {"資料串連", "a linkage"}},
      {"rights_channels", {"權利行使管道", "a rights channel"}},
      {"default_rights_channels",
       {"機關通用權利行使管道", "an agency-wide rights channel"}},
      {"security_summary", {"安全維護措施", "the security measures"}},
  };
  return *kWords;
}

std::string Field(Lang l, const std::string& path) {
  auto it = FieldWords().find(path.substr(0, path.find('.')));
  if (it == FieldWords().end()) return path;
  return Zh(l) ? it->second.zh : it->second.en;
}

std::string RightName(Lang l, const std::string& short_name) {
  return EnumName(l, "DATA_SUBJECT_RIGHT_" + absl::AsciiStrToUpper(short_name));
}

std::string OneInWords(Lang l, const std::string& item) {
  const bool zh = Zh(l);
  if (absl::StartsWith(item, "placeholder:")) {
    const std::string f = Field(l, item.substr(12));
    return zh ? absl::StrCat(f,
                             "填的是暫代內容（例如「待確認」或 "
                             "0000-0000），不是實際資料")
              : absl::StrCat(f,
                             " holds a placeholder (such as 待確認 or "
                             "0000-0000), not the real value");
  }
  if (item == "contact.reachable")
    return zh ? "聯絡窗口沒有電話或電子郵件"
              : "the contact has no phone number or e-mail address";
  if (absl::StartsWith(item, "rights.")) {
    absl::string_view rest = absl::StripPrefix(item, "rights.");
    const bool fee = absl::ConsumeSuffix(&rest, ".fee");
    const std::string right = RightName(l, std::string(rest));
    if (fee)
      return zh ? absl::StrCat("「", right, "」的管道沒有載明費用")
                : absl::StrCat("no fee is stated for \"", right, "\"");
    return zh ? absl::StrCat("沒有「", right, "」的管道、期限")
              : absl::StrCat("no channel with a deadline for \"", right, "\"");
  }
  if (absl::StartsWith(item, "out_of_purpose_uses."))
    return zh ? absl::StrCat("一項目的外利用（", item.substr(20),
                             "）缺少審議機制或法律依據")
              : absl::StrCat("a use outside the purpose (", item.substr(20),
                             ") lacks its approval body or legal ground");
  const std::string f = Field(l, item);
  return zh ? absl::StrCat(f, "未填") : absl::StrCat(f, " is not given");
}

}  // namespace

std::vector<std::string> MissingInWords(Lang l, const std::string& items) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(items, ", ", absl::SkipEmpty()))
    out.push_back(OneInWords(l, std::string(item)));
  return out;
}

}  // namespace disclosure::hub::site
