// Masks what identifies a person in a question before anyone but the
// agency it concerns sees it: Taiwan national ID and resident certificate
// numbers, phone numbers and e-mail addresses. People paste them into
// questions ("我的身分證 A123456789 ...") whatever the form says.
//
// Matched, after folding full-width forms (Ａ１２３ -> A123):
//   - ID numbers: a letter, then 1, 2, 8, 9 or A-D, then 8 digits, not
//     inside a longer run of letters and digits (the checksum is not
//     asked: a mistyped number identifies a person as well);
//   - phone numbers: 8 digits or more, possibly split by spaces, hyphens,
//     dots or parentheses, that start with 0 or with +886 / 886 (a
//     mobile "0912-345-678", a landline "(02) 2345-6789"); a longer run
//     of that shape (an account number, two numbers in a row) is masked
//     whole; a date such as 20261207 does not start with 0 and is kept;
//   - e-mail addresses: local@domain.tld.
// Each match becomes kMaskToken. The rules over-mask rather than
// under-mask: a stray account number starting with 0 is masked too.
#ifndef DISCLOSURE_HUB_PARTICIPATION_MASKING_H_
#define DISCLOSURE_HUB_PARTICIPATION_MASKING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace disclosure::hub {

inline constexpr absl::string_view kMaskToken = "〔已遮蔽 masked〕";

struct MaskedText {
  std::string text;
  // How many matches were replaced.
  int count = 0;
};

// `text` must be valid UTF-8.
MaskedText MaskPersonalNumbers(absl::string_view text);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_PARTICIPATION_MASKING_H_
