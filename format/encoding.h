// Strict hex and base64 (RFC 4648 section 4) codecs.
//
// Decoders accept exactly one spelling per byte string: no whitespace, no
// missing padding, no non-zero pad bits. Signed and hashed data must not be
// malleable through its encoding.
#ifndef DISCLOSURE_FORMAT_ENCODING_H_
#define DISCLOSURE_FORMAT_ENCODING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// `text` as a JSON string literal, quotes included: '"' and '\\' escaped,
// control characters as \u00XX; other bytes (UTF-8) pass through.
std::string JsonQuoted(absl::string_view text);

// Lowercase hex of `bytes`.
std::string HexEncode(absl::string_view bytes);

// True iff every character of `s` is 0-9 or a-f (true when empty).
bool IsLowerHex(absl::string_view s);

// Decodes hex (either case). InvalidArgument on odd length or a non-hex
// character.
absl::StatusOr<std::string> HexDecode(absl::string_view hex);

// Standard base64 with padding.
std::string Base64Encode(absl::string_view bytes);

// Decodes canonical standard base64 with padding. InvalidArgument otherwise.
absl::StatusOr<std::string> Base64Decode(absl::string_view b64);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_ENCODING_H_
