// File helpers with explicit size limits and atomic replacement. The one
// place where errno becomes absl::Status.
#ifndef DISCLOSURE_CORE_FILE_UTIL_H_
#define DISCLOSURE_CORE_FILE_UTIL_H_

#include <sys/types.h>

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// Reads the whole file. NotFound if it does not exist, InvalidArgument if it
// is larger than `max_bytes`, other codes for I/O errors. Messages name the
// path.
absl::StatusOr<std::string> ReadFile(const std::string& path, size_t max_bytes);

// Reads all of standard input, up to `max_bytes` (InvalidArgument beyond).
absl::StatusOr<std::string> ReadStdin(size_t max_bytes);

// Writes `content` to a new file at `path` with permission bits `mode`,
// failing with AlreadyExists if the path exists. The file is fully written
// and fsynced under a temporary name, then linked into place, so a crash
// leaves either no file or the complete file.
absl::Status WriteNewFile(const std::string& path, absl::string_view content,
                          mode_t mode);

// Replaces the file at `path` with `content` (mode `mode`) so that a crash
// leaves the old or the new file, and a successful return means the new
// content is on disk: written and fsynced under a temporary name, renamed
// over `path`, and the folder fsynced.
absl::Status ReplaceFileDurably(const std::string& path,
                                absl::string_view content, mode_t mode);

// FailedPrecondition naming the first file or folder under `dir` (or `dir`
// itself, which may be a file) that users other than the owner may read, write
// or enter, with the command that fixes it. For stores that hold personal data.
absl::Status CheckOwnerOnly(const std::string& dir);

// Converts errno `err` from operation `op` on `path` into a Status.
absl::Status ErrnoStatus(int err, absl::string_view op, absl::string_view path);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_FILE_UTIL_H_
