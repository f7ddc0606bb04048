#include "hub/export/export_tiles.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/encoding.h"
#include "core/file_util.h"
#include "core/sha256.h"
#include "core/status_macros.h"
#include "core/tlog_tiles.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;

// True when `previous` holds exactly `data` and is now linked at `target`.
bool LinkedFromPrevious(const std::string& previous, const std::string& target,
                        const std::string& data) {
  absl::StatusOr<std::string> held = ReadFile(previous, data.size() + 1);
  if (!held.ok() || *held != data) return false;
  std::error_code ec;
  fs::create_directories(fs::path(target).parent_path(), ec);
  fs::create_hard_link(previous, target, ec);
  return !ec;
}

}  // namespace

absl::Status ExportTiles(const std::string& agency_id,
                         const std::vector<std::string>& manifests,
                         const std::string& cosigned_checkpoint,
                         const std::string& dir,
                         const std::string& previous_dir,
                         ExportListing* listing) {
  const std::string prefix = absl::StrCat("logs/", agency_id, "/");
  DN_RETURN_IF_ERROR(WriteExportFile(dir, prefix + "checkpoint",
                                     cosigned_checkpoint, listing));
  DN_ASSIGN_OR_RETURN(std::vector<TileFile> tiles, LogTiles(manifests));
  for (const TileFile& t : tiles) {
    const std::string name = prefix + t.path;
    if (t.full && !previous_dir.empty() && IsSafeExportPath(name) &&
        LinkedFromPrevious(absl::StrCat(previous_dir, "/", name),
                           absl::StrCat(dir, "/", name), t.data)) {
      listing->Add(name, HexEncode(AsBytes(Sha256::Of(t.data))));
      continue;
    }
    DN_RETURN_IF_ERROR(WriteExportFile(dir, name, t.data, listing));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub
