#include "hub/export/site_values.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/enum_labels.h"

namespace disclosure::hub::site {

namespace v1 = disclosure::v1;
using kainjow::mustache::data;

namespace {
constexpr const char* kZhLang = "zh-Hant-TW";

// A run of `text` written in Chinese (`zh`) or English. Its language is
// marked only where it differs from the page's: the page's own lang covers
// the rest, and a mark on every run would be most of a page's bytes.
data RunIn(Lang l, const std::string& text, bool zh) {
  data d;
  d.set("text", text);
  d.set("lang",
        zh == Zh(l) ? data(data::type::bool_false) : data(zh ? kZhLang : "en"));
  return d;
}
}  // namespace

std::string Pick(Lang l, const v1::LocalizedText& t) {
  if (Zh(l)) return t.zh_tw().empty() ? t.en() : t.zh_tw();
  return t.en().empty() ? t.zh_tw() : t.en();
}

std::string EnumName(Lang l, const std::string& value_name) {
  // Nothing chosen is said in words, never as the value's raw name.
  if (absl::EndsWith(value_name, "_UNSPECIFIED"))
    return SiteText(l).at("not_stated");
  const EnumLabel label = LabelOf(value_name);
  const absl::string_view s = Zh(l) ? label.zh_tw : label.en;
  return s.empty() ? value_name : std::string(s);
}

bool HasCjk(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 >= 0xE3 && b0 <= 0xE9) return true;  // U+3000..U+9FFF
    if (b0 == 0xEF && ((b1 >= 0xA4 && b1 <= 0xAB) || b1 >= 0xBC))
      return true;  // U+F900..U+FAFF, U+FF00..U+FFEF
  }
  return false;
}

data Run(Lang l, const v1::LocalizedText& t) {
  const bool use_zh =
      Zh(l) ? !t.zh_tw().empty() || t.en().empty() : t.en().empty();
  return RunIn(l, use_zh ? t.zh_tw() : t.en(), use_zh);
}

data Run(Lang l, const std::string& s) {
  return RunIn(l, s, HasCjk(s) || Zh(l));
}

std::string Basis(
    const google::protobuf::RepeatedPtrField<v1::LegalReference>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs)
    out.push_back(absl::StrCat(r.statute(), r.article()));
  return absl::StrJoin(out, "、");
}

data Link(Lang l, const std::string& url) {
  data d = Run(l, url);
  const std::string href = WebLink(url);
  d.set("href", href.empty() ? data(data::type::bool_false) : data(href));
  return d;
}

std::string ExpandRuns(std::string_view text) {
  constexpr absl::string_view kRun =
      "<bdi{{#lang}} lang=\"{{.}}\"{{/lang}}>{{text}}</bdi>";
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("[[", at);
    const size_t close =
        open == std::string_view::npos ? open : text.find("]]", open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    std::string key(text.substr(open + 2, close - open - 2));
    const bool link = !key.empty() && key[0] == '@';
    if (link) key.erase(0, 1);
    absl::StrAppend(&out, "{{#", key, "}}");
    if (link) {
      absl::StrAppend(&out,
                      "{{#href}}<a href=\"{{href}}\" rel=\"nofollow "
                      "noopener\">",
                      kRun, "</a>{{/href}}{{^href}}", kRun, "{{/href}}");
    } else {
      out.append(kRun.data(), kRun.size());
    }
    absl::StrAppend(&out, "{{/", key, "}}");
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

data LegalList(
    Lang l,
    const google::protobuf::RepeatedPtrField<v1::LegalReference>& refs) {
  data list{data::type::list};
  for (const auto& r : refs) {
    data x;
    x.set("run", Run(l, absl::StrCat(r.statute(), r.article())));
    x.set("quote",
          r.text().empty() ? data(data::type::bool_false) : Run(l, r.text()));
    x.set("url",
          r.url().empty() ? data(data::type::bool_false) : Link(l, r.url()));
    list.push_back(x);
  }
  return list;
}

std::string WebLink(const std::string& url) {
  return absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")
             ? url
             : "";
}

}  // namespace disclosure::hub::site
