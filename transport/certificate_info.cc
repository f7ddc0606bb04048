#include "transport/certificate_info.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

absl::StatusOr<int64_t> ToUnix(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    return absl::InvalidArgumentError("certificate has an unreadable date");
  }
  return static_cast<int64_t>(timegm(&tm));
}

std::string SpiffeId(X509* cert) {
  std::string out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = n->d.uniformResourceIdentifier;
    out.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
               static_cast<size_t>(ASN1_STRING_length(uri)));
    break;
  }
  GENERAL_NAMES_free(names);
  return out;
}

}  // namespace

absl::StatusOr<CertificateInfo> ParseCertificateInfo(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (bio == nullptr) return absl::ResourceExhaustedError("out of memory");
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (cert == nullptr) {
    return absl::InvalidArgumentError("no PEM certificate found");
  }
  CertificateInfo info;
  char subject[512];
  X509_NAME_oneline(X509_get_subject_name(cert.get()), subject,
                    sizeof(subject));
  info.subject = subject;
  info.spiffe_id = SpiffeId(cert.get());
  DN_ASSIGN_OR_RETURN(int64_t from, ToUnix(X509_get0_notBefore(cert.get())));
  DN_ASSIGN_OR_RETURN(int64_t to, ToUnix(X509_get0_notAfter(cert.get())));
  info.not_before = from;
  info.not_after = to;
  return info;
}

absl::StatusOr<CertificateInfo> ReadCertificateInfo(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string pem, ReadFile(path, 1 << 20));
  absl::StatusOr<CertificateInfo> info = ParseCertificateInfo(pem);
  if (!info.ok()) {
    return absl::Status(info.status().code(),
                        absl::StrCat(path, ": ", info.status().message()));
  }
  return info;
}

}  // namespace disclosure
