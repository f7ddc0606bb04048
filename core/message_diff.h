// Field-by-field differences between two messages of the same type, as
// agency staff would read them: a path such as
// "out_of_purpose_uses[0].purpose.zh_tw" and the value before and after,
// in words (enum values by name, lists element by element).
#ifndef DISCLOSURE_CORE_MESSAGE_DIFF_H_
#define DISCLOSURE_CORE_MESSAGE_DIFF_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace disclosure {

struct FieldDifference {
  std::string path;
  std::string before;  // "" when the field was not set
  std::string after;   // "" when the field is no longer set
};

// The fields of `a` and `b` (same type) whose values differ, in field
// order; at most `max` of them. A list element present on one side only
// is shown whole (shortened to about 200 bytes).
std::vector<FieldDifference> DiffFields(const google::protobuf::Message& a,
                                        const google::protobuf::Message& b,
                                        size_t max = 200);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_MESSAGE_DIFF_H_
