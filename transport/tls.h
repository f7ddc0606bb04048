// TLS credentials for the federation: mutual TLS with the federation CA for
// node listeners and for the hub's client, server-only TLS for the hub's
// public index. TLS 1.2 is gRPC's floor and 1.3 is preferred by default.
//
// Key files must be readable by their owner only (as signing keys).
#ifndef DISCLOSURE_TRANSPORT_TLS_H_
#define DISCLOSURE_TRANSPORT_TLS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure {

struct TlsFilePaths {
  std::string cert_file;  // PEM chain presented to the peer
  std::string key_file;   // PEM private key, mode 0600
  std::string ca_file;    // PEM CA bundle peers must chain to
};

// Server credentials that require and verify a client certificate issued by
// the CA. Errors name the file that could not be used.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
MutualTlsServerCredentials(const TlsFilePaths& paths);

// Server credentials without client certificates (public services).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsServerCredentials(
    const std::string& cert_file, const std::string& key_file);

// Client credentials presenting our certificate and trusting only the CA.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MutualTlsChannelCredentials(const TlsFilePaths& paths);

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_TLS_H_
