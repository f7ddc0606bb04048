// Official code lists loaded at start-up: the specific purposes (特定目的)
// and data categories (個人資料之類別) of the list issued under PDPA Art. 53.
// Files are CSV "code,name_zh" with a header row, so an operator can load
// the full official list in place of the sample one. Immutable once
// loaded; thread-safe.
#ifndef DISCLOSURE_NODE_VALIDATION_VOCABULARY_H_
#define DISCLOSURE_NODE_VALIDATION_VOCABULARY_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure::node {

// One code list. Immutable after loading; thread-safe.
class Vocabulary {
 public:
  // Parses CSV text: a header row "code,name_zh", then one code per row.
  // InvalidArgument naming the line for empty or duplicated codes.
  static absl::StatusOr<Vocabulary> Parse(const std::string& csv,
                                          const std::string& what);
  // Reads and parses a file.
  static absl::StatusOr<Vocabulary> Load(const std::string& path,
                                         const std::string& what);

  bool Contains(const std::string& code) const {
    return names_.count(code) > 0;
  }
  // The official name, or empty if unknown.
  std::string Name(const std::string& code) const;
  size_t size() const { return names_.size(); }

 private:
  std::map<std::string, std::string> names_;
};

// The two lists an entry is checked against.
struct Vocabularies {
  Vocabulary specific_purposes;
  Vocabulary data_categories;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_VALIDATION_VOCABULARY_H_
