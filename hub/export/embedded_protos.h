// The schema's .proto files, compiled into the hub (cmake/EmbedProtos.cmake)
// so every export carries the definitions of its own files and bundles.
#ifndef DISCLOSURE_HUB_EXPORT_EMBEDDED_PROTOS_H_
#define DISCLOSURE_HUB_EXPORT_EMBEDDED_PROTOS_H_

#include <string_view>
#include <vector>

namespace disclosure::hub {

struct EmbeddedFile {
  std::string_view path;  // "disclosure/v1/proof.proto"
  std::string_view text;
};

const std::vector<EmbeddedFile>& EmbeddedProtos();

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EMBEDDED_PROTOS_H_
