#include "node/witness/witness_client.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace disclosure::node {
namespace {

// A reply body a witness may send: cosignature lines or a size; anything
// larger is refused rather than buffered.
constexpr size_t kMaxReplyBytes = kMaxNoteBytes;

class HttpWitnessClient final : public WitnessClient {
 public:
  HttpWitnessClient(const std::string& origin, std::string path,
                    absl::Duration timeout)
      : client_(origin), path_(std::move(path)) {
    const int64_t s = std::max<int64_t>(1, absl::ToInt64Seconds(timeout));
    client_.set_connection_timeout(s, 0);
    client_.set_read_timeout(s, 0);
    client_.set_write_timeout(s, 0);
    client_.set_keep_alive(true);
  }

  WitnessAnswer AddCheckpoint(const AddCheckpointRequest& request) override {
    WitnessAnswer a;
    std::string body;
    bool too_long = false;
    httplib::Request req;
    req.method = "POST";
    req.path = path_;
    req.body = FormatAddCheckpoint(request);
    req.set_header("Content-Type", "text/plain");
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      if (body.size() + n > kMaxReplyBytes) {
        too_long = true;
        return false;
      }
      body.append(data, n);
      return true;
    };
    httplib::Result res = client_.send(req);
    if (too_long) {
      a.kind = WitnessAnswer::Kind::kRefused;
      a.detail = "the reply is over the size limit";
      return a;
    }
    if (!res) {
      a.detail = httplib::to_string(res.error());
      return a;
    }
    a.status = res->status;
    if (res->status == 200) {
      absl::StatusOr<std::vector<std::string>> lines =
          ParseCosignatureLines(body);
      if (!lines.ok()) {
        a.kind = WitnessAnswer::Kind::kRefused;
        a.detail = std::string(lines.status().message());
        return a;
      }
      a.kind = WitnessAnswer::Kind::kCosigned;
      a.lines = *std::move(lines);
      return a;
    }
    if (res->status == 409) {
      absl::StatusOr<uint64_t> size = ParseTlogSize(body);
      if (size.ok()) {
        a.kind = WitnessAnswer::Kind::kConflict;
        a.size = *size;
        return a;
      }
    }
    a.kind = WitnessAnswer::Kind::kRefused;
    a.detail = body.substr(0, 200);
    while (!a.detail.empty() && a.detail.back() == '\n') a.detail.pop_back();
    return a;
  }

 private:
  httplib::Client client_;
  const std::string path_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<WitnessClient>> NewHttpWitnessClient(
    const std::string& url, absl::Duration timeout) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos || !(absl::StartsWith(url, "http://") ||
                                           absl::StartsWith(url, "https://"))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "witness URL \"", url, "\" must start with http:// or https://"));
  }
  size_t path_start = url.find('/', scheme_end + 3);
  std::string origin = url.substr(0, path_start);
  std::string prefix =
      path_start == std::string::npos ? "" : url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (origin.size() <= scheme_end + 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("witness URL \"", url, "\" has no host"));
  }
  return std::unique_ptr<WitnessClient>(new HttpWitnessClient(
      origin, absl::StrCat(prefix, "/add-checkpoint"), timeout));
}

}  // namespace disclosure::node
