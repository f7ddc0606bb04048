// SHA-256 through OpenSSL 3, and the 32-byte Hash value type
// used by the Merkle trees.
//
//   Hash h = Sha256::Of("abc");
//   Sha256 s; s.Update(a); s.Update(b); Hash h2 = s.Finish();
#ifndef DISCLOSURE_FORMAT_SHA256_H_
#define DISCLOSURE_FORMAT_SHA256_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace disclosure {

inline constexpr size_t kHashSize = 32;

// A SHA-256 digest.
using Hash = std::array<uint8_t, kHashSize>;

// The digest's bytes, without copying. Valid while `h` lives.
inline absl::string_view AsBytes(const Hash& h) {
  return absl::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

inline std::string ToString(const Hash& h) { return std::string(AsBytes(h)); }

// InvalidArgument unless `bytes` is exactly 32 bytes long.
absl::StatusOr<Hash> HashFromBytes(absl::string_view bytes);

// Incremental SHA-256. Not thread-safe; cheap to create per call site.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view data);
  void Update(const Hash& h) { Update(AsBytes(h)); }
  // Returns the digest and resets the object for reuse.
  Hash Finish();

  // One-shot digest of `data`.
  static Hash Of(absl::string_view data);

 private:
  struct Ctx;
  Ctx* ctx_;
};

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_SHA256_H_
