// Translations of what the programs say to people, with GNU gettext
// catalogs (po/<lang>.po, compiled to <localedir>/<lang>/LC_MESSAGES/
// disclosure-net.mo). English is the source language; Traditional Chinese
// (zh_TW) is the translation agency staff read.
//
// Messages are marked with _("...") where they are used, or N_("...")
// where a table holds them and _() is applied later; placeholders are
// absl::Substitute's $0, $1, ... so a translation can reorder them. The
// test tests/i18n/catalog_test.sh fails when a marked message has no
// translation.
#ifndef DISCLOSURE_CORE_I18N_H_
#define DISCLOSURE_CORE_I18N_H_

#include <string>

#include "format/translation.h"

namespace disclosure {

// Chooses the language: `requested` ("zh_TW", "zh-TW", "en", ...) when
// not empty, else the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG),
// as gettext users expect; works whether or not the system has that
// locale generated. Returns the language chosen ("zh_TW" or "en").
std::string InitTranslations(const std::string& requested);

// Removes "--lang X" / "--lang=X" from argv (before the command-line
// parser sees it) and returns X, or "" when absent.
std::string TakeLangFlag(int* argc, char** argv);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_I18N_H_
