#include "transport/peer_identity.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace disclosure {

absl::StatusOr<std::string> PeerSpiffeId(const grpc::AuthContext& auth) {
  if (!auth.IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("peer presented no client certificate");
  }
  std::vector<grpc::string_ref> ids = auth.FindPropertyValues("peer_spiffe_id");
  if (ids.size() == 1) return std::string(ids[0].data(), ids[0].size());
  // Fall back to the SAN list, for gRPC builds that do not fill
  // peer_spiffe_id; exactly one spiffe:// URI is required.
  std::string found;
  int count = 0;
  for (const grpc::string_ref& san :
       auth.FindPropertyValues("x509_subject_alternative_name")) {
    absl::string_view v(san.data(), san.size());
    if (absl::StartsWith(v, "spiffe://")) {
      found = std::string(v);
      ++count;
    }
  }
  if (count != 1) {
    return absl::UnauthenticatedError(
        "peer certificate does not carry exactly one spiffe:// URI SAN");
  }
  return found;
}

std::string HubIdentity(absl::string_view td) {
  return absl::StrCat("spiffe://", td, "/hub");
}
std::string AgencyIdentity(absl::string_view td, absl::string_view id) {
  return absl::StrCat("spiffe://", td, "/agency/", id);
}
std::string AgencyAdminIdentity(absl::string_view td, absl::string_view id) {
  return absl::StrCat("spiffe://", td, "/agency/", id, "/admin");
}
std::string AuditorIdentityPrefix(absl::string_view td) {
  return absl::StrCat("spiffe://", td, "/auditor/");
}

bool IdentityPolicy::Allows(absl::string_view identity) const {
  for (const std::string& e : exact_) {
    if (identity == e) return true;
  }
  for (const std::string& p : prefixes_) {
    // A prefix must be followed by a non-empty name without further '/'.
    if (absl::StartsWith(identity, p) && identity.size() > p.size() &&
        identity.substr(p.size()).find('/') == absl::string_view::npos) {
      return true;
    }
  }
  return false;
}

grpc::Status IdentityPolicy::Check(const grpc::ServerContext& ctx) const {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no TLS peer");
  }
  absl::StatusOr<std::string> id = PeerSpiffeId(*auth);
  if (!id.ok()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(id.status().message()));
  }
  if (!Allows(*id)) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat("identity ", *id, " may not call this service"));
  }
  return grpc::Status::OK;
}

}  // namespace disclosure
