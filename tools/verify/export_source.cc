#include "tools/verify/export_source.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"

namespace disclosure::verify {
namespace {

class FolderSource final : public ExportSource {
 public:
  explicit FolderSource(std::string dir) : dir_(std::move(dir)) {}
  absl::StatusOr<std::string> Read(const std::string& path,
                                   size_t max_bytes) const override {
    if (absl::StrContains(path, "..")) {
      return absl::InvalidArgumentError(absl::StrCat("bad path ", path));
    }
    return ReadFile(absl::StrCat(dir_, "/", path), max_bytes);
  }
  const std::string& name() const override { return dir_; }

 private:
  const std::string dir_;
};

class HttpSource final : public ExportSource {
 public:
  HttpSource(std::string url, const std::string& origin, std::string prefix)
      : url_(std::move(url)), client_(origin), prefix_(std::move(prefix)) {
    client_.set_connection_timeout(10, 0);
    client_.set_read_timeout(30, 0);
    client_.set_follow_location(false);
  }
  absl::StatusOr<std::string> Read(const std::string& path,
                                   size_t max_bytes) const override {
    std::string body;
    bool too_long = false;
    httplib::Result res = client_.Get(absl::StrCat(prefix_, "/", path).c_str(),
                                      [&](const char* data, size_t n) {
                                        if (body.size() + n > max_bytes) {
                                          too_long = true;
                                          return false;
                                        }
                                        body.append(data, n);
                                        return true;
                                      });
    if (too_long) {
      return absl::ResourceExhaustedError(
          absl::StrCat(url_, "/", path, " is over ", max_bytes, " bytes"));
    }
    if (!res) {
      return absl::UnavailableError(absl::StrCat(
          "reading ", url_, "/", path, ": ", httplib::to_string(res.error())));
    }
    if (res->status == 404) {
      return absl::NotFoundError(absl::StrCat(url_, "/", path, " not found"));
    }
    if (res->status != 200) {
      return absl::UnavailableError(
          absl::StrCat(url_, "/", path, ": HTTP ", res->status));
    }
    return body;
  }
  const std::string& name() const override { return url_; }

 private:
  const std::string url_;
  mutable httplib::Client client_;
  const std::string prefix_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ExportSource>> OpenExportSource(
    const std::string& location) {
  if (!absl::StartsWith(location, "http://") &&
      !absl::StartsWith(location, "https://")) {
    return std::unique_ptr<ExportSource>(new FolderSource(location));
  }
  const size_t host = location.find("://") + 3;
  const size_t slash = location.find('/', host);
  std::string origin = location.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : location.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (origin.size() <= host) {
    return absl::InvalidArgumentError(
        absl::StrCat("URL ", location, " has no host"));
  }
  return std::unique_ptr<ExportSource>(
      new HttpSource(location, origin, std::move(prefix)));
}

}  // namespace disclosure::verify
