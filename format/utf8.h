// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates,
// nothing above U+10FFFF. Used by every parser of text that is signed or
// imported.
#ifndef DISCLOSURE_FORMAT_UTF8_H_
#define DISCLOSURE_FORMAT_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace disclosure {

// True iff `s` is well-formed UTF-8. When false and `bad_offset` is not
// null, stores the byte offset of the first ill-formed sequence.
bool IsValidUtf8(absl::string_view s, size_t* bad_offset = nullptr);

// True iff the code point starting at `s[i]` (valid UTF-8 assumed) is a
// Unicode space separator or ASCII whitespace; stores its length in `len`.
bool IsUnicodeSpaceAt(absl::string_view s, size_t i, size_t* len);

// The byte offset of the first Unicode bidirectional embedding, override or
// isolate control in `s` (U+202A..U+202E, U+2066..U+2069), or npos. Such a
// character makes text display in another order than it was written ("RTL
// override"); valid UTF-8 assumed.
size_t FindBidiControl(absl::string_view s);

// The byte offset of the first ASCII control character (below 0x20, or
// DEL) in `s` that is not one of `allowed` (e.g. "\n\t"), or npos.
size_t FindControlChar(absl::string_view s, absl::string_view allowed = "");

// The number of code points in `s` (valid UTF-8 assumed): what a person
// counts as characters, for text limits.
size_t Utf8CharCount(absl::string_view s);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_UTF8_H_
