#include "format/note.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/encoding.h"
#include "format/limits.h"
#include "format/status_macros.h"
#include "format/translation.h"
#include "format/utf8.h"

namespace disclosure {
namespace {

constexpr absl::string_view kSigPrefix = "\xE2\x80\x94 ";  // em dash, space

// Checks the byte-level rules shared by notes and note texts.
absl::Status ValidateNoteBytes(absl::string_view s, absl::string_view what) {
  if (s.size() > kMaxNoteBytes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 is larger than $1 bytes"), what, kMaxNoteBytes));
  }
  size_t bad = 0;
  if (!IsValidUtf8(s, &bad)) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 is not valid UTF-8 (byte $1)"), what, bad));
  }
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\n') {
      return absl::InvalidArgumentError(
          absl::Substitute(_("$0 contains control character 0x$1 at byte $2"),
                           what, HexEncode(s.substr(i, 1)), i));
    }
  }
  if (s.empty() || s.back() != '\n') {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 does not end with a newline"), what));
  }
  return absl::OkStatus();
}

uint32_t ReadBigEndian32(absl::string_view b) {
  return static_cast<uint32_t>(static_cast<uint8_t>(b[0])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[2])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[3]));
}

absl::StatusOr<NoteSignature> ParseSignatureLine(absl::string_view line,
                                                 size_t line_no) {
  const std::string where = absl::StrCat("signature line ", line_no);
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0 does not start with an em dash and a space"), where));
  }
  line.remove_prefix(kSigPrefix.size());
  size_t space = line.find(' ');
  if (space == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0 has no space between key name and signature"), where));
  }
  NoteSignature sig;
  sig.key_name = std::string(line.substr(0, space));
  if (absl::Status s = ValidateKeyName(sig.key_name); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", s.message()));
  }
  absl::StatusOr<std::string> raw = Base64Decode(line.substr(space + 1));
  if (!raw.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0: signature is not canonical base64"), where));
  }
  if (raw->size() < 5) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0: signature is truncated ($1 bytes, need a "
                           "4-byte key id and a signature)"),
                         where, raw->size()));
  }
  sig.key_id = ReadBigEndian32(*raw);
  sig.signature = raw->substr(4);
  return sig;
}

}  // namespace

absl::Status ValidateNoteText(absl::string_view text) {
  return ValidateNoteBytes(text, "note text");
}

absl::Status ValidateKeyName(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError(_("key name is empty"));
  if (name.size() > kMaxKeyNameBytes) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("key name is longer than $0 bytes"), kMaxKeyNameBytes));
  }
  if (!IsValidUtf8(name)) {
    return absl::InvalidArgumentError(_("key name is not valid UTF-8"));
  }
  for (size_t i = 0; i < name.size();) {
    size_t len = 1;
    if (name[i] == '+') {
      return absl::InvalidArgumentError(_("key name contains '+'"));
    }
    if (IsUnicodeSpaceAt(name, i, &len)) {
      return absl::InvalidArgumentError(_("key name contains a space"));
    }
    if (static_cast<unsigned char>(name[i]) < 0x20) {
      return absl::InvalidArgumentError(
          _("key name contains a control character"));
    }
    i += len;
  }
  return absl::OkStatus();
}

absl::StatusOr<ParsedNote> ParseNote(absl::string_view note) {
  DN_RETURN_IF_ERROR(ValidateNoteBytes(note, "note"));
  // The text ends at the last blank line: text "\n" + "\n" + signatures.
  size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        _("note has no blank line between text and signatures"));
  }
  ParsedNote out;
  out.text = std::string(note.substr(0, split + 1));
  absl::string_view sigs = note.substr(split + 2);
  if (sigs.empty())
    return absl::InvalidArgumentError(_("note has no signatures"));

  std::set<std::pair<std::string, uint32_t>> seen;
  size_t line_no = 0;
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');  // present: the note ends with a newline
    absl::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    ++line_no;
    if (line_no > kMaxNoteSignatures) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("note has more than $0 signatures"), kMaxNoteSignatures));
    }
    DN_ASSIGN_OR_RETURN(NoteSignature sig, ParseSignatureLine(line, line_no));
    if (!seen.emplace(sig.key_name, sig.key_id).second) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("note has two signatures by key $0 (signature line $1)"),
          sig.key_name, line_no));
    }
    out.signatures.push_back(std::move(sig));
  }
  return out;
}

std::string FormatSignatureLine(const NoteSignature& sig) {
  std::string raw;
  raw.reserve(4 + sig.signature.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    raw.push_back(static_cast<char>((sig.key_id >> shift) & 0xff));
  }
  raw += sig.signature;
  return absl::StrCat(kSigPrefix, sig.key_name, " ", Base64Encode(raw), "\n");
}

absl::StatusOr<std::string> SignNote(
    absl::string_view text, const std::vector<const NoteSigner*>& signers) {
  DN_RETURN_IF_ERROR(ValidateNoteText(text));
  if (signers.empty()) return absl::InvalidArgumentError(_("no signer given"));
  std::string out = absl::StrCat(text, "\n");
  for (const NoteSigner* signer : signers) {
    DN_ASSIGN_OR_RETURN(std::string sig, signer->Sign(text));
    out += FormatSignatureLine({signer->key_name(), signer->key_id(), sig});
  }
  // Re-parse: enforces the size and signature-count limits on the result.
  DN_RETURN_IF_ERROR(ParseNote(out).status());
  return out;
}

absl::StatusOr<std::string> AddNoteSignatures(
    absl::string_view note, const std::vector<const NoteSigner*>& signers) {
  DN_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  std::string out(note);
  for (const NoteSigner* signer : signers) {
    for (const NoteSignature& existing : parsed.signatures) {
      if (existing.key_name == signer->key_name() &&
          existing.key_id == signer->key_id()) {
        return absl::InvalidArgumentError(absl::Substitute(
            _("note already has a signature by key $0"), signer->key_name()));
      }
    }
    DN_ASSIGN_OR_RETURN(std::string sig, signer->Sign(parsed.text));
    out += FormatSignatureLine({signer->key_name(), signer->key_id(), sig});
  }
  DN_RETURN_IF_ERROR(ParseNote(out).status());
  return out;
}

absl::StatusOr<OpenedNote> OpenNote(
    absl::string_view note, const std::vector<const NoteVerifier*>& known) {
  DN_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  return OpenParsedNote(std::move(parsed), known);
}

bool HasSignatureByAnyOf(const ParsedNote& note,
                         const std::vector<const NoteVerifier*>& known) {
  for (const NoteSignature& sig : note.signatures) {
    for (const NoteVerifier* v : known) {
      if (v->key_name() == sig.key_name && v->key_id() == sig.key_id) {
        return true;
      }
    }
  }
  return false;
}

absl::StatusOr<OpenedNote> OpenParsedNote(
    ParsedNote parsed, const std::vector<const NoteVerifier*>& known) {
  OpenedNote out;
  for (NoteSignature& sig : parsed.signatures) {
    const NoteVerifier* verifier = nullptr;
    for (const NoteVerifier* v : known) {
      if (v->key_name() == sig.key_name && v->key_id() == sig.key_id) {
        verifier = v;
        break;
      }
    }
    if (verifier == nullptr) {
      out.unknown.push_back(std::move(sig));
      continue;
    }
    if (!verifier->Verify(parsed.text, sig.signature).ok()) {
      return absl::UnauthenticatedError(
          absl::Substitute(_("invalid signature by key $0"), sig.key_name));
    }
    out.verified.push_back(std::move(sig));
  }
  if (out.verified.empty()) {
    return absl::UnauthenticatedError(_("no signature by a known key"));
  }
  out.text = std::move(parsed.text);
  return out;
}

}  // namespace disclosure
