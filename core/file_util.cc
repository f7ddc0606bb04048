#include "core/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

absl::StatusOr<std::string> ReadFd(int fd, size_t max_bytes,
                                   absl::string_view name) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, _("reading"), name);
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0 is larger than the limit of $1 bytes"), name, max_bytes));
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

absl::Status WriteAll(int fd, absl::string_view content,
                      absl::string_view name) {
  while (!content.empty()) {
    ssize_t n = write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, _("writing"), name);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

std::string Octal(unsigned mode) {
  char buf[8];
  snprintf(buf, sizeof(buf), "%03o", mode);
  return buf;
}

}  // namespace

absl::Status ErrnoStatus(int err, absl::string_view op,
                         absl::string_view path) {
  std::string msg = absl::StrCat(op, " ", path, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(msg);
    case EEXIST:
      return absl::AlreadyExistsError(msg);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(msg);
    case ENOSPC:
      return absl::ResourceExhaustedError(msg);
    default:
      return absl::UnavailableError(msg);
  }
}

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, _("opening"), path);
  absl::StatusOr<std::string> out = ReadFd(fd, max_bytes, path);
  close(fd);
  return out;
}

absl::StatusOr<std::string> ReadStdin(size_t max_bytes) {
  return ReadFd(STDIN_FILENO, max_bytes, "standard input");
}

absl::Status WriteNewFile(const std::string& path, absl::string_view content,
                          mode_t mode) {
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    return absl::AlreadyExistsError(absl::Substitute(
        _("$0 already exists; refusing to overwrite it"), path));
  }
  std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus(errno, _("creating"), tmp);
  absl::Status st_write = WriteAll(fd, content, tmp);
  // fchmod: the process umask must not widen or narrow the requested mode.
  if (st_write.ok() && fchmod(fd, mode) != 0) {
    st_write = ErrnoStatus(errno, "chmod", tmp);
  }
  if (st_write.ok() && fsync(fd) != 0) {
    st_write = ErrnoStatus(errno, "fsync", tmp);
  }
  close(fd);
  if (st_write.ok() && link(tmp.c_str(), path.c_str()) != 0) {
    // link(2) fails with EEXIST instead of replacing: no race with another
    // writer of the same path.
    st_write = ErrnoStatus(errno, _("linking"), path);
  }
  unlink(tmp.c_str());
  return st_write;
}

absl::Status ReplaceFileDurably(const std::string& path,
                                absl::string_view content, mode_t mode) {
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  int fd =
      open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 0777);
  if (fd < 0) return ErrnoStatus(errno, _("creating"), tmp);
  absl::Status st = WriteAll(fd, content, tmp);
  if (st.ok() && fchmod(fd, mode) != 0) st = ErrnoStatus(errno, "chmod", tmp);
  if (st.ok() && fsync(fd) != 0) st = ErrnoStatus(errno, "fsync", tmp);
  if (close(fd) != 0 && st.ok()) st = ErrnoStatus(errno, _("closing"), tmp);
  if (st.ok() && rename(tmp.c_str(), path.c_str()) != 0) {
    st = ErrnoStatus(errno, _("renaming over"), path);
  }
  if (!st.ok()) {
    unlink(tmp.c_str());
    return st;
  }
  // The rename is durable only once the folder is.
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  int dfd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return ErrnoStatus(errno, _("opening"), folder);
  if (fsync(dfd) != 0) st = ErrnoStatus(errno, "fsync", folder);
  close(dfd);
  return st;
}

absl::Status CheckOwnerOnly(const std::string& dir) {
  auto check = [](const std::string& path) -> absl::Status {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "stat", path);
    if ((st.st_mode & 077) != 0) {
      return absl::FailedPreconditionError(
          absl::Substitute(_("$0 is accessible to other users (mode $1); it "
                             "holds personal data: run chmod -R go-rwx $2"),
                           path, Octal(st.st_mode & 0777), path));
    }
    return absl::OkStatus();
  };
  DN_RETURN_IF_ERROR(check(dir));
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return absl::OkStatus();
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    DN_RETURN_IF_ERROR(check(it->path().string()));
  }
  if (ec) return ErrnoStatus(ec.value(), "listing", dir);
  return absl::OkStatus();
}

}  // namespace disclosure
