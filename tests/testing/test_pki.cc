#include "tests/testing/test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>

#include "core/file_util.h"

namespace disclosure::testing {
namespace {

[[noreturn]] void Die(const char* what) {
  fprintf(stderr, "test PKI: %s failed\n", what);
  std::abort();
}

EVP_PKEY* NewKey() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) Die("EVP_EC_gen");
  return key;
}

std::string Pem(int (*write)(BIO*, void*), void* obj) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (write(bio, obj) != 1) Die("PEM write");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

int WriteCert(BIO* b, void* c) {
  return PEM_write_bio_X509(b, static_cast<X509*>(c));
}
int WriteKey(BIO* b, void* k) {
  return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr,
                                  nullptr, 0, nullptr, nullptr);
}

void AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) Die("X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* NewCert(EVP_PKEY* key, const std::string& cn, X509* issuer,
              EVP_PKEY* issuer_key, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 7 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  (void)issuer_key;
  return cert;
}

}  // namespace

struct TestPki::Impl {
  EVP_PKEY* ca_key = nullptr;
  X509* ca_cert = nullptr;
  long serial = 1;
};

TestPki::TestPki(std::string dir, std::string ca_name)
    : impl_(new Impl), dir_(std::move(dir)) {
  impl_->ca_key = NewKey();
  impl_->ca_cert =
      NewCert(impl_->ca_key, ca_name, nullptr, nullptr, impl_->serial++);
  AddExt(impl_->ca_cert, impl_->ca_cert, NID_basic_constraints,
         "critical,CA:TRUE");
  AddExt(impl_->ca_cert, impl_->ca_cert, NID_key_usage,
         "critical,keyCertSign,cRLSign");
  AddExt(impl_->ca_cert, impl_->ca_cert, NID_subject_key_identifier, "hash");
  if (X509_sign(impl_->ca_cert, impl_->ca_key, EVP_sha256()) == 0)
    Die("sign CA");
  ca_file_ = dir_ + "/" + "ca-" +
             std::to_string(reinterpret_cast<uintptr_t>(this)) + ".crt";
  if (!WriteNewFile(ca_file_, Pem(WriteCert, impl_->ca_cert), 0644).ok())
    Die("write CA");
}

TestPki::~TestPki() {
  X509_free(impl_->ca_cert);
  EVP_PKEY_free(impl_->ca_key);
}

TlsFilePaths TestPki::Issue(const std::string& name,
                            const std::string& spiffe_id) {
  std::string san = "DNS:localhost,IP:127.0.0.1";
  if (!spiffe_id.empty()) san = "URI:" + spiffe_id + "," + san;
  return IssueWithSans(name, san);
}

TlsFilePaths TestPki::IssueWithSans(const std::string& name,
                                    const std::string& san) {
  return IssueWithSubject(name, {{"CN", name}}, san);
}

TlsFilePaths TestPki::IssueWithSubject(
    const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& subject,
    const std::string& san) {
  EVP_PKEY* key = NewKey();
  X509* cert = NewCert(key, "", impl_->ca_cert, impl_->ca_key, impl_->serial++);
  X509_NAME* subject_name = X509_NAME_new();
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(
        subject_name, field.c_str(), MBSTRING_UTF8,
        reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509_set_subject_name(cert, subject_name);
  X509_NAME_free(subject_name);
  AddExt(cert, impl_->ca_cert, NID_basic_constraints, "critical,CA:FALSE");
  AddExt(cert, impl_->ca_cert, NID_key_usage, "critical,digitalSignature");
  AddExt(cert, impl_->ca_cert, NID_ext_key_usage, "serverAuth,clientAuth");
  AddExt(cert, impl_->ca_cert, NID_authority_key_identifier, "keyid");
  if (!san.empty())
    AddExt(cert, impl_->ca_cert, NID_subject_alt_name, san.c_str());
  if (X509_sign(cert, impl_->ca_key, EVP_sha256()) == 0) Die("sign leaf");
  TlsFilePaths paths{dir_ + "/" + name + ".crt", dir_ + "/" + name + ".key",
                     ca_file_};
  if (!WriteNewFile(paths.cert_file, Pem(WriteCert, cert), 0644).ok())
    Die("write cert");
  if (!WriteNewFile(paths.key_file, Pem(WriteKey, key), 0600).ok())
    Die("write key");
  X509_free(cert);
  EVP_PKEY_free(key);
  return paths;
}

}  // namespace disclosure::testing
