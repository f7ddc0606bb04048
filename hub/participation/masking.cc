#include "hub/participation/masking.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace disclosure::hub {
namespace {

// One code point of the text: its bytes and its folded ASCII form (0 when
// it has none).
struct Char {
  size_t begin = 0;
  size_t end = 0;
  char ascii = 0;
};

// Decodes valid UTF-8 and folds full-width ASCII (U+FF01..U+FF5E) and the
// ideographic and full-width hyphens to ASCII.
std::vector<Char> Decode(absl::string_view s) {
  std::vector<Char> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    Char ch{i, std::min(i + len, s.size()), 0};
    if (cp < 0x80) {
      ch.ascii = static_cast<char>(cp);
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
      ch.ascii = static_cast<char>(cp - 0xFEE0);
    } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2212) {
      ch.ascii = '-';
    } else if (cp == 0x3000) {
      ch.ascii = ' ';
    }
    out.push_back(ch);
    i = ch.end;
  }
  return out;
}

bool Alnum(const std::vector<Char>& t, size_t i) {
  return i < t.size() && absl::ascii_isalnum(t[i].ascii);
}
bool Digit(const std::vector<Char>& t, size_t i) {
  return i < t.size() && absl::ascii_isdigit(t[i].ascii);
}

// Length in code points of an ID number at `i`, or 0.
size_t IdAt(const std::vector<Char>& t, size_t i) {
  if (i > 0 && Alnum(t, i - 1)) return 0;
  if (i + 10 > t.size() || !absl::ascii_isalpha(t[i].ascii)) return 0;
  const char second = absl::ascii_toupper(t[i + 1].ascii);
  if (!(second == '1' || second == '2' || second == '8' || second == '9' ||
        (second >= 'A' && second <= 'D'))) {
    return 0;
  }
  for (size_t k = 2; k < 10; ++k)
    if (!Digit(t, i + k)) return 0;
  return Alnum(t, i + 10) ? 0 : 10;
}

bool PhoneSeparator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

// Length in code points of a phone number at `i`, or 0.
size_t PhoneAt(const std::vector<Char>& t, size_t i) {
  if (i > 0 && (Alnum(t, i - 1) || t[i - 1].ascii == '+')) return 0;
  size_t j = i;
  std::string digits;
  if (j < t.size() && t[j].ascii == '+') ++j;
  if (j < t.size() && t[j].ascii == '(') ++j;
  if (!Digit(t, j)) return 0;
  size_t last_digit = j;
  int separators = 0;  // in a row: "(02) 2345" has two
  while (j < t.size()) {
    if (Digit(t, j)) {
      separators = 0;
      digits.push_back(t[j].ascii);
      last_digit = j;
    } else if (!PhoneSeparator(t[j].ascii) || ++separators > 2) {
      break;
    }
    ++j;
  }
  if (Alnum(t, last_digit + 1)) return 0;
  const bool starts_ok = digits[0] == '0' || digits.rfind("886", 0) == 0;
  if (!starts_ok || digits.size() < 8) return 0;
  return last_digit + 1 - i;
}

// Length in code points of an e-mail address whose '@' is at `at`, and
// where it starts, or 0.
size_t EmailAround(const std::vector<Char>& t, size_t at, size_t* start) {
  auto local = [&](size_t k) {
    const char c = t[k].ascii;
    return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
  };
  size_t s = at;
  while (s > 0 && local(s - 1)) --s;
  if (s == at) return 0;
  size_t e = at + 1;
  size_t last_dot = 0;
  while (e < t.size() &&
         (Alnum(t, e) || t[e].ascii == '-' || t[e].ascii == '.')) {
    if (t[e].ascii == '.') last_dot = e;
    ++e;
  }
  while (e > at + 1 && t[e - 1].ascii == '.') --e;
  if (last_dot <= at + 1 || last_dot + 2 >= e + 1) return 0;
  *start = s;
  return e - s;
}

}  // namespace

MaskedText MaskPersonalNumbers(absl::string_view text) {
  std::vector<Char> t = Decode(text);
  // Spans to mask, in code points, in order: e-mail addresses first.
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t i = 0; i < t.size(); ++i) {
    size_t start = 0;
    const size_t n = t[i].ascii == '@' ? EmailAround(t, i, &start) : 0;
    if (n == 0) continue;
    const size_t end = start + n;
    // An address overlapping one found before joins it.
    while (!spans.empty() && spans.back().second > start) {
      start = std::min(start, spans.back().first);
      spans.pop_back();
    }
    spans.emplace_back(start, end);
    i = end - 1;
  }
  // A masked address reads as its token will: a boundary, neither letter
  // nor digit. So what is found next does not depend on what the address
  // was, and masking the result again finds nothing more.
  for (const auto& [from, to] : spans)
    for (size_t k = from; k < to; ++k) t[k].ascii = 0;
  std::vector<std::pair<size_t, size_t>> numbers;
  for (size_t i = 0; i < t.size(); ++i) {
    size_t n = IdAt(t, i);
    if (n == 0) n = PhoneAt(t, i);
    if (n > 0) {
      numbers.emplace_back(i, i + n);
      // Masked, it is a boundary for what follows too.
      for (size_t k = i; k < i + n; ++k) t[k].ascii = 0;
      i += n - 1;
    }
  }
  spans.insert(spans.end(), numbers.begin(), numbers.end());
  std::sort(spans.begin(), spans.end());
  MaskedText out;
  size_t byte = 0;
  for (const auto& [from, to] : spans) {
    absl::StrAppend(&out.text, text.substr(byte, t[from].begin - byte),
                    kMaskToken);
    byte = t[to - 1].end;
  }
  absl::StrAppend(&out.text, text.substr(byte));
  out.count = static_cast<int>(spans.size());
  return out;
}

}  // namespace disclosure::hub
