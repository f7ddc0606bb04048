// Shared conventions of disclosurectl commands: exit codes, messages, and
// reading inputs that may be a file, standard input, or literal text.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_CLI_UTIL_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_CLI_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/sha256.h"

namespace disclosure::cli {

// Exit codes shared by every command.
enum ExitCode : int {
  kExitOk = 0,
  kExitInvalid = 1,  // the thing checked is not valid
  kExitUsage = 2,    // malformed or missing arguments
  kExitFailure = 3,  // the command could not run (I/O, ...)
};

// Prints "disclosurectl <command>: <message>" as one line on stderr.
void PrintError(absl::string_view command, absl::string_view message);

// Reads `path`, or standard input when `path` is empty, up to `max_bytes`.
absl::StatusOr<std::string> ReadInput(const std::string& path,
                                      size_t max_bytes);

// A 32-byte hash given as 64 hex digits. InvalidArgument naming `what`.
absl::StatusOr<Hash> ParseHexHash(absl::string_view hex,
                                  absl::string_view what);

// A comma-separated list of hex hashes; empty text is an empty list.
absl::StatusOr<std::vector<Hash>> ParseHexHashList(absl::string_view list,
                                                   absl::string_view what);

// A vkey given as its text or as the path of a file holding it.
absl::StatusOr<std::string> ResolveVerifierKeyText(const std::string& arg);

// A Unix time as "2026-11-28 09:00 +08:00" (Taipei); "-" for 0.
std::string When(int64_t seconds);
// "in 3 days" / "2 hours ago", for times near `now`; "" for 0.
std::string Relative(int64_t t, int64_t now);

// `label` padded to `width` terminal columns (at least one space after
// it); a Chinese character takes two columns. For the first column of the
// status tables, whose labels are translated.
std::string Label(const std::string& label, size_t width = 18);

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_CLI_UTIL_H_
