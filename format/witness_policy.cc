#include "format/witness_policy.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("witness policy line ", line, ": ", what));
}

// Names appear in file names (keys/witness-<name>.vkey): a safe alphabet.
bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || name == "none") return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return name[0] != '.';
}

// Records a new witness or group name; InvalidArgument naming the line if
// it is not in the safe alphabet or is taken.
absl::Status DefineName(int line, const std::string& name,
                        std::set<std::string>* names) {
  if (!ValidName(name)) {
    return LineError(line, absl::StrCat("name \"", name,
                                        "\" must be letters, digits, '-', "
                                        "'_' or '.'"));
  }
  if (!names->insert(name).second) {
    return LineError(line, absl::StrCat("\"", name, "\" is defined twice"));
  }
  return absl::OkStatus();
}

}  // namespace

WitnessPolicy WitnessPolicy::None() { return WitnessPolicy(); }

absl::StatusOr<WitnessPolicy> WitnessPolicy::Parse(absl::string_view text) {
  WitnessPolicy p;
  std::set<std::string> names;
  bool have_quorum = false;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    const std::string& keyword = f[0];
    if (keyword == "witness") {
      if (f.size() < 3 || f.size() > 4) {
        return LineError(number, "expected: witness <name> <vkey> [<url>]");
      }
      DN_RETURN_IF_ERROR(DefineName(number, f[1], &names));
      absl::StatusOr<VerifierKey> key = ParseVerifierKey(f[2]);
      if (!key.ok()) return LineError(number, key.status().message());
      if (key->type != SignatureType::kCosignatureV1) {
        return LineError(number,
                         absl::StrCat("the key of \"", f[1],
                                      "\" is not a cosignature/v1 key"));
      }
      absl::StatusOr<std::unique_ptr<NoteVerifier>> v = NewNoteVerifier(f[2]);
      if (!v.ok()) return LineError(number, v.status().message());
      p.verifiers_->push_back(*std::move(v));
      p.witnesses_.push_back({f[1], f[2], f.size() == 4 ? f[3] : ""});
    } else if (keyword == "group") {
      if (f.size() < 4) {
        return LineError(number,
                         "expected: group <name> <k|all|any> <member>...");
      }
      DN_RETURN_IF_ERROR(DefineName(number, f[1], &names));
      Group g{f[1], 0, {f.begin() + 3, f.end()}};
      for (const std::string& m : g.members) {
        if (!names.count(m) || m == g.name) {
          return LineError(
              number, absl::StrCat("member \"", m, "\" is not defined above"));
        }
      }
      if (f[2] == "all") {
        g.threshold = g.members.size();
      } else if (f[2] == "any") {
        g.threshold = 1;
      } else if (!absl::SimpleAtoi(f[2], &g.threshold) || g.threshold == 0 ||
                 g.threshold > g.members.size()) {
        return LineError(number, absl::StrCat("threshold \"", f[2],
                                              "\" must be all, any or 1 to ",
                                              g.members.size()));
      }
      p.groups_[g.name] = std::move(g);
    } else if (keyword == "quorum") {
      if (f.size() != 2) return LineError(number, "expected: quorum <name>");
      if (have_quorum) return LineError(number, "a second quorum line");
      have_quorum = true;
      if (f[1] != "none") {
        if (!names.count(f[1])) {
          return LineError(number, absl::StrCat("quorum \"", f[1],
                                                "\" is not defined above"));
        }
        p.quorum_ = f[1];
      }
    } else {
      return LineError(number, absl::StrCat("unknown keyword \"", keyword,
                                            "\" (witness, group, quorum)"));
    }
  }
  if (!have_quorum) {
    return absl::InvalidArgumentError(
        "witness policy has no quorum line (quorum <name>, or quorum none)");
  }
  return p;
}

bool WitnessPolicy::Satisfied(const std::set<std::string>& cosigned) const {
  return quorum_.empty() || Satisfied(quorum_, cosigned);
}

bool WitnessPolicy::Satisfied(const std::string& name,
                              const std::set<std::string>& cosigned) const {
  auto g = groups_.find(name);
  if (g == groups_.end()) return cosigned.count(name) > 0;
  size_t met = 0;
  for (const std::string& m : g->second.members) {
    if (Satisfied(m, cosigned)) ++met;
  }
  return met >= g->second.threshold;
}

absl::StatusOr<std::set<std::string>> WitnessPolicy::VerifiedWitnesses(
    absl::string_view note) const {
  DN_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  std::set<std::string> out;
  for (const NoteSignature& sig : parsed.signatures) {
    for (size_t i = 0; i < witnesses_.size(); ++i) {
      const NoteVerifier& v = *(*verifiers_)[i];
      if (v.key_name() != sig.key_name || v.key_id() != sig.key_id) continue;
      if (!v.Verify(parsed.text, sig.signature).ok()) {
        return absl::UnauthenticatedError(
            absl::StrCat("the cosignature of witness ", witnesses_[i].name,
                         " does not verify"));
      }
      out.insert(witnesses_[i].name);
    }
  }
  return out;
}

std::string WitnessPolicy::Describe() const {
  if (quorum_.empty()) return "no witness needed";
  auto g = groups_.find(quorum_);
  if (g == groups_.end()) return absl::StrCat("witness ", quorum_);
  return absl::StrCat(g->second.threshold, " of ", g->second.members.size(),
                      " (", absl::StrJoin(g->second.members, ", "), ")");
}

}  // namespace disclosure
