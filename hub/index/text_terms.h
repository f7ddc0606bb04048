// How the hub's search text becomes index terms, and a query word the same
// terms: one definition for both sides, so that what is indexed is what a
// query can find.
//
// Text is read as tokens, each at its own position:
//   - a run of ASCII letters and digits is one word, lower-cased
//     ("NHI" -> "nhi");
//   - every other character that is not a space or punctuation (Chinese,
//     Japanese kana, full-width letters ...) is a token of its own.
// Chinese is written without spaces, so characters are indexed as n-grams:
// each character, each pair of neighbouring characters (a bigram) and each
// three (a trigram), the n-grams at the position of their first character.
// A query word of one, two or three characters is then one term (most
// words: 稅, 戶籍, 戶役政), and a longer one a phrase of its trigrams at
// consecutive positions, which matches exactly where the word is written,
// with no need to read the text; trigrams are rare enough that the phrase
// has few candidates to check. Spaces, punctuation and field boundaries
// break runs: no n-gram or phrase spans them.
#ifndef DISCLOSURE_HUB_INDEX_TEXT_TERMS_H_
#define DISCLOSURE_HUB_INDEX_TEXT_TERMS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace disclosure::hub {

struct PositionedTerm {
  std::string term;
  uint32_t position = 0;
  // Single characters are indexed without positions (no query needs them:
  // a run of characters is searched by its bigrams), which halves the
  // positions to store.
  bool positional = true;
};

// The terms to index for `text`, positions counted from `first_position`.
// Returns the position after the last token (callers leave a gap before
// the next field).
uint32_t AppendIndexTerms(std::string_view text, uint32_t first_position,
                          std::vector<PositionedTerm>* out);

// The terms a query word must match, with their positions relative to the
// first (0): in order and at those distances where `positional`; a single
// character in a longer word (between ASCII words, "A資B") is only
// required somewhere. Empty if the word has nothing to search by (only
// punctuation).
std::vector<PositionedTerm> QueryTerms(std::string_view word);

// Whether `term` is one ASCII word (a query may also match it as a prefix).
bool IsAsciiWord(std::string_view term);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_TEXT_TERMS_H_
