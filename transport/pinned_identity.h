// Naming a peer by the certificate it already holds. Besides a SPIFFE ID
// (peer_identity.h), a configuration may name a peer by the public key of
// its certificate (a pin) or by fields of its subject: how agencies whose
// certificates come from the government's CA hierarchy (GCA, GTLSCA), with
// no URI SAN, are named. An identity spec is one of these, or several
// joined by '&', all of which must hold (base64 pins hold '+'):
//
//   spiffe://disclosure.example.tw/agency/moi   the certificate's SPIFFE ID
//   spki-sha256:<base64>      SHA-256 of its SubjectPublicKeyInfo (DER),
//                             as printed by `disclosurectl identity CERT`
//   subject:O=<org>,OU=<unit> each attribute present in its subject with
//                             exactly that value (OpenSSL short names: C, O,
//                             OU, CN, serialNumber...); '\' escapes ',' '&'
//   subject:O=行政院,OU=數位發展部&spki-sha256:...
//
// A subject alone names every certificate the trusted CAs issue with that
// subject (a renewed one too); a pin names one key (renewal needs a config
// change). Both together: that key, with that subject.
#ifndef DISCLOSURE_TRANSPORT_PINNED_IDENTITY_H_
#define DISCLOSURE_TRANSPORT_PINNED_IDENTITY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

// What a verified certificate says about who holds it.
struct CertificateIdentity {
  // Its SPIFFE ID; "" when it has none, or the SANs are ambiguous.
  std::string spiffe_id;
  // base64 of SHA-256 of the SubjectPublicKeyInfo.
  std::string spki_sha256;
  // The subject's attributes in order: short name, UTF-8 value.
  std::vector<std::pair<std::string, std::string>> subject;
};

// Reads a PEM certificate. Unauthenticated when it cannot be read.
absl::StatusOr<CertificateIdentity> ReadCertificateIdentity(
    absl::string_view pem);

// OK if `spec` is a well-formed identity spec; InvalidArgument saying what
// is wrong otherwise (for configuration checks).
absl::Status CheckIdentitySpec(absl::string_view spec);

// True if `peer` is what `spec` names. A malformed spec names nobody.
bool IdentityMatches(absl::string_view spec, const CertificateIdentity& peer);

// True if `spec` needs more of a certificate than its SPIFFE ID.
bool NeedsCertificate(absl::string_view spec);

// The peer for messages: its SPIFFE ID if any, else its subject, with its
// key's pin ("subject O=...,OU=...,CN=... (spki-sha256:...)").
std::string DescribeIdentity(const CertificateIdentity& peer);

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_PINNED_IDENTITY_H_
