#include "core/json.h"

#include <cstdio>
#include <cstdlib>

#include "google/protobuf/util/json_util.h"

namespace disclosure {

namespace {

std::string Print(const google::protobuf::Message& m, bool pretty,
                  bool defaults) {
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  o.always_print_primitive_fields = defaults;
  o.add_whitespace = pretty;
  std::string out;
  const auto s = google::protobuf::util::MessageToJsonString(m, &out, o);
  if (!s.ok()) {
    std::fprintf(stderr, "ToJson(%s): %s\n", m.GetTypeName().c_str(),
                 s.ToString().c_str());
    std::abort();
  }
  return out;
}

}  // namespace

std::string ToJson(const google::protobuf::Message& m, bool pretty) {
  return Print(m, pretty, /*defaults=*/true);
}

std::string ToJsonStated(const google::protobuf::Message& m) {
  return Print(m, /*pretty=*/false, /*defaults=*/false);
}

}  // namespace disclosure
