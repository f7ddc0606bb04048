#include "core/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace disclosure {
namespace {

// Fetched once: EVP_get_digestbyname / implicit fetch per call is measurably
// slower in OpenSSL 3 for the many tiny inputs of a Merkle tree.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) std::abort();  // OpenSSL without SHA-256: unusable
    return m;
  }();
  return md;
}

}  // namespace

struct Sha256::Ctx {
  EVP_MD_CTX* md_ctx;
};

absl::StatusOr<Hash> HashFromBytes(absl::string_view bytes) {
  if (bytes.size() != kHashSize) {
    return absl::InvalidArgumentError("hash is not 32 bytes");
  }
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Sha256::Sha256() : ctx_(new Ctx{EVP_MD_CTX_new()}) {
  if (ctx_->md_ctx == nullptr ||
      EVP_DigestInit_ex2(ctx_->md_ctx, Sha256Md(), nullptr) != 1) {
    std::abort();  // allocation failure inside OpenSSL
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(ctx_->md_ctx);
  delete ctx_;
}

void Sha256::Update(absl::string_view data) {
  EVP_DigestUpdate(ctx_->md_ctx, data.data(), data.size());
}

Hash Sha256::Finish() {
  Hash out;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->md_ctx, out.data(), &len);
  EVP_DigestInit_ex2(ctx_->md_ctx, Sha256Md(), nullptr);
  return out;
}

Hash Sha256::Of(absl::string_view data) {
  Hash out;
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, Sha256Md(), nullptr);
  return out;
}

}  // namespace disclosure
