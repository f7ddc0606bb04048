#include "core/text_config.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace disclosure {
namespace {

// Keeps the parser's first error with its position.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      first_ = absl::StrCat("line ", line + 1, ", column ", column + 1, ": ",
                            message);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

absl::Status ParseTextConfig(const std::string& text,
                             google::protobuf::Message* config) {
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, config)) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("config is not valid $0 text format: $1"),
                         config->GetDescriptor()->name(), errors.first()));
  }
  return absl::OkStatus();
}

absl::Status ConfigFieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::Substitute(_("config field $0: $1"), field, why));
}

void ResolveConfigPath(std::string* path, const std::string& base_dir) {
  if (!path->empty() && (*path)[0] != '/') {
    *path =
        (std::filesystem::path(base_dir) / *path).lexically_normal().string();
  }
}

std::string ConfigBaseDir(const std::string& path) {
  std::string base = std::filesystem::path(path).parent_path().string();
  return base.empty() ? "." : base;
}

}  // namespace disclosure
