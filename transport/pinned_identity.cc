#include "transport/pinned_identity.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "format/status_macros.h"
#include "transport/peer_identity.h"

namespace disclosure {
namespace {

constexpr absl::string_view kSpki = "spki-sha256:";
constexpr absl::string_view kSubject = "subject:";

// Splits `s` at unescaped `sep`, removing the escapes ("\," -> ",").
std::vector<std::string> SplitEscaped(absl::string_view s, char sep) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out.back().push_back(s[++i]);
    } else if (s[i] == sep) {
      out.emplace_back();
    } else {
      out.back().push_back(s[i]);
    }
  }
  return out;
}

// The '&'-joined parts of a spec. Subject values may hold an escaped '&',
// so the split keeps escapes for the subject parser.
std::vector<std::string> Parts(absl::string_view spec) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size()) {
      out.back().push_back(spec[i]);
      out.back().push_back(spec[++i]);
    } else if (spec[i] == '&') {
      out.emplace_back();
    } else {
      out.back().push_back(spec[i]);
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseSubject(
    absl::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& item : SplitEscaped(text, ',')) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "subject attribute \"", item, "\" is not NAME=value (e.g. O=...)"));
    }
    const std::string name(absl::StripAsciiWhitespace(item.substr(0, eq)));
    if (OBJ_txt2nid(name.c_str()) == NID_undef) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", name, "\" is not a subject attribute name (C, O, OU, CN...)"));
    }
    out.emplace_back(name, item.substr(eq + 1));
  }
  return out;
}

absl::Status CheckPart(absl::string_view part) {
  if (absl::StartsWith(part, "spiffe://")) {
    return IsSpiffeId(part) ? absl::OkStatus()
                            : absl::InvalidArgumentError(absl::StrCat(
                                  "\"", part, "\" is not a spiffe:// ID"));
  }
  if (absl::ConsumePrefix(&part, kSpki)) {
    std::string raw;
    if (!absl::Base64Unescape(part, &raw) || raw.size() != 32) {
      return absl::InvalidArgumentError(
          "spki-sha256: must be followed by the base64 of a SHA-256 digest "
          "(44 characters; `disclosurectl identity CERT` prints it)");
    }
    return absl::OkStatus();
  }
  if (absl::ConsumePrefix(&part, kSubject)) {
    return ParseSubject(part).status();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", part,
      "\" is not an identity: use spiffe://..., spki-sha256:<base64> or "
      "subject:O=...,OU=..., or several joined by &"));
}

bool PartMatches(absl::string_view part, const CertificateIdentity& peer) {
  if (absl::StartsWith(part, "spiffe://"))
    return !peer.spiffe_id.empty() && peer.spiffe_id == part;
  if (absl::ConsumePrefix(&part, kSpki)) return peer.spki_sha256 == part;
  if (absl::ConsumePrefix(&part, kSubject)) {
    auto wanted = ParseSubject(part);
    if (!wanted.ok()) return false;
    for (const auto& w : *wanted) {
      bool found = false;
      for (const auto& have : peer.subject) found |= have == w;
      if (!found) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<CertificateIdentity> ReadCertificateIdentity(
    absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (bio == nullptr) return absl::InternalError("out of memory");
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (cert == nullptr)
    return absl::UnauthenticatedError("peer certificate cannot be read");
  CertificateIdentity out;
  absl::StatusOr<std::string> spiffe = SpiffeIdOfCertificate(pem);
  if (spiffe.ok()) out.spiffe_id = *spiffe;
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (len <= 0) return absl::UnauthenticatedError("peer key cannot be read");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(der, static_cast<size_t>(len), digest, &digest_len, EVP_sha256(),
             nullptr);
  OPENSSL_free(der);
  out.spki_sha256 = absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_len));
  const X509_NAME* name = X509_get_subject_name(cert.get());
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
    const char* short_name = nid == NID_undef ? nullptr : OBJ_nid2sn(nid);
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    if (short_name != nullptr && n >= 0) {
      out.subject.emplace_back(short_name,
                               std::string(reinterpret_cast<char*>(utf8), n));
    }
    OPENSSL_free(utf8);
  }
  return out;
}

absl::Status CheckIdentitySpec(absl::string_view spec) {
  if (spec.empty()) return absl::InvalidArgumentError("empty identity");
  for (const std::string& part : Parts(spec)) {
    DN_RETURN_IF_ERROR(CheckPart(part));
  }
  return absl::OkStatus();
}

bool IdentityMatches(absl::string_view spec, const CertificateIdentity& peer) {
  if (!CheckIdentitySpec(spec).ok()) return false;
  for (const std::string& part : Parts(spec)) {
    if (!PartMatches(part, peer)) return false;
  }
  return true;
}

bool NeedsCertificate(absl::string_view spec) {
  for (const std::string& part : Parts(spec)) {
    if (!absl::StartsWith(part, "spiffe://")) return true;
  }
  return false;
}

std::string DescribeIdentity(const CertificateIdentity& peer) {
  if (!peer.spiffe_id.empty()) return peer.spiffe_id;
  std::vector<std::string> fields;
  for (const auto& [k, v] : peer.subject) fields.push_back(k + "=" + v);
  return absl::StrCat("subject ", absl::StrJoin(fields, ","),
                      " (spki-sha256:", peer.spki_sha256, ")");
}

}  // namespace disclosure
