#include "core/json.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"

namespace disclosure {

namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

// What MessageToJsonString does, but from a deterministic serialization:
// map fields (and google.protobuf.Struct objects) are printed in key order
// rather than in the hash map's order, so that the same message always
// prints the same bytes (an unchanged file of the export keeps its bytes).
std::string Print(const google::protobuf::Message& m, bool pretty,
                  bool defaults) {
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  o.always_print_primitive_fields = defaults;
  o.add_whitespace = pretty;
  static google::protobuf::util::TypeResolver* const kGenerated =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool());
  const google::protobuf::DescriptorPool* pool =
      m.GetDescriptor()->file()->pool();
  std::unique_ptr<google::protobuf::util::TypeResolver> other;
  if (pool != google::protobuf::DescriptorPool::generated_pool()) {
    other.reset(google::protobuf::util::NewTypeResolverForDescriptorPool(
        kTypeUrlPrefix, pool));
  }
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  std::string out;
  const auto s = google::protobuf::util::BinaryToJsonString(
      other ? other.get() : kGenerated,
      std::string(kTypeUrlPrefix) + "/" + m.GetDescriptor()->full_name(),
      binary, &out, o);
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
