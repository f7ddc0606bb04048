#include "tools/disclosurectl/cli_util.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure::cli {

void PrintError(absl::string_view command, absl::string_view message) {
  std::cerr << "disclosurectl " << command << ": " << message << std::endl;
}

absl::StatusOr<std::string> ReadInput(const std::string& path,
                                      size_t max_bytes) {
  if (path.empty() || path == "-") return ReadStdin(max_bytes);
  return ReadFile(path, max_bytes);
}

absl::StatusOr<Hash> ParseHexHash(absl::string_view hex,
                                  absl::string_view what) {
  absl::StatusOr<std::string> bytes = HexDecode(hex);
  if (!bytes.ok() || bytes->size() != kHashSize) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 must be 64 hex digits (a SHA-256 hash)"), what));
  }
  return *HashFromBytes(*bytes);
}

absl::StatusOr<std::vector<Hash>> ParseHexHashList(absl::string_view list,
                                                   absl::string_view what) {
  std::vector<Hash> out;
  if (list.empty()) return out;
  size_t i = 0;
  for (absl::string_view item : absl::StrSplit(list, ',')) {
    DN_ASSIGN_OR_RETURN(Hash h,
                        ParseHexHash(item, absl::StrCat(what, " item ", i)));
    out.push_back(h);
    ++i;
  }
  return out;
}

absl::StatusOr<std::string> ResolveVerifierKeyText(const std::string& arg) {
  if (ParseVerifierKey(arg).ok()) return arg;
  absl::StatusOr<std::string> content = ReadFile(arg, 4096);
  if (content.ok()) return *content;
  if (absl::IsNotFound(content.status())) {
    // Neither a file nor a valid key: report why the text is not a key.
    return ParseVerifierKey(arg).status();
  }
  return content.status();
}

std::string When(int64_t seconds) {
  if (seconds == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M %Ez", absl::FromUnixSeconds(seconds),
                          TaipeiTime());
}

// "in 3 days" / "2 hours ago", for times near `now`.
std::string Relative(int64_t t, int64_t now) {
  if (t == 0) return "";
  const int64_t d = t - now;
  const int64_t a = d < 0 ? -d : d;
  if (a < 5) return _("just now");
  // Rounded to the nearest unit: a snapshot that expires in 3 days reads
  // "in 3 days" a second after it was published, not "in 2 days".
  const auto in_units = [a](int64_t unit) { return (a + unit / 2) / unit; };
  std::string span =
      a >= 2 * 86400  ? absl::Substitute(_("$0 days"), in_units(86400))
      : a >= 2 * 3600 ? absl::Substitute(_("$0 hours"), in_units(3600))
      : a >= 120      ? absl::Substitute(_("$0 minutes"), in_units(60))
                      : absl::Substitute(_("$0 seconds"), a);
  return absl::Substitute(d >= 0 ? _("in $0") : _("$0 ago"), span);
}

std::string Label(const std::string& label, size_t width) {
  size_t columns = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    const auto c = static_cast<unsigned char>(label[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    columns += c >= 0xE0 ? 2 : 1;      // 3- and 4-byte characters: wide
  }
  return label + std::string(columns < width ? width - columns : 1, ' ');
}

}  // namespace disclosure::cli
