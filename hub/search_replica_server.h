// `disclosure-hub search-replica`: the public search served from a replica
// of the hub's search index on another machine, so that searches scale
// out beyond the hub (docs/operations.md, "Search replicas"). The replica
// folder is kept current by xapian-replicate; this server only reads it.
#ifndef DISCLOSURE_HUB_SEARCH_REPLICA_SERVER_H_
#define DISCLOSURE_HUB_SEARCH_REPLICA_SERVER_H_

#include <csignal>
#include <string>

#include "absl/status/status.h"

namespace disclosure::hub {

struct SearchReplicaOptions {
  std::string index_dir;  // the folder xapian-replicate writes
  std::string listen;     // "host:port"; port 0 picks a free one
  std::string cert_file;  // TLS server certificate (no client certs asked)
  std::string key_file;
  // Also the search over HTTP (hub/service/search_http.h), e.g.
  // "127.0.0.1:7400"; empty: none.
  std::string http_listen;
  // Largest answer; as the hub's limits.max_message_bytes.
  int max_message_bytes = 4 << 20;
};

// Serves until SIGTERM or SIGINT arrives in `signals` (blocked by the
// caller); SIGHUP reopens the log file. Logs "serving search on port N".
// An error if the server cannot start (the message names the file or
// address).
absl::Status ServeSearchReplica(const SearchReplicaOptions& options,
                                sigset_t* signals);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SEARCH_REPLICA_SERVER_H_
