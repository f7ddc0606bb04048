// Helpers for configuration files in protobuf text format, shared by the
// node and the hub: parsing with the first error's line and column, errors
// that name the field, and paths relative to the config file's folder.
#ifndef DISCLOSURE_CORE_TEXT_CONFIG_H_
#define DISCLOSURE_CORE_TEXT_CONFIG_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace disclosure {

// Parses `text` into `config`. InvalidArgument "config is not valid <Type>
// text format: line L, column C: ..." otherwise.
absl::Status ParseTextConfig(const std::string& text,
                             google::protobuf::Message* config);

// InvalidArgument "config field <field>: <why>".
absl::Status ConfigFieldError(absl::string_view field, absl::string_view why);

// Makes a relative `path` relative to `base_dir` (empty stays empty).
void ResolveConfigPath(std::string* path, const std::string& base_dir);

// The folder of the config file at `path` ("." for a bare file name).
std::string ConfigBaseDir(const std::string& path);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_TEXT_CONFIG_H_
