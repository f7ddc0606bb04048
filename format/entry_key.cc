#include "format/entry_key.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "format/encoding.h"
#include "format/limits.h"
#include "format/participation.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

bool IsDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

std::string DatabaseKey(absl::string_view database_id) {
  return absl::StrCat("db/", database_id);
}

std::string StatisticsKey(absl::string_view period) {
  return absl::StrCat("stats/", period);
}

std::string RotationKey(uint32_t key_id) {
  char hex[9];
  snprintf(hex, sizeof(hex), "%08x", key_id);
  return absl::StrCat("keys/", hex);
}

const char* IdProblem(absl::string_view id) {
  if (id.empty() || id.size() > 64) return N_("must be 1 to 64 characters");
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return N_("\"$0\" may contain only a-z, 0-9 and '-' (not first)");
  }
  return nullptr;
}

absl::Status ValidateId(absl::string_view id, absl::string_view what) {
  const char* problem = IdProblem(id);
  if (problem == nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      what, " ", Message{problem, {std::string(id)}}.Translated()));
}

absl::Status ValidatePeriod(absl::string_view p) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::Substitute(
        _("period \"$0\" is not YYYY, YYYY-H1/H2, YYYY-Q1..Q4 or YYYY-MM"), p));
  };
  if (p.size() < 4 || !IsDigits(p.substr(0, 4))) return bad();
  if (p.size() == 4) return absl::OkStatus();
  if (p.size() != 7 || p[4] != '-') return bad();
  absl::string_view rest = p.substr(5);
  if (rest == "H1" || rest == "H2") return absl::OkStatus();
  if (rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    return absl::OkStatus();
  }
  if (IsDigits(rest) && rest >= "01" && rest <= "12") return absl::OkStatus();
  return bad();
}

absl::Status ValidateEntryKey(const disclosure::v1::DisclosureEntry& entry) {
  const std::string& key = entry.key();
  if (key.size() > kMaxEntryKeyBytes) {
    return absl::InvalidArgumentError(_("entry key is too long"));
  }
  using E = disclosure::v1::DisclosureEntry;
  std::string want;
  switch (entry.body_case()) {
    case E::kAgencyProfile:
      want = std::string(kAgencyKey);
      break;
    case E::kDatabase: {
      const std::string& id = entry.database().database_id();
      DN_RETURN_IF_ERROR(ValidateId(id, "database_id"));
      want = DatabaseKey(id);
      break;
    }
    case E::kStatistics: {
      const std::string& period = entry.statistics().period();
      DN_RETURN_IF_ERROR(ValidatePeriod(period));
      want = StatisticsKey(period);
      break;
    }
    case E::kKeyRotation: {
      absl::string_view id = key;
      if (!absl::ConsumePrefix(&id, "keys/") || id.size() != 8 ||
          !IsLowerHex(id)) {
        return absl::InvalidArgumentError(absl::Substitute(
            _("key rotation entry key \"$0\" is not keys/<8 hex digits>"),
            key));
      }
      return absl::OkStatus();
    }
    case E::kAnswer: {
      const std::string& id = entry.answer().submission_id();
      if (const char* problem = SubmissionIdProblem(id)) {
        return absl::InvalidArgumentError(
            absl::Substitute(Translate(problem), id));
      }
      want = AnswerKey(id);
      break;
    }
    case E::BODY_NOT_SET:
      return absl::InvalidArgumentError(
          absl::Substitute(_("entry \"$0\" has no body"), key));
  }
  if (key != want) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("entry key \"$0\" does not match its body (want \"$1\")"), key,
        want));
  }
  return absl::OkStatus();
}

}  // namespace disclosure
