// What the export before this one holds, read from its signed listing
// (format/export_listing.h), so that the new export can reuse it:
//
//   - an agency whose inputs did not change keeps all its files: they are
//     hard-linked from the previous export, not rendered again;
//   - any other file written with the same bytes as the previous export's
//     file of that name is replaced by a hard link to it.
//
// Either way the file keeps its inode, so its modification time does not
// change and a mirror (rsync, a CDN upload) moves only what changed.
//
// The previous export is the hub's own work, read back from disk. A listing
// that cannot be read or does not parse means nothing is reused (the export
// is written in full); it is never an error. An agency listing is used only
// when its SHA-256 is the one the previous top listing names.
#ifndef DISCLOSURE_HUB_EXPORT_PREVIOUS_EXPORT_H_
#define DISCLOSURE_HUB_EXPORT_PREVIOUS_EXPORT_H_

#include <map>
#include <optional>
#include <string>

#include "format/export_listing.h"

namespace disclosure::hub {

class PreviousExport {
 public:
  // Nothing to reuse.
  PreviousExport() = default;
  // Reads the listing of the export folder `dir` ("" for none).
  static PreviousExport Open(const std::string& dir);

  bool empty() const { return dir_.empty(); }
  const std::string& dir() const { return dir_; }
  // The SHA-256 hex of `name` in the previous top listing, or "".
  std::string TopSha(const std::string& name) const;
  // The agency's listing in the previous export, if it had one that
  // matches the top listing.
  std::optional<AgencyListing> Agency(const std::string& agency_id) const;

 private:
  std::string dir_;
  std::map<std::string, std::string> top_;  // path -> SHA-256 hex
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_PREVIOUS_EXPORT_H_
