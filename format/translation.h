// How the format's messages reach people in their language, without the
// format depending on the rest of the project: they are marked _("...")
// (or N_("...") in tables) and looked up with GNU gettext in the text
// domain "disclosure-net". A program that binds that domain to its
// catalogs (core/i18n.h, InitTranslations) shows them translated; any
// other program shows the English source text.
//
// Placeholders are $0 .. $9 (SubstituteArgs), so a translation can reorder
// them.
#ifndef DISCLOSURE_FORMAT_TRANSLATION_H_
#define DISCLOSURE_FORMAT_TRANSLATION_H_

#include <string>
#include <vector>

namespace disclosure {

inline constexpr char kTextDomain[] = "disclosure-net";

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

}  // namespace disclosure

#define _(msgid) ::disclosure::Translate(msgid)
#define N_(msgid) msgid

#endif  // DISCLOSURE_FORMAT_TRANSLATION_H_
