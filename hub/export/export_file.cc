#include "hub/export/export_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/status_macros.h"

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
  size_ += data.size();
  if (fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    status_ = ErrnoStatus(errno, _("writing"), path_);
  }
}

absl::StatusOr<std::string> ExportFile::CloseUnlisted() {
  if (file_ != nullptr && fclose(file_) != 0 && status_.ok()) {
    status_ = ErrnoStatus(errno, _("closing"), path_);
  }
  file_ = nullptr;
  DN_RETURN_IF_ERROR(status_);
  return HexEncode(AsBytes(sha_.Finish()));
}

namespace {

// Replaces `path` by a hard link to `previous` (same bytes), through a
// temporary name so that `path` is always whole. On failure (another file
// system, no hard links) the file written stays: only its mtime is lost.
void LinkInPlace(const std::string& previous, const std::string& path) {
  const std::string tmp = path + ".link";
  if (link(previous.c_str(), tmp.c_str()) != 0) return;
  if (rename(tmp.c_str(), path.c_str()) != 0) unlink(tmp.c_str());
}

}  // namespace

absl::Status ExportFile::Close(ExportListing* listing) {
  DN_ASSIGN_OR_RETURN(std::string sha, CloseUnlisted());
  if (const std::string previous = listing->PreviousCopy(name_, sha, size_);
      !previous.empty()) {
    LinkInPlace(previous, path_);
  }
  listing->Add(name_, sha);
  return absl::OkStatus();
}

SpillFile::SpillFile(const std::string& dir) : dir_(dir) {
  // O_TMPFILE: no name, so nothing to clean up after a crash. Some file
  // systems lack it; a named file unlinked at once serves the same.
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string name = dir + "/.spill-XXXXXX";
    fd = mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) unlink(name.c_str());
  }
  if (fd >= 0) file_ = fdopen(fd, "w+");
  if (file_ == nullptr) {
    status_ = ErrnoStatus(errno, _("creating a temporary file in"), dir);
    if (fd >= 0) close(fd);
  }
}

SpillFile::~SpillFile() {
  if (file_ != nullptr) fclose(file_);
}

void SpillFile::Append(absl::string_view data) {
  if (!status_.ok()) return;
  if (fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    status_ = ErrnoStatus(errno, _("writing a temporary file in"), dir_);
    return;
  }
  size_ += data.size();
}

absl::Status SpillFile::CopyTo(ExportFile* out) {
  DN_RETURN_IF_ERROR(status_);
  if (fflush(file_) != 0 || fseeko(file_, 0, SEEK_SET) != 0) {
    return ErrnoStatus(errno, _("reading a temporary file in"), dir_);
  }
  std::string buffer(1 << 16, '\0');
  for (uint64_t left = size_; left > 0;) {
    const size_t n =
        fread(buffer.data(), 1, std::min<uint64_t>(left, buffer.size()), file_);
    if (n == 0) {
      return ferror(file_)
                 ? ErrnoStatus(errno, _("reading a temporary file in"), dir_)
                 : absl::DataLossError(absl::StrCat("a temporary file in ",
                                                    dir_, " was cut short"));
    }
    out->Append(absl::string_view(buffer.data(), n));
    left -= n;
  }
  // Later appends go after what is there.
  if (fseeko(file_, 0, SEEK_END) != 0) {
    return ErrnoStatus(errno, _("reading a temporary file in"), dir_);
  }
  return absl::OkStatus();
}

void ExportListing::Add(absl::string_view name, absl::string_view sha256_hex) {
  ++count_;
  if (agency_.has_value()) {
    agency_->files[std::string(name)] = std::string(sha256_hex);
    return;
  }
  lines_.Append(absl::StrCat("file ", sha256_hex, " ", name, "\n"));
}

std::string ExportListing::PreviousCopy(const std::string& name,
                                        absl::string_view sha256_hex,
                                        uint64_t size) const {
  if (previous_ == nullptr || previous_->empty()) return "";
  std::string held;
  if (previous_agency_.has_value()) {
    auto it = previous_agency_->files.find(name);
    if (it != previous_agency_->files.end()) held = it->second;
  }
  // A file the previous export listed at the top: a site-wide one, or any
  // file of an export of format 2.
  if (held.empty()) held = previous_->TopSha(name);
  if (held.empty() || held != sha256_hex) return "";
  std::string path = absl::StrCat(previous_->dir(), "/", name);
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<uint64_t>(st.st_size) != size) {
    return "";
  }
  return path;
}

void ExportListing::BeginAgency(const std::string& agency_id) {
  agency_.emplace();
  agency_->agency_id = agency_id;
  previous_agency_.reset();
  if (previous_ != nullptr && !previous_->empty())
    previous_agency_ = previous_->Agency(agency_id);
}

absl::Status ExportListing::EndAgency(const std::string& inputs,
                                      std::vector<std::string> names) {
  if (!agency_.has_value())
    return absl::InternalError("EndAgency without BeginAgency");
  AgencyListing done = *std::move(agency_);
  agency_.reset();
  previous_agency_.reset();
  done.inputs = inputs;
  done.names = std::move(names);
  return WriteExportFile(dir_, AgencyListingPath(done.agency_id),
                         AgencyListingText(done), this);
}

absl::Status WriteExportFile(const std::string& dir, const std::string& name,
                             absl::string_view content,
                             ExportListing* listing) {
  // Unchanged since the previous export: linked without writing. Hashed
  // here only when there is a previous export to compare with (a full
  // export hashes each file once, as it writes it).
  const PreviousExport* before = listing->previous();
  const std::string sha = before == nullptr || before->empty()
                              ? ""
                              : HexEncode(AsBytes(Sha256::Of(content)));
  if (const std::string previous =
          sha.empty() ? "" : listing->PreviousCopy(name, sha, content.size());
      !previous.empty() && IsSafeExportPath(name)) {
    const std::string path = absl::StrCat(dir, "/", name);
    std::error_code ec;
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path(), ec);
    if (link(previous.c_str(), path.c_str()) == 0) {
      listing->Add(name, sha);
      return absl::OkStatus();
    }
  }
  ExportFile f(dir, name);
  f.Append(content);
  return f.Close(listing);
}

}  // namespace disclosure::hub
