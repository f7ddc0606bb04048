#include "tools/verify/trusted_keys.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure::verify {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxKeyFileBytes = 1 << 20;

// Appends the keys of one file's text, naming `where` in errors.
absl::Status AddKeysOfText(const std::string& text, const std::string& where,
                           std::vector<std::string>* out) {
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    if (!ParseVerifierKey(line).ok()) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0:$1: not a verifier key (<name>+<key id>+<base64 key>)"), where,
          line_no));
    }
    out->emplace_back(line);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TrustedKeys> TrustedKeys::Load(const std::string& path) {
  std::error_code ec;
  std::vector<std::string> texts;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path, ec)) {
      if (e.path().extension() == ".vkey" && e.is_regular_file())
        files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      DN_ASSIGN_OR_RETURN(std::string text,
                          ReadFile(f.string(), kMaxKeyFileBytes));
      DN_RETURN_IF_ERROR(AddKeysOfText(text, f.string(), &texts));
    }
  } else {
    DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxKeyFileBytes));
    DN_RETURN_IF_ERROR(AddKeysOfText(text, path, &texts));
  }
  if (texts.empty()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0: no verifier keys (a file with one key per "
                           "line, or a folder of .vkey files)"),
                         path));
  }
  return FromTexts(texts);
}

absl::StatusOr<TrustedKeys> TrustedKeys::FromTexts(
    const std::vector<std::string>& vkeys) {
  TrustedKeys t;
  for (const std::string& text : vkeys) {
    DN_ASSIGN_OR_RETURN(VerifierKey parsed, ParseVerifierKey(text));
    DN_ASSIGN_OR_RETURN(std::unique_ptr<NoteVerifier> v, NewNoteVerifier(text));
    Key k;
    k.vkey = text;
    k.cosignature = parsed.type == SignatureType::kCosignatureV1;
    k.verifier = std::move(v);
    t.keys_.push_back(std::move(k));
  }
  return t;
}

std::vector<const NoteVerifier*> TrustedKeys::LogKeys(
    const std::string& origin) const {
  std::vector<const NoteVerifier*> out;
  for (const Key& k : keys_) {
    if (!k.cosignature && k.verifier->key_name() == origin)
      out.push_back(k.verifier.get());
  }
  return out;
}

std::vector<std::string> TrustedKeys::LogVkeys(
    const std::string& origin) const {
  std::vector<std::string> out;
  for (const Key& k : keys_) {
    if (!k.cosignature && k.verifier->key_name() == origin)
      out.push_back(k.vkey);
  }
  return out;
}

std::vector<std::string> TrustedKeys::LogOrigins() const {
  std::set<std::string> out;
  for (const Key& k : keys_) {
    if (!k.cosignature && absl::StrContains(k.verifier->key_name(), "/agency/"))
      out.insert(k.verifier->key_name());
  }
  return {out.begin(), out.end()};
}

std::vector<const NoteVerifier*> TrustedKeys::Cosigners() const {
  std::vector<const NoteVerifier*> out;
  for (const Key& k : keys_)
    if (k.cosignature) out.push_back(k.verifier.get());
  return out;
}

std::vector<const NoteVerifier*> TrustedKeys::ExportSigners() const {
  std::vector<const NoteVerifier*> out;
  for (const Key& k : keys_) {
    if (!k.cosignature &&
        !absl::StrContains(k.verifier->key_name(), "/agency/"))
      out.push_back(k.verifier.get());
  }
  return out;
}

}  // namespace disclosure::verify
