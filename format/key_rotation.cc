#include "format/key_rotation.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

constexpr absl::string_view kHeader = "disclosure-net/key-rotation/v1";

absl::StatusOr<KeyRotation> ParseKeyRotation(absl::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError(
        _("rotation statement must end in newline"));
  }
  text.remove_suffix(1);
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() != 5 || lines[0] != kHeader) {
    return absl::InvalidArgumentError(
        _("not a disclosure-net/key-rotation/v1 statement"));
  }
  KeyRotation r;
  absl::string_view origin = lines[1], old_key = lines[2], new_key = lines[3],
                    time = lines[4];
  if (!absl::ConsumePrefix(&origin, "origin ") ||
      !absl::ConsumePrefix(&old_key, "old ") ||
      !absl::ConsumePrefix(&new_key, "new ") ||
      !absl::ConsumePrefix(&time, "time ") ||
      !absl::SimpleAtoi(time, &r.time)) {
    return absl::InvalidArgumentError(_("rotation statement is malformed"));
  }
  r.origin = std::string(origin);
  r.old_vkey = std::string(old_key);
  r.new_vkey = std::string(new_key);
  return r;
}

}  // namespace

absl::StatusOr<std::string> FormatKeyRotation(const KeyRotation& r) {
  for (const std::string& vkey : {r.old_vkey, r.new_vkey}) {
    DN_RETURN_IF_ERROR(ParseVerifierKey(vkey).status());
  }
  if (r.old_vkey == r.new_vkey) {
    return absl::InvalidArgumentError(_("old and new key are the same"));
  }
  return absl::StrCat(kHeader, "\norigin ", r.origin, "\nold ", r.old_vkey,
                      "\nnew ", r.new_vkey, "\ntime ", r.time, "\n");
}

absl::StatusOr<std::string> SignKeyRotation(const KeyRotation& r,
                                            const NoteSigner& old_key,
                                            const NoteSigner& new_key) {
  DN_ASSIGN_OR_RETURN(std::string text, FormatKeyRotation(r));
  return SignNote(text, {&old_key, &new_key});
}

absl::StatusOr<KeyRotation> VerifyKeyRotation(
    absl::string_view signed_note, absl::string_view origin,
    absl::string_view trusted_old_vkey) {
  DN_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(signed_note));
  DN_ASSIGN_OR_RETURN(KeyRotation r, ParseKeyRotation(parsed.text));
  if (r.origin != origin) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("rotation statement is for origin $0, not $1"), r.origin, origin));
  }
  if (absl::StripAsciiWhitespace(trusted_old_vkey) != r.old_vkey) {
    return absl::InvalidArgumentError(
        _("rotation statement's old key is not the trusted key"));
  }
  for (const std::string& vkey : {r.old_vkey, r.new_vkey}) {
    DN_ASSIGN_OR_RETURN(auto verifier, NewNoteVerifier(vkey));
    absl::StatusOr<OpenedNote> opened = OpenNote(signed_note, {verifier.get()});
    if (!opened.ok()) {
      return absl::UnauthenticatedError(
          absl::Substitute(_("rotation statement not signed by $0: $1"),
                           (verifier)->key_name(), opened.status().message()));
    }
  }
  return r;
}

}  // namespace disclosure
