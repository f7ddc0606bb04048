#include "hub/index/text_terms.h"

#include <algorithm>

namespace disclosure::hub {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

// Decodes the code point at `s[i]` (lenient: a broken sequence is one
// byte of its own) and returns its length in bytes.
size_t CodePointAt(std::string_view s, size_t i, uint32_t* cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (c >= 0x80 && c < 0xC0) len = 1;
  len = std::min(len, s.size() - i);
  uint32_t v = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k)
    v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = v;
  return len;
}

// Non-ASCII characters that separate like a space: spaces, CJK symbols and
// punctuation (、。「」《》…), full-width ASCII punctuation, general
// punctuation (— ‘ ’ “ ” …).
bool IsSeparator(uint32_t cp) {
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF;
}

struct Token {
  std::string text;
  bool word = false;  // an ASCII word; otherwise one character
};

// The tokens of `s`, with an empty token standing for each break (so that
// characters either side of it are not neighbours).
std::vector<Token> Tokens(std::string_view s) {
  std::vector<Token> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsAsciiAlnum(c)) {
      Token t{"", true};
      while (i < s.size() && IsAsciiAlnum(static_cast<unsigned char>(s[i]))) {
        t.text.push_back(static_cast<char>(
            s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]));
        ++i;
      }
      out.push_back(std::move(t));
      continue;
    }
    uint32_t cp = 0;
    const size_t len = CodePointAt(s, i, &cp);
    if (c < 0x80 || IsSeparator(cp)) {
      if (!out.empty() && !out.back().text.empty()) out.push_back({});
    } else {
      out.push_back({std::string(s.substr(i, len)), false});
    }
    i += len;
  }
  return out;
}

}  // namespace

bool IsAsciiWord(std::string_view term) {
  return !term.empty() && std::all_of(term.begin(), term.end(), [](char c) {
    return IsAsciiAlnum(static_cast<unsigned char>(c));
  });
}

namespace {

// A character token (not a word, not a break).
bool IsCharacter(const Token& t) { return !t.word && !t.text.empty(); }

// The `n` characters from tokens[at], or "" if the run is shorter.
std::string NGram(const std::vector<Token>& tokens, size_t at, size_t n) {
  std::string out;
  for (size_t k = at; k < at + n; ++k) {
    if (k >= tokens.size() || !IsCharacter(tokens[k])) return "";
    out += tokens[k].text;
  }
  return out;
}

}  // namespace

uint32_t AppendIndexTerms(std::string_view text, uint32_t first_position,
                          std::vector<PositionedTerm>* out) {
  const std::vector<Token> tokens = Tokens(text);
  uint32_t pos = first_position;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.text.empty()) {
      ++pos;  // a break is a position nothing is at
      continue;
    }
    out->push_back({t.text, pos, t.word});
    if (!t.word) {
      for (size_t n : {2, 3}) {
        std::string gram = NGram(tokens, i, n);
        if (gram.empty()) break;
        out->push_back({std::move(gram), pos, true});
      }
    }
    ++pos;
  }
  return pos;
}

std::vector<PositionedTerm> QueryTerms(std::string_view word) {
  const std::vector<Token> tokens = Tokens(word);
  std::vector<PositionedTerm> out;
  // Each token, a break included, is one position: its index.
  for (size_t i = 0; i < tokens.size();) {
    const Token& t = tokens[i];
    if (!IsCharacter(t)) {
      if (t.word) out.push_back({t.text, static_cast<uint32_t>(i)});
      ++i;
      continue;
    }
    size_t end = i;
    while (end < tokens.size() && IsCharacter(tokens[end])) ++end;
    const size_t run = end - i;
    if (run == 1) {
      out.push_back({t.text, static_cast<uint32_t>(i), false});
    } else if (run == 2) {
      out.push_back({NGram(tokens, i, 2), static_cast<uint32_t>(i)});
    } else {
      // Every trigram of the run, at consecutive positions: a phrase of
      // them matches exactly where the run is written.
      for (size_t k = i; k + 3 <= end; ++k)
        out.push_back({NGram(tokens, k, 3), static_cast<uint32_t>(k)});
    }
    i = end;
  }
  if (!out.empty()) {
    const uint32_t first = out.front().position;
    for (PositionedTerm& t : out) t.position -= first;
  }
  return out;
}

}  // namespace disclosure::hub
