// Names people read for the schema's enum values, in Traditional Chinese and
// English: "PROVIDER_TYPE_MOBILE_TELECOM" is 行動電信業者 / "Mobile telecom
// operator". The export and the site show these beside the codes; the codes
// themselves (the proto value names) stay the one spelling of every file.
// A test checks that every value of every public enum has both names.
#ifndef DISCLOSURE_CORE_ENUM_LABELS_H_
#define DISCLOSURE_CORE_ENUM_LABELS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace google::protobuf {
class EnumDescriptor;
}  // namespace google::protobuf

namespace disclosure {

struct EnumLabel {
  absl::string_view zh_tw;
  absl::string_view en;
};

// The names of the value called `value_name` (e.g.
// "LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH"); empty names when unknown
// or for the *_UNSPECIFIED values.
EnumLabel LabelOf(absl::string_view value_name);

// Every enum of the published schema (disclosure.v1), for the export's
// labels file and for the completeness test.
std::vector<const google::protobuf::EnumDescriptor*> PublicEnums();

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_ENUM_LABELS_H_
