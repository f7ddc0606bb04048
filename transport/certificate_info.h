// What an operator needs to know about a certificate: whom it names and
// when it expires. Read from PEM (a file, or the PEM gRPC exposes of a
// peer), with OpenSSL.
#ifndef DISCLOSURE_TRANSPORT_CERTIFICATE_INFO_H_
#define DISCLOSURE_TRANSPORT_CERTIFICATE_INFO_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace disclosure {

struct CertificateInfo {
  std::string subject;     // one line, e.g. "CN=hub-client"
  std::string spiffe_id;   // the URI SAN, when it has one
  int64_t not_before = 0;  // POSIX seconds
  int64_t not_after = 0;
};

// The first certificate in `pem`. InvalidArgument when there is none.
absl::StatusOr<CertificateInfo> ParseCertificateInfo(const std::string& pem);

// The first certificate in the file at `path`; errors name the file.
absl::StatusOr<CertificateInfo> ReadCertificateInfo(const std::string& path);

}  // namespace disclosure

#endif  // DISCLOSURE_TRANSPORT_CERTIFICATE_INFO_H_
