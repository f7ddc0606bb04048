#include "format/checkpoint.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "format/encoding.h"
#include "format/limits.h"
#include "format/note.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {

std::string AgencyLogOrigin(absl::string_view trust_domain,
                            absl::string_view agency_id) {
  return absl::StrCat(trust_domain, "/agency/", agency_id);
}

absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& cp) {
  if (cp.origin.empty() || cp.origin.size() > kMaxKeyNameBytes) {
    return absl::InvalidArgumentError(
        _("checkpoint origin is empty or too long"));
  }
  if (cp.extensions.size() > kMaxCheckpointExtensionLines) {
    return absl::InvalidArgumentError(_("too many checkpoint extension lines"));
  }
  std::string text = absl::StrCat(cp.origin, "\n", cp.size, "\n",
                                  Base64Encode(AsBytes(cp.root)), "\n");
  for (const std::string& ext : cp.extensions) {
    if (ext.empty()) {
      return absl::InvalidArgumentError(
          _("checkpoint extension line is empty"));
    }
    absl::StrAppend(&text, ext, "\n");
  }
  // The same rules as for parsing: what we write, we can read.
  DN_ASSIGN_OR_RETURN(Checkpoint back, ParseCheckpoint(text));
  if (!(back == cp)) {
    return absl::InvalidArgumentError(_("checkpoint fields contain newlines"));
  }
  return text;
}

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  if (absl::Status s = ValidateNoteText(text); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("checkpoint: $0"), s.message()));
  }
  text.remove_suffix(1);  // the final newline
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3) {
    return absl::InvalidArgumentError(
        _("checkpoint has fewer than three lines (origin, size, root)"));
  }
  if (lines.size() > 3 + kMaxCheckpointExtensionLines) {
    return absl::InvalidArgumentError(
        _("checkpoint has too many extension lines"));
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("checkpoint line $0 is empty"), i + 1));
    }
  }
  Checkpoint cp;
  if (lines[0].size() > kMaxKeyNameBytes) {
    return absl::InvalidArgumentError(_("checkpoint origin is too long"));
  }
  cp.origin = std::string(lines[0]);

  absl::string_view size = lines[1];
  bool digits_only = size.size() <= 20;
  for (char c : size) digits_only = digits_only && c >= '0' && c <= '9';
  if (!digits_only || (size.size() > 1 && size[0] == '0') ||
      !absl::SimpleAtoi(size, &cp.size)) {
    return absl::InvalidArgumentError(
        _("checkpoint tree size is not a decimal number without leading zeros "
          "that fits in 64 bits"));
  }

  absl::StatusOr<std::string> root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != kHashSize) {
    return absl::InvalidArgumentError(
        _("checkpoint root hash is not canonical base64 of 32 bytes"));
  }
  cp.root = *HashFromBytes(*root);
  for (size_t i = 3; i < lines.size(); ++i) {
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

}  // namespace disclosure
