// The build of the running program: the GNU build id the linker wrote into
// its executable, which changes whenever any of its code does. Data the
// program derives and keeps (the hub's index facts) is stamped with it, so
// that another build derives it again instead of trusting what an older
// build derived.
#ifndef DISCLOSURE_CORE_BUILD_ID_H_
#define DISCLOSURE_CORE_BUILD_ID_H_

#include <string>

namespace disclosure {

// The build id of the main executable in hex (40 digits with GNU ld's
// default SHA-1 ids); "" if it has none (linked with --build-id=none).
// Callers must then keep nothing derived: "" matches no build.
const std::string& BuildId();

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_BUILD_ID_H_
