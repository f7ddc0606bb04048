// Where an auditor's tools read an export from: a folder, or the URL the
// export is served at (a static host, a CDN, a mirror), read with plain
// HTTP GETs of the same relative paths. Every read has a size limit.
#ifndef DISCLOSURE_TOOLS_VERIFY_EXPORT_SOURCE_H_
#define DISCLOSURE_TOOLS_VERIFY_EXPORT_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure::verify {

class ExportSource {
 public:
  virtual ~ExportSource() = default;
  // The file at `path` (relative to the export's root). NotFound if it is
  // not there; ResourceExhausted over `max_bytes`; Unavailable when the
  // host cannot be reached.
  virtual absl::StatusOr<std::string> Read(const std::string& path,
                                           size_t max_bytes) const = 0;
  // The folder or URL, for messages.
  virtual const std::string& name() const = 0;
};

// A source for `location`: "http://..." or "https://..." (with an optional
// path prefix), or else a folder. InvalidArgument for a URL it cannot use.
absl::StatusOr<std::unique_ptr<ExportSource>> OpenExportSource(
    const std::string& location);

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_EXPORT_SOURCE_H_
