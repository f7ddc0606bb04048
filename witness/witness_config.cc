#include "witness/witness_config.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/file_util.h"
#include "core/text_config.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure::witness {

using disclosure::v1::witness::WitnessConfig;

absl::StatusOr<WitnessConfig> LoadWitnessConfig(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4 << 20));
  WitnessConfig c;
  DN_RETURN_IF_ERROR(ParseTextConfig(text, &c));
  const std::string base = ConfigBaseDir(path);
  ResolveConfigPath(c.mutable_key_file(), base);
  ResolveConfigPath(c.mutable_data_dir(), base);
  ResolveConfigPath(c.mutable_log_vkeys_file(), base);
  if (c.listen().empty()) c.set_listen("127.0.0.1:7380");
  if (c.threads() == 0) c.set_threads(4);
  if (c.threads() > 256) return ConfigFieldError("threads", "at most 256");
  if (c.key_file().empty()) return ConfigFieldError("key_file", "required");
  if (c.data_dir().empty()) return ConfigFieldError("data_dir", "required");
  if (c.log_vkeys().empty() && c.log_vkeys_file().empty()) {
    return ConfigFieldError("log_vkeys",
                            "name at least one log (or log_vkeys_file)");
  }
  for (const std::string& v : c.log_vkeys()) {
    if (absl::StatusOr<VerifierKey> k = ParseVerifierKey(v); !k.ok()) {
      return ConfigFieldError("log_vkeys", k.status().message());
    }
  }
  return c;
}

absl::StatusOr<std::vector<std::string>> LogVkeys(const WitnessConfig& c) {
  std::vector<std::string> out(c.log_vkeys().begin(), c.log_vkeys().end());
  if (c.log_vkeys_file().empty()) return out;
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(c.log_vkeys_file(), 16 << 20));
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    if (absl::StatusOr<VerifierKey> k = ParseVerifierKey(line); !k.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          c.log_vkeys_file(), " line ", number, ": ", k.status().message()));
    }
    out.emplace_back(line);
  }
  return out;
}

}  // namespace disclosure::witness
