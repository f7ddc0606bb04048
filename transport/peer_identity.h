// Peer identities: the SPIFFE-style URI SAN of the peer's certificate
// (spiffe://<trust-domain>/hub, /agency/<id>, /agency/<id>/admin,
// /auditor/<name>), or what pinned_identity.h names (a key's pin, subject
// fields), and policies over them.
#ifndef DISCLOSURE_TRANSPORT_PEER_IDENTITY_H_
#define DISCLOSURE_TRANSPORT_PEER_IDENTITY_H_

#include <grpcpp/security/auth_context.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "transport/pinned_identity.h"

namespace disclosure {

// The peer's SPIFFE ID: the one URI SAN of its verified certificate.
// Unauthenticated if the peer presented no certificate, or one with no URI
// SAN, several URI SANs, a URI SAN that is not a spiffe:// ID, or a DNS or
// email SAN spelled like a SPIFFE ID (which some parsers would confuse).
absl::StatusOr<std::string> PeerSpiffeId(const grpc::AuthContext& auth);

// The same rule applied to a PEM certificate.
absl::StatusOr<std::string> SpiffeIdOfCertificate(absl::string_view pem);

// "spiffe://<trust domain>/<path>" with a non-empty domain and path, and no
// query, fragment, user info, port or control characters.
bool IsSpiffeId(absl::string_view id);

// Everything the peer's verified certificate says (pinned_identity.h).
// Unauthenticated without a certificate.
absl::StatusOr<CertificateIdentity> PeerIdentityOf(
    const grpc::AuthContext& auth);

std::string HubIdentity(absl::string_view trust_domain);
std::string AgencyIdentity(absl::string_view trust_domain,
                           absl::string_view agency_id);
std::string AgencyAdminIdentity(absl::string_view trust_domain,
                                absl::string_view agency_id);
std::string AuditorIdentityPrefix(absl::string_view trust_domain);

// Which peers a service accepts: identities (any identity spec of
// pinned_identity.h) and SPIFFE ID prefixes. Immutable after construction;
// thread-safe.
class IdentityPolicy {
 public:
  IdentityPolicy(std::vector<std::string> exact,
                 std::vector<std::string> prefixes);

  bool Allows(const CertificateIdentity& peer) const;
  // For a peer known by its SPIFFE ID alone.
  bool Allows(absl::string_view spiffe_id) const;

  // OK for an allowed peer; PERMISSION_DENIED naming the peer's identity
  // otherwise; UNAUTHENTICATED without an identity.
  grpc::Status Check(const grpc::ServerContext& ctx) const;
  // The same, for the peer of `auth`; `what` names the service or
  // listener in the refusal.
  grpc::Status Check(const grpc::AuthContext& auth,
                     absl::string_view what) const;

 private:
  std::vector<std::string> exact_;
  std::vector<std::string> prefixes_;
  // Whether some identity needs more than the SPIFFE ID: only then is the
  // certificate read on every call.
  bool needs_certificate_ = false;
};

// Applies `policy` to every call on a listener, before any service sees it:
// set on the listener's credentials, it covers the services the listener
// adds itself (health checking, reflection) as well as ours.
void RequireIdentityOnListener(grpc::ServerCredentials* credentials,
                               IdentityPolicy policy);

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_PEER_IDENTITY_H_
