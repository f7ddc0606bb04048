#include "hub/export/export_file.h"

#include <cerrno>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/encoding.h"
#include "core/file_util.h"
#include "core/i18n.h"

namespace disclosure::hub {

bool IsSafeExportPath(absl::string_view name) {
  if (name.empty() || name.size() > 512) return false;
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

ExportFile::ExportFile(const std::string& dir, std::string name)
    : name_(std::move(name)), path_(dir + "/" + name_) {
  if (!IsSafeExportPath(name_)) {
    status_ = absl::InvalidArgumentError(
        absl::StrCat("unsafe file name in export: \"", name_, "\""));
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(
      std::filesystem::path(path_).parent_path(), ec);
  file_ = fopen(path_.c_str(), "wx");
  if (file_ == nullptr) status_ = ErrnoStatus(errno, _("creating"), path_);
}

ExportFile::~ExportFile() {
  if (file_ != nullptr) fclose(file_);
}

void ExportFile::Append(absl::string_view data) {
  if (!status_.ok()) return;
  sha_.Update(data);
  if (fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    status_ = ErrnoStatus(errno, _("writing"), path_);
  }
}

absl::Status ExportFile::Close(ExportListing* listing) {
  if (file_ != nullptr && fclose(file_) != 0 && status_.ok()) {
    status_ = ErrnoStatus(errno, _("closing"), path_);
  }
  file_ = nullptr;
  if (status_.ok()) (*listing)[name_] = HexEncode(AsBytes(sha_.Finish()));
  return status_;
}

absl::Status WriteExportFile(const std::string& dir, const std::string& name,
                             absl::string_view content,
                             ExportListing* listing) {
  ExportFile f(dir, name);
  f.Append(content);
  return f.Close(listing);
}

}  // namespace disclosure::hub
