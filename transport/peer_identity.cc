#include "transport/peer_identity.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "format/status_macros.h"

namespace disclosure {

namespace {

// The subject alternative names of a PEM certificate, by kind.
struct Sans {
  std::vector<std::string> uris;
  // DNS names and email addresses.
  std::vector<std::string> names;
};

absl::StatusOr<Sans> ReadSans(absl::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return absl::InternalError("out of memory");
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) {
    return absl::UnauthenticatedError("peer certificate cannot be read");
  }
  Sans out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    const ASN1_IA5STRING* v = nullptr;
    std::vector<std::string>* into = nullptr;
    if (n->type == GEN_URI) {
      v = n->d.uniformResourceIdentifier;
      into = &out.uris;
    } else if (n->type == GEN_DNS || n->type == GEN_EMAIL) {
      v = n->d.ia5;
      into = &out.names;
    }
    if (v != nullptr) {
      into->emplace_back(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(v)),
          static_cast<size_t>(ASN1_STRING_length(v)));
    }
  }
  GENERAL_NAMES_free(names);
  X509_free(cert);
  return out;
}

}  // namespace

bool IsSpiffeId(absl::string_view id) {
  if (!absl::ConsumePrefix(&id, "spiffe://")) return false;
  const size_t slash = id.find('/');
  if (slash == 0 || slash == absl::string_view::npos ||
      slash + 1 == id.size()) {
    return false;
  }
  for (const char c : id) {
    if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '@' || c == ':' ||
        c == '\\') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> SpiffeIdOfCertificate(absl::string_view pem) {
  DN_ASSIGN_OR_RETURN(Sans sans, ReadSans(pem));
  for (const std::string& name : sans.names) {
    if (absl::StartsWithIgnoreCase(name, "spiffe:")) {
      return absl::UnauthenticatedError(absl::StrCat(
          "peer certificate carries \"", name.substr(0, 128),
          "\" outside a URI SAN; only a URI SAN names a SPIFFE ID"));
    }
  }
  if (sans.uris.size() != 1) {
    return absl::UnauthenticatedError(absl::StrCat(
        "peer certificate must carry exactly one URI SAN (a spiffe:// ID); "
        "it carries ",
        sans.uris.size()));
  }
  if (!IsSpiffeId(sans.uris[0])) {
    return absl::UnauthenticatedError(absl::StrCat(
        "peer certificate's URI SAN \"", sans.uris[0].substr(0, 128),
        "\" is not a spiffe://<trust-domain>/<path> ID"));
  }
  return sans.uris[0];
}

absl::StatusOr<std::string> PeerSpiffeId(const grpc::AuthContext& auth) {
  if (!auth.IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("peer presented no client certificate");
  }
  // Fast path, on every call: gRPC sets peer_spiffe_id only when the
  // certificate has exactly one URI SAN and it starts with spiffe://; the
  // flattened SAN list (all kinds together) must then hold no other value
  // spelled like a SPIFFE ID, or a DNS or email SAN would be posing as one.
  std::vector<grpc::string_ref> ids = auth.FindPropertyValues("peer_spiffe_id");
  int spelled = 0;
  for (const grpc::string_ref& san :
       auth.FindPropertyValues("x509_subject_alternative_name")) {
    if (absl::StartsWithIgnoreCase(absl::string_view(san.data(), san.size()),
                                   "spiffe:")) {
      ++spelled;
    }
  }
  if (ids.size() == 1 && spelled == 1) {
    std::string id(ids[0].data(), ids[0].size());
    if (IsSpiffeId(id)) return id;
  }
  // Slow path, for refusals: read the certificate itself to say exactly why.
  std::vector<grpc::string_ref> pems = auth.FindPropertyValues("x509_pem_cert");
  if (pems.size() != 1) {
    return absl::UnauthenticatedError("peer certificate is not available");
  }
  absl::StatusOr<std::string> id =
      SpiffeIdOfCertificate(absl::string_view(pems[0].data(), pems[0].size()));
  if (id.ok()) {
    return absl::UnauthenticatedError(
        "peer certificate's subject alternative names are ambiguous");
  }
  return id.status();
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

absl::StatusOr<CertificateIdentity> PeerIdentityOf(
    const grpc::AuthContext& auth) {
  if (!auth.IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("peer presented no certificate");
  }
  std::vector<grpc::string_ref> pems = auth.FindPropertyValues("x509_pem_cert");
  if (pems.size() != 1) {
    return absl::UnauthenticatedError("peer certificate is not available");
  }
  return ReadCertificateIdentity(
      absl::string_view(pems[0].data(), pems[0].size()));
}

IdentityPolicy::IdentityPolicy(std::vector<std::string> exact,
                               std::vector<std::string> prefixes)
    : exact_(std::move(exact)), prefixes_(std::move(prefixes)) {
  for (const std::string& e : exact_) needs_certificate_ |= NeedsCertificate(e);
}

bool IdentityPolicy::Allows(const CertificateIdentity& peer) const {
  for (const std::string& e : exact_) {
    if (IdentityMatches(e, peer)) return true;
  }
  const absl::string_view id = peer.spiffe_id;
  if (id.empty()) return false;
  for (const std::string& p : prefixes_) {
    // A prefix must be followed by a non-empty name without further '/'.
    if (absl::StartsWith(id, p) && id.size() > p.size() &&
        id.substr(p.size()).find('/') == absl::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool IdentityPolicy::Allows(absl::string_view spiffe_id) const {
  CertificateIdentity peer;
  peer.spiffe_id = std::string(spiffe_id);
  return Allows(peer);
}

grpc::Status IdentityPolicy::Check(const grpc::AuthContext& auth,
                                   absl::string_view what) const {
  CertificateIdentity peer;
  if (needs_certificate_) {
    absl::StatusOr<CertificateIdentity> read = PeerIdentityOf(auth);
    if (!read.ok()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          std::string(read.status().message()));
    }
    peer = *std::move(read);
  }
  // The SPIFFE ID by its strict rule (ambiguous SANs give none). A policy
  // of SPIFFE IDs alone refuses a peer without one as unauthenticated; one
  // that names certificates identifies every peer by its certificate.
  absl::StatusOr<std::string> id = PeerSpiffeId(auth);
  peer.spiffe_id = id.ok() ? *id : "";
  if (!id.ok() && !needs_certificate_) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(id.status().message()));
  }
  if (!Allows(peer)) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat("identity ", DescribeIdentity(peer),
                                     " may not call this ", what));
  }
  return grpc::Status::OK;
}

grpc::Status IdentityPolicy::Check(const grpc::ServerContext& ctx) const {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no TLS peer");
  }
  return Check(*auth, "service");
}

namespace {

// Runs the policy in gRPC's server authentication step, per call.
class PolicyProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit PolicyProcessor(IdentityPolicy policy)
      : policy_(std::move(policy)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata&, grpc::AuthContext* context,
                       OutputMetadata*, OutputMetadata*) override {
    return policy_.Check(*context, "listener");
  }

 private:
  const IdentityPolicy policy_;
};

}  // namespace

void RequireIdentityOnListener(grpc::ServerCredentials* credentials,
                               IdentityPolicy policy) {
  credentials->SetAuthMetadataProcessor(
      std::make_shared<PolicyProcessor>(std::move(policy)));
}

}  // namespace disclosure
