#include "format/translation.h"

#include <libintl.h>

namespace disclosure {

const char* Translate(const char* msgid) {
  return dgettext(kTextDomain, msgid);
}

std::string SubstituteArgs(const std::string& format,
                           const std::vector<std::string>& args) {
  std::string out;
  out.reserve(format.size());
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c != '$' || i + 1 == format.size()) {
      out += c;
      continue;
    }
    const char next = format[i + 1];
    if (next == '$') {
      out += '$';
      ++i;
    } else if (next >= '0' && next <= '9') {
      const size_t n = static_cast<size_t>(next - '0');
      if (n < args.size()) out += args[n];
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace disclosure
