// The version of the project and the commit a binary was built from, for
// every program's --version (cmake/WriteVersion.cmake fills them in).
#ifndef DISCLOSURE_CORE_PROGRAM_INFO_H_
#define DISCLOSURE_CORE_PROGRAM_INFO_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace disclosure {

extern const char kVersion[];  // "0.1.0"
extern const char kCommit[];   // short hash, "-modified" if the tree was

// "disclosure-node 0.1.0 (commit 194e360a1b2c)".
inline std::string VersionLine(absl::string_view program) {
  return absl::StrCat(program, " ", kVersion, " (commit ", kCommit, ")");
}

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_PROGRAM_INFO_H_
