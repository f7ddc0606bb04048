// A reviewed synonym table for search: groups of words that mean the same
// thing to the people searching, such as 健保 and 全民健康保險. A query word
// that is, or contains, a member of a group also matches with that member
// replaced by every other member of the group, so 健保資料 finds
// 全民健康保險資料. The file is CSV with a header row "terms" and one group
// per row, members separated by ';':
//
//   terms
//   健保;全民健康保險
//
// Immutable once loaded; thread-safe.
#ifndef DISCLOSURE_CORE_SYNONYMS_H_
#define DISCLOSURE_CORE_SYNONYMS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace disclosure {

class Synonyms {
 public:
  // Alternatives one query word expands to, at most (the word included).
  static constexpr size_t kMaxAlternatives = 16;

  // InvalidArgument naming the line of a group with fewer than two
  // members, an empty member, or a formula-like cell.
  static absl::StatusOr<Synonyms> Parse(const std::string& csv,
                                        const std::string& what);
  static absl::StatusOr<Synonyms> Load(const std::string& path);

  // `word` and the words it expands to (lower-cased members compare as
  // given); `word` first.
  std::vector<std::string> Expand(const std::string& word) const;
  // The table as a file Parse reads back to the same groups (members as
  // stored: lower-cased).
  std::string ToCsv() const;
  const std::vector<std::vector<std::string>>& groups() const {
    return groups_;
  }

 private:
  std::vector<std::vector<std::string>> groups_;
};

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_SYNONYMS_H_
