#include "core/key_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/cosignature.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

constexpr size_t kMaxKeyFileBytes = 16 * 1024;
constexpr absl::string_view kNameHeader = "Key-Name: ";
constexpr absl::string_view kTypeHeader = "Key-Type: ";

absl::string_view TypeName(SignatureType t) {
  return t == SignatureType::kCosignatureV1 ? "cosignature" : "note";
}

}  // namespace

absl::Status WritePrivateKeyFile(const std::string& path,
                                 const NamedSigningKey& key) {
  DN_RETURN_IF_ERROR(ValidateKeyName(key.name));
  DN_ASSIGN_OR_RETURN(std::string pem,
                      key.key->ExportPrivateKeyPemForStorage());
  std::string content = absl::StrCat(kNameHeader, key.name, "\n", kTypeHeader,
                                     TypeName(key.type), "\n", pem);
  return WriteNewFile(path, content, 0600);
}

absl::StatusOr<NamedSigningKey> ReadPrivateKeyFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return ErrnoStatus(errno, _("reading"), path);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    snprintf(mode, sizeof(mode), "%04o", st.st_mode & 07777);
    return absl::FailedPreconditionError(
        absl::Substitute(_("refusing key file $0: mode $1 lets group or others "
                           "access it; run: chmod 600 $2"),
                         path, mode, path));
  }
  DN_ASSIGN_OR_RETURN(std::string content, ReadFile(path, kMaxKeyFileBytes));

  NamedSigningKey out;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    if (absl::StartsWith(line, "-----BEGIN")) break;
    if (absl::ConsumePrefix(&line, kNameHeader)) out.name = std::string(line);
    if (absl::ConsumePrefix(&line, kTypeHeader)) {
      if (line == "cosignature") {
        out.type = SignatureType::kCosignatureV1;
      } else if (line != "note") {
        return absl::InvalidArgumentError(absl::Substitute(
            _("$0: Key-Type must be note or cosignature, not $1"), path, line));
      }
    }
  }
  if (absl::Status s = ValidateKeyName(out.name); !s.ok()) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0: no valid Key-Name header ($1)"), path, s.message()));
  }
  auto key = Ed25519PrivateKey::FromPem(content);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", key.status().message()));
  }
  out.key = *std::move(key);
  return out;
}

absl::StatusOr<std::unique_ptr<NoteSigner>> NewNoteSigner(
    const NamedSigningKey& key) {
  if (key.type == SignatureType::kCosignatureV1) {
    auto s = CosignatureSigner::Create(key.name, key.key, [] {
      return static_cast<uint64_t>(std::time(nullptr));
    });
    DN_RETURN_IF_ERROR(s.status());
    return std::unique_ptr<NoteSigner>(*std::move(s));
  }
  DN_ASSIGN_OR_RETURN(auto s, Ed25519NoteSigner::Create(key.name, key.key));
  return std::unique_ptr<NoteSigner>(std::move(s));
}

}  // namespace disclosure
