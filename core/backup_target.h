// Where a backup may be written: never inside a folder the process owns or
// publishes, nor around one. A backup inside the hub's export is published
// with it (and deleted by the next export); one inside a store is part of
// the store it is meant to survive; one around a store or export mixes the
// backup's files with them.
//
//   DN_RETURN_IF_ERROR(CheckBackupTarget(to, {{"the store", data_dir},
//                                             {"the export", export_dir,
//                                              /*with_versions=*/true}}));
#ifndef DISCLOSURE_CORE_BACKUP_TARGET_H_
#define DISCLOSURE_CORE_BACKUP_TARGET_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace disclosure {

struct ProtectedFolder {
  std::string what;  // for the message: "the store", "the public export"
  std::string path;
  // The folder is a symlink swapped between versions written beside it
  // ("<name>-<n>", ".<name>-<n>.partial-..."): those are protected too,
  // and so is any new folder whose name starts "<name>-".
  bool with_versions = false;
};

// OK when `target` is none of `folders`, not inside one and does not hold
// one, comparing paths with symlinks resolved. InvalidArgument naming the
// folder and what to do otherwise. An empty `target` is InvalidArgument.
absl::Status CheckBackupTarget(const std::string& target,
                               const std::vector<ProtectedFolder>& folders);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_BACKUP_TARGET_H_
