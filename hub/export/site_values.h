// How values reach the site's templates. Agency text is a run,
// {"text", "lang"}, drawn as <bdi lang="{{lang}}">{{text}}</bdi>: isolated
// from the page's direction (a hostile right-to-left override stays inside
// it) and marked with its language where that differs from the page's (an
// English page falling back to the Chinese text says so); "lang" is false
// for a run in the page's own language, drawn as a bare <bdi>. Legal
// references, enum names and the two languages' choice are made here once for
// every page.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_VALUES_H_
#define DISCLOSURE_HUB_EXPORT_SITE_VALUES_H_

#include <kainjow/mustache.hpp>
#include <string>

#include "disclosure/v1/common.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "hub/export/site_text.h"

namespace disclosure::hub::site {

inline bool Zh(Lang l) { return l == Lang::kZhTw; }

// The text in `l`, else in the other language.
std::string Pick(Lang l, const disclosure::v1::LocalizedText& t);

// The page's words for an enum value ("LEGAL_GROUND_..."); the value name
// itself when it has none.
std::string EnumName(Lang l, const std::string& value_name);

// A run of `t` on a page in `l`: the text Pick() chooses, with the language
// it is in.
kainjow::mustache::data Run(Lang l, const disclosure::v1::LocalizedText& t);
// A run of a plain string: Chinese when it holds CJK characters, else the
// page's language.
kainjow::mustache::data Run(Lang l, const std::string& s);

// True if `s` holds a CJK character (U+3000..U+9FFF, U+F900..U+FAFF,
// U+FF00..U+FFEF).
bool HasCjk(const std::string& s);

// "全民健康保險法第79條、第80條": statute and article of each reference.
std::string Basis(
    const google::protobuf::RepeatedPtrField<disclosure::v1::LegalReference>&
        refs);

// The references as a list of {"run": statute and article, "quote": run
// or false, "url": link or false}: every signed part of each.
kainjow::mustache::data LegalList(
    Lang l,
    const google::protobuf::RepeatedPtrField<disclosure::v1::LegalReference>&
        refs);

// `url` if it is a web link (http or https), else "": only those are made
// clickable; anything else stays text.
std::string WebLink(const std::string& url);

// A link run: a Run() of `url` with "href" set to it when it is a web
// link, else to false (drawn as text then).
kainjow::mustache::data Link(Lang l, const std::string& url);

// A template with its run markers expanded, for parsing once:
//   [[key]]   each run of `key` (one or a list) as <bdi lang>text</bdi>
//   [[@key]]  the same, inside <a href> when the run has an href
std::string ExpandRuns(std::string_view template_text);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_VALUES_H_
