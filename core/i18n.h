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
#include <vector>

namespace disclosure {

// Chooses the language: `requested` ("zh_TW", "zh-TW", "en", ...) when
// not empty, else the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG),
// as gettext users expect; works whether or not the system has that
// locale generated. Returns the language chosen ("zh_TW" or "en").
std::string InitTranslations(const std::string& requested);

// The translation of `msgid` in the chosen language (itself when none).
const char* Translate(const char* msgid);

// `format` with $0 .. $9 replaced by `args` and "$$" by "$". A placeholder
// without an argument becomes empty: templates may come from another
// process (a node's validation problems), so a mismatch must not crash.
std::string SubstituteArgs(const std::string& format,
                           const std::vector<std::string>& args);

// A message kept as its English template (marked N_() where it is written)
// and its arguments, so that the process that shows it translates it: a
// node sends problems this way and disclosurectl shows them in the
// language of the person running it.
struct Message {
  std::string format;
  std::vector<std::string> args;

  std::string English() const { return SubstituteArgs(format, args); }
  std::string Translated() const {
    return SubstituteArgs(Translate(format.c_str()), args);
  }
};

// Removes "--lang X" / "--lang=X" from argv (before the command-line
// parser sees it) and returns X, or "" when absent.
std::string TakeLangFlag(int* argc, char** argv);

}  // namespace disclosure

#define _(msgid) ::disclosure::Translate(msgid)
#define N_(msgid) msgid

#endif  // DISCLOSURE_CORE_I18N_H_
