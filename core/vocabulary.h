// Official code lists: the specific purposes (特定目的) and data categories
// (個人資料之類別) of the list issued under PDPA Art. 53. Nodes check entries
// against them; the hub's export names every code with them. Files are CSV
// with a header row "code,name_zh" and optionally a third column "name_en",
// so an operator can load the full official list in place of the sample
// one. Immutable once loaded; thread-safe.
#ifndef DISCLOSURE_CORE_VOCABULARY_H_
#define DISCLOSURE_CORE_VOCABULARY_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure {

// One code list. Immutable after loading; thread-safe.
class Vocabulary {
 public:
  struct Names {
    std::string zh_tw;
    std::string en;  // empty when the list has no English column
  };
  // Parses CSV text: a header row "code,name_zh[,name_en]", then one code
  // per row. InvalidArgument naming the line for empty or duplicated codes.
  static absl::StatusOr<Vocabulary> Parse(const std::string& csv,
                                          const std::string& what);
  // Reads and parses a file.
  static absl::StatusOr<Vocabulary> Load(const std::string& path,
                                         const std::string& what);

  bool Contains(const std::string& code) const {
    return names_.count(code) > 0;
  }
  // The official (Chinese) name, or empty if unknown.
  std::string Name(const std::string& code) const;
  // Both names; empty when unknown.
  Names NamesOf(const std::string& code) const;
  const std::map<std::string, Names>& all() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  std::map<std::string, Names> names_;
};

// The two lists an entry is checked against.
struct Vocabularies {
  Vocabulary specific_purposes;
  Vocabulary data_categories;
};

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_VOCABULARY_H_
