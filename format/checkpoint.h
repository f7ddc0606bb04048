// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text that states
// a log's size and root.
//
//   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines]
//
// An agency log's origin is "<trust-domain>/agency/<agency-id>".
#ifndef DISCLOSURE_FORMAT_CHECKPOINT_H_
#define DISCLOSURE_FORMAT_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/sha256.h"

namespace disclosure {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  // Optional, opaque, non-empty lines after the root.
  std::vector<std::string> extensions;

  bool operator==(const Checkpoint& o) const {
    return origin == o.origin && size == o.size && root == o.root &&
           extensions == o.extensions;
  }
};

// The note text of `cp`. InvalidArgument if the origin or an extension line
// cannot appear in a checkpoint (empty, control characters, too long).
absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& cp);

// Parses checkpoint note text strictly: at least three non-empty lines, a
// decimal size with no leading zeros that fits 64 bits, a canonical base64
// 32-byte root, every line non-empty, within limits. InvalidArgument with
// the reason otherwise.
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

// The origin of an agency log.
std::string AgencyLogOrigin(absl::string_view trust_domain,
                            absl::string_view agency_id);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_CHECKPOINT_H_
