#include "core/i18n.h"

#include <libintl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <string>

// Set by core/CMakeLists.txt; these defaults serve other builds (fuzzers).
#ifndef DISCLOSURE_INSTALL_LOCALEDIR
#define DISCLOSURE_INSTALL_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef DISCLOSURE_BUILD_LOCALEDIR
#define DISCLOSURE_BUILD_LOCALEDIR "locale"
#endif

namespace disclosure {
namespace {

// "zh_TW.UTF-8", "zh-tw", "zh_Hant" -> "zh_TW"; other languages -> "en".
std::string Normalize(std::string lang) {
  for (char& c : lang) {
    if (c == '-') c = '_';
  }
  const std::string lower = [&] {
    std::string l = lang;
    for (char& c : l) c = static_cast<char>(std::tolower(c));
    return l;
  }();
  if (lower.rfind("zh", 0) == 0 && lower.rfind("zh_cn", 0) != 0 &&
      lower.rfind("zh_sg", 0) != 0 && lower.rfind("zh_hans", 0) != 0) {
    return "zh_TW";
  }
  return "en";
}

bool HasCatalog(const std::string& dir) {
  struct stat st;
  const std::string mo = dir + "/zh_TW/LC_MESSAGES/" + kTextDomain + ".mo";
  return stat(mo.c_str(), &st) == 0;
}

// share/locale beside the folder of this program (bin/..), "" if unknown:
// where an installed program's catalogs are whatever prefix it was built
// for, so a package installed under /usr from a build configured for
// /usr/local still speaks Chinese.
std::string BesideProgram() {
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return "";
  std::string path(exe, static_cast<size_t>(n));
  const size_t bin = path.rfind('/');
  if (bin == std::string::npos) return "";
  const size_t prefix = path.rfind('/', bin == 0 ? 0 : bin - 1);
  if (prefix == std::string::npos) return "";
  return path.substr(0, prefix) + "/share/locale";
}

// Where the catalogs are: $DISCLOSURE_LOCALEDIR, beside the installed
// program, the configured install folder, or the build tree's (so programs
// run from a build speak Chinese too).
std::string LocaleDir() {
  if (const char* env = std::getenv("DISCLOSURE_LOCALEDIR"); env && *env)
    return env;
  for (const std::string& dir :
       {BesideProgram(), std::string(DISCLOSURE_INSTALL_LOCALEDIR),
        std::string(DISCLOSURE_BUILD_LOCALEDIR)}) {
    if (!dir.empty() && HasCatalog(dir)) return dir;
  }
  return DISCLOSURE_INSTALL_LOCALEDIR;
}

std::string FromEnvironment() {
  for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') {
      std::string s = v;
      return s.substr(0, s.find(':'));  // LANGUAGE may list several
    }
  }
  return "en";
}

}  // namespace

std::string InitTranslations(const std::string& requested) {
  const std::string lang =
      Normalize(requested.empty() ? FromEnvironment() : requested);
  // gettext translates only outside the "C" locale; C.UTF-8 is always
  // there, so the chosen language works without generated locales.
  const char* current = std::setlocale(LC_ALL, "");
  if (current == nullptr || std::strcmp(current, "C") == 0 ||
      std::strcmp(current, "POSIX") == 0) {
    std::setlocale(LC_ALL, "C.UTF-8");
  }
  // Numbers and dates are formatted by the program, never by the locale.
  std::setlocale(LC_NUMERIC, "C");
  setenv("LANGUAGE", lang.c_str(), 1);
  bindtextdomain(kTextDomain, LocaleDir().c_str());
  bind_textdomain_codeset(kTextDomain, "UTF-8");
  return lang;
}

std::string TakeLangFlag(int* argc, char** argv) {
  std::string lang;
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    const char* a = argv[i];
    if (std::strcmp(a, "--lang") == 0 && i + 1 < *argc) {
      lang = argv[++i];
    } else if (std::strncmp(a, "--lang=", 7) == 0) {
      lang = a + 7;
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
  argv[out] = nullptr;
  return lang;
}

}  // namespace disclosure
