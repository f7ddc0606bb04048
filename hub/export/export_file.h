// Writing the files of one export: each file is streamed to disk as it is
// produced (memory does not grow with any agency's data) and hashed on the
// way, and its name and SHA-256 go into the listing the export signs.
//
//   ExportListing listing;
//   ExportFile f(dir, "databases.json");
//   f.Append("[");  ...
//   DN_RETURN_IF_ERROR(f.Close(&listing));
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_

#include <cstdio>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/sha256.h"

namespace disclosure::hub {

// File name (relative to the export root) -> SHA-256 in hex.
using ExportListing = std::map<std::string, std::string>;

// True when `name` is a safe relative path inside the export: parts of
// [A-Za-z0-9._-] separated by '/', none empty, "." or "..". Names built
// from agency data (ids, entry keys) are checked with it before use.
bool IsSafeExportPath(absl::string_view name);

// One new file of the export (it must not exist yet). Errors are kept and
// reported by Close, so a caller can append without checking each write.
class ExportFile {
 public:
  ExportFile(const std::string& dir, std::string name);
  ~ExportFile();
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  void Append(absl::string_view data);
  // Closes the file and records it in `listing`; the first error met, if
  // any, naming the file.
  absl::Status Close(ExportListing* listing);

 private:
  std::string name_;
  std::string path_;
  FILE* file_ = nullptr;
  Sha256 sha_;
  absl::Status status_;
};

// A JSON array written one element at a time.
class JsonArrayWriter {
 public:
  explicit JsonArrayWriter(ExportFile* f) : f_(f) { f_->Append("["); }
  void Add(absl::string_view element) {
    f_->Append(first_ ? "\n" : ",\n");
    f_->Append(element);
    first_ = false;
  }
  void End() { f_->Append("\n]\n"); }

 private:
  ExportFile* f_;
  bool first_ = true;
};

// Writes a whole file at once.
absl::Status WriteExportFile(const std::string& dir, const std::string& name,
                             absl::string_view content, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_
