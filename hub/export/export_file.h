// Writing the files of one export: each file is streamed to disk as it is
// produced (memory does not grow with any agency's data) and hashed on the
// way, and its name and SHA-256 go into the listing the export signs. The
// listing, and any long list a page gathers before it can be written, is
// kept in a SpillFile on disk rather than in memory, so that an export of
// hundreds of thousands of files runs in a bounded amount of memory.
//
//   ExportListing listing(dir);
//   ExportFile f(dir, "databases.json");
//   f.Append("[");  ...
//   DN_RETURN_IF_ERROR(f.Close(&listing));
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/export_listing.h"
#include "format/sha256.h"
#include "hub/export/previous_export.h"

namespace disclosure::hub {

class ExportFile;

// An unnamed temporary file in a folder (it never appears in the folder and
// goes when closed, also when the process dies): text written now and
// copied into an export file later. Errors are kept and reported by CopyTo.
class SpillFile {
 public:
  explicit SpillFile(const std::string& dir);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void Append(absl::string_view data);
  uint64_t size() const { return size_; }
  // Appends everything written so far to `out`; the first error met, if
  // any, naming the folder.
  absl::Status CopyTo(ExportFile* out);

 private:
  std::string dir_;
  FILE* file_ = nullptr;
  uint64_t size_ = 0;
  absl::Status status_;
};

// The files of an export with their SHA-256, as the lines of the signed
// listing (format/export_listing.h): the top listing's in the order they
// were written, kept in a SpillFile (an export of 100,000 databases has
// 300,000 files), and each agency's in its own listing, written when the
// agency is done.
//
// Given the previous export, it also says when a file was written with the
// bytes the previous export held under that name, so that the file can be
// replaced by a hard link to it (previous_export.h).
class ExportListing {
 public:
  // The lines are kept in a temporary file in `dir`. `previous` (may be
  // null) must outlive the listing.
  explicit ExportListing(const std::string& dir,
                         const PreviousExport* previous = nullptr)
      : dir_(dir), lines_(dir), previous_(previous) {}
  // A file of the export: into the open agency's listing, if any, else
  // into the top listing.
  void Add(absl::string_view name, absl::string_view sha256_hex);
  uint64_t size() const { return count_; }
  // Appends the top listing's file lines to `out`.
  absl::Status CopyTo(ExportFile* out) { return lines_.CopyTo(out); }

  // The previous export's copy of `name` (a path) when its listing names
  // `sha256_hex` for it and the file there has `size` bytes (a cheap check
  // that it was not changed on disk since; verify export checks every
  // byte); "" otherwise.
  std::string PreviousCopy(const std::string& name,
                           absl::string_view sha256_hex, uint64_t size) const;
  // Files added from now until EndAgency belong to `agency_id`.
  void BeginAgency(const std::string& agency_id);
  // Writes listings/<agency>.txt with what the agency's files were made
  // from (`inputs`) and the agencies its pages name, and lists it in the
  // top listing.
  absl::Status EndAgency(const std::string& inputs,
                         std::vector<std::string> names);
  const PreviousExport* previous() const { return previous_; }

 private:
  std::string dir_;
  SpillFile lines_;
  uint64_t count_ = 0;
  const PreviousExport* previous_;
  // The agency being written, and its previous listing (to link files
  // that did not change).
  std::optional<AgencyListing> agency_;
  std::optional<AgencyListing> previous_agency_;
};

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
  // Bytes appended so far.
  uint64_t size() const { return size_; }
  // Closes the file and records it in `listing`; the first error met, if
  // any, naming the file. When the previous export held the same bytes
  // under this name, the file is replaced by a hard link to that copy.
  absl::Status Close(ExportListing* listing);
  // Closes a file the listing does not name (the listing itself): its
  // SHA-256 in hex, or the first error met.
  absl::StatusOr<std::string> CloseUnlisted();

 private:
  std::string name_;
  std::string path_;
  FILE* file_ = nullptr;
  Sha256 sha_;
  uint64_t size_ = 0;
  absl::Status status_;
};

// A JSON array written one element at a time.
class JsonArrayWriter {
 public:
  explicit JsonArrayWriter(ExportFile* f) : f_(f) { f_->Append("["); }
  void Add(absl::string_view element) {
    BeginElement();
    f_->Append(element);
  }
  // Writes what goes before the next element, which the caller then
  // appends to the file itself (in pieces, or several elements already
  // joined by ",\n").
  void BeginElement() {
    f_->Append(first_ ? "\n" : ",\n");
    first_ = false;
  }
  void End() { f_->Append("\n]\n"); }

 private:
  ExportFile* f_;
  bool first_ = true;
};

// Writes a whole file at once (or links the previous export's copy when it
// holds the same bytes).
absl::Status WriteExportFile(const std::string& dir, const std::string& name,
                             absl::string_view content, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_FILE_H_
