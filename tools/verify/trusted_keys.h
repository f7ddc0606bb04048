// The keys an auditor trusts, read only from what the auditor names on the
// command line (never from the data being verified): a file with one
// verifier key per line ('#' comments and blank lines allowed) or a folder
// whose *.vkey files hold one or more keys each.
//
// Keys are sorted by purpose: agency log keys are note keys named by their
// log's origin ("<trust-domain>/agency/<id>"), cosigner keys are
// cosignature/v1 keys, and the export-signing keys are the other note keys
// (one key, one purpose: an agency's key never vouches for an export).
#ifndef DISCLOSURE_TOOLS_VERIFY_TRUSTED_KEYS_H_
#define DISCLOSURE_TOOLS_VERIFY_TRUSTED_KEYS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "format/note.h"

namespace disclosure::verify {

class TrustedKeys {
 public:
  // Reads `path` (a file or a folder). NotFound / InvalidArgument naming
  // the file and line of a key that does not parse; an empty set is an
  // error too (nothing could be verified).
  static absl::StatusOr<TrustedKeys> Load(const std::string& path);
  // From key texts (tests, --vkey flags).
  static absl::StatusOr<TrustedKeys> FromTexts(
      const std::vector<std::string>& vkeys);

  // Note keys named `origin` (an agency log's keys).
  std::vector<const NoteVerifier*> LogKeys(const std::string& origin) const;
  // The texts of the note keys named `origin`.
  std::vector<std::string> LogVkeys(const std::string& origin) const;
  // The origins of every agency log with a trusted key, sorted.
  std::vector<std::string> LogOrigins() const;
  // Every cosignature key.
  std::vector<const NoteVerifier*> Cosigners() const;
  // Note keys not named like an agency log ("/agency/" in the name).
  std::vector<const NoteVerifier*> ExportSigners() const;
  size_t size() const { return keys_.size(); }

 private:
  struct Key {
    std::string vkey;
    bool cosignature = false;
    std::unique_ptr<NoteVerifier> verifier;
  };
  std::vector<Key> keys_;
};

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_TRUSTED_KEYS_H_
