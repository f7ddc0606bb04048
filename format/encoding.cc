#include "format/encoding.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "format/translation.h"

namespace disclosure {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string JsonQuoted(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20) {
      out += absl::StrFormat("\\u%04x", u);
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string HexEncode(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::StatusOr<std::string> HexDecode(absl::string_view hex) {
  if (hex.size() % 2 != 0) {
    return absl::InvalidArgumentError(
        _("hex string has an odd number of digits"));
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(
          _("hex string has a non-hex character"));
    }
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string Base64Encode(absl::string_view bytes) {
  return absl::Base64Escape(bytes);
}

absl::StatusOr<std::string> Base64Decode(absl::string_view b64) {
  std::string out;
  // Abseil's decoder is lenient (whitespace, missing padding, stray pad
  // bits); re-encoding and comparing leaves exactly the canonical form.
  if (b64.size() % 4 != 0 || !absl::Base64Unescape(b64, &out) ||
      absl::Base64Escape(out) != b64) {
    return absl::InvalidArgumentError(_("not canonical base64"));
  }
  return out;
}

}  // namespace disclosure
