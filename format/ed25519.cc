#include "format/ed25519.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/strings/str_cat.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// Converts the OpenSSL error queue into one line and clears it. The one
// place where OpenSSL errors become absl::Status.
absl::Status OpenSslError(absl::StatusCode code, absl::string_view what) {
  unsigned long err = ERR_get_error();
  std::string detail;
  if (err != 0) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof(buf));
    detail = absl::StrCat(": ", buf);
  }
  ERR_clear_error();
  return absl::Status(code, absl::StrCat(what, detail));
}

absl::StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  std::string raw(kEd25519PublicKeySize, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(
          key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1 ||
      len != kEd25519PublicKeySize) {
    return OpenSslError(absl::StatusCode::kInternal, _("reading public key"));
  }
  return raw;
}

}  // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

absl::StatusOr<std::unique_ptr<Ed25519PublicKey>> Ed25519PublicKey::FromRaw(
    absl::string_view raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(_("Ed25519 public key is not 32 bytes"));
  }
  EvpPkeyPtr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(raw.data()), raw.size()));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        _("invalid Ed25519 public key"));
  }
  return std::unique_ptr<Ed25519PublicKey>(
      new Ed25519PublicKey(std::move(key), std::string(raw)));
}

absl::Status Ed25519PublicKey::Verify(absl::string_view message,
                                      absl::string_view signature) const {
  if (signature.size() != kEd25519SignatureSize) {
    return absl::InvalidArgumentError(_("invalid signature"));
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr,
                                             nullptr, key_.get()) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, _("EVP_DigestVerifyInit"));
  }
  int rc = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
      signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  if (rc != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(_("invalid signature"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> Ed25519PrivateKey::FromEvp(
    EvpPkeyPtr key) {
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError(_("key is not an Ed25519 key"));
  }
  DN_ASSIGN_OR_RETURN(std::string pub, RawPublicKey(key.get()));
  return std::unique_ptr<Ed25519PrivateKey>(
      new Ed25519PrivateKey(std::move(key), std::move(pub)));
}

absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>>
Ed25519PrivateKey::Generate() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return OpenSslError(absl::StatusCode::kInternal,
                        _("Ed25519 key generation"));
  }
  return FromEvp(EvpPkeyPtr(raw));
}

absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> Ed25519PrivateKey::FromSeed(
    absl::string_view seed) {
  if (seed.size() != kEd25519SeedSize) {
    return absl::InvalidArgumentError(_("Ed25519 seed is not 32 bytes"));
  }
  EvpPkeyPtr key(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(seed.data()), seed.size()));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        _("invalid Ed25519 seed"));
  }
  return FromEvp(std::move(key));
}

absl::StatusOr<std::unique_ptr<Ed25519PrivateKey>> Ed25519PrivateKey::FromPem(
    absl::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, _("BIO_new_mem_buf"));
  }
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        _("no PEM PKCS#8 private key could be read"));
  }
  return FromEvp(std::move(key));
}

absl::StatusOr<std::string> Ed25519PrivateKey::Sign(
    absl::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::string sig(kEd25519SignatureSize, '\0');
  size_t len = sig.size();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) !=
          1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                     &len,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      len != kEd25519SignatureSize) {
    return OpenSslError(absl::StatusCode::kInternal, _("Ed25519 signing"));
  }
  return sig;
}

absl::StatusOr<std::string> Ed25519PrivateKey::ExportPrivateKeyPemForStorage()
    const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, _("PEM encoding"));
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace disclosure
