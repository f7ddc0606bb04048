// Loads the node's checkpoint signing key and keeps the signing state: on
// first start it records the key; when the configured key differs from the
// one that signed the log so far, it requires the previous key and records
// a rotation statement signed by both (published with the next snapshot).
#ifndef DISCLOSURE_NODE_SIGNING_SETUP_H_
#define DISCLOSURE_NODE_SIGNING_SETUP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "format/note.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

struct SigningSetup {
  std::unique_ptr<NoteSigner> signer;
  std::string vkey;
};

// `key_file` must hold a note key named `origin`. FailedPrecondition with
// instructions when the key changed without `previous_key_file`.
absl::StatusOr<SigningSetup> SetUpSigning(NodeStore* store,
                                          const std::string& origin,
                                          const std::string& key_file,
                                          const std::string& previous_key_file,
                                          const Clock& clock);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_SIGNING_SETUP_H_
