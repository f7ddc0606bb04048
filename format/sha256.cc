#include "format/sha256.h"

// The Merkle tree hashes millions of 33..65-byte inputs; OpenSSL 3's EVP
// digest calls cost about 30% more per hash than its SHA256_* functions
// (measured by bench/core_bench), which are deprecated in OpenSSL 3 but
// present in every 3.x release. They are used here, and only here.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "format/translation.h"

namespace disclosure {

struct Sha256::Ctx {
  SHA256_CTX sha;
};

absl::StatusOr<Hash> HashFromBytes(absl::string_view bytes) {
  if (bytes.size() != kHashSize) {
    return absl::InvalidArgumentError(_("hash is not 32 bytes"));
  }
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Sha256::Sha256() : ctx_(new Ctx) { SHA256_Init(&ctx_->sha); }

Sha256::~Sha256() { delete ctx_; }

void Sha256::Update(absl::string_view data) {
  SHA256_Update(&ctx_->sha, data.data(), data.size());
}

Hash Sha256::Finish() {
  Hash out;
  SHA256_Final(out.data(), &ctx_->sha);
  SHA256_Init(&ctx_->sha);
  return out;
}

Hash Sha256::Of(absl::string_view data) {
  // Not OpenSSL 3's one-shot SHA256(): it looks the algorithm up in the
  // provider tables on every call, which made a 218-byte hash 2.5 times
  // as slow (the node hashes every imported record with this).
  SHA256_CTX sha;
  SHA256_Init(&sha);
  SHA256_Update(&sha, data.data(), data.size());
  Hash out;
  SHA256_Final(out.data(), &sha);
  return out;
}

}  // namespace disclosure
