#include "format/participation.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "format/encoding.h"
#include "format/entry_key.h"
#include "format/status_macros.h"
#include "format/translation.h"
#include "format/utf8.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;

constexpr absl::string_view kReceiptHeader =
    "disclosure-net/participation-receipt/v1";
// The receipt's lines after the header, in order.
constexpr const char* kReceiptFields[] = {
    "hub",  "submission", "agency",      "concerns",
    "kind", "publish",    "text-sha256", "received"};

bool IsSha256Hex(absl::string_view s) {
  return s.size() == 64 && IsLowerHex(s);
}

void Add(std::vector<FieldProblem>* out, std::string field, const char* format,
         std::vector<std::string> args = {}) {
  out->push_back({std::move(field), Message{format, std::move(args)}});
}

void CheckText(const std::string& text, const char* field,
               std::vector<FieldProblem>* out) {
  if (!IsValidUtf8(text)) {
    Add(out, field, N_("is not valid UTF-8"));
  } else if (Utf8CharCount(text) > kMaxParticipationTextChars) {
    Add(out, field, N_("is longer than $0 characters"),
        {absl::StrCat(kMaxParticipationTextChars)});
  }
}

// A round's opinion says how it was handled; a question is not "handled".
void CheckHandling(const v1::ParticipationAnswer& a,
                   std::vector<FieldProblem>* out) {
  if (!a.consultation_id().empty()) {
    if (const char* p = ConsultationIdProblem(a.consultation_id())) {
      Add(out, "consultation_id", p, {a.consultation_id()});
    }
    if (a.kind() != v1::PARTICIPATION_KIND_OPINION) {
      Add(out, "kind",
          N_("must be opinion: a consultation round takes only opinions"));
    }
  }
  if (!v1::OpinionHandling_IsValid(a.handling())) {
    Add(out, "handling", N_("is not a known handling"));
  } else if (a.handling() != v1::OPINION_HANDLING_UNSPECIFIED &&
             a.kind() != v1::PARTICIPATION_KIND_OPINION) {
    Add(out, "handling", N_("is for opinions only; clear it for a question"));
  } else if (a.handling() == v1::OPINION_HANDLING_UNSPECIFIED &&
             !a.consultation_id().empty()) {
    Add(out, "handling",
        N_("is required for an opinion given in a consultation round "
           "(adopted, partly adopted or not adopted, with the reason as the "
           "answer)"));
  }
}

// Fields of the receipt's note text checked alike when built and parsed.
absl::Status CheckReceipt(const Receipt& r) {
  if (r.trust_domain.empty() ||
      r.trust_domain.find_first_of(" \n") != std::string::npos) {
    return absl::InvalidArgumentError("receipt: hub is not a trust domain");
  }
  if (SubmissionIdProblem(r.submission_id) != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "receipt: \"", r.submission_id, "\" is not a submission id"));
  }
  if (IdProblem(r.agency_id) != nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("receipt: \"", r.agency_id, "\" is not an agency id"));
  }
  if (!IsConcernableKey(r.concerns)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "receipt: \"", r.concerns, "\" is not an entry a submission concerns"));
  }
  if (KindWord(r.kind).empty()) {
    return absl::InvalidArgumentError("receipt: kind is not set");
  }
  if (!IsSha256Hex(r.text_sha256)) {
    return absl::InvalidArgumentError(
        "receipt: text-sha256 is not 64 lowercase hex digits");
  }
  if (!r.consultation_id.empty() &&
      (ConsultationIdProblem(r.consultation_id) != nullptr ||
       r.kind != v1::PARTICIPATION_KIND_OPINION)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "receipt: consultation \"", r.consultation_id,
        "\" is not a round id, or the submission is not an opinion"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string AnswerKey(absl::string_view submission_id) {
  return absl::StrCat("answers/", submission_id);
}

uint64_t IdNumber(absl::string_view id, char prefix) {
  // `prefix` and a decimal number from 1, at most 12 digits.
  uint64_t n = 0;
  if (id.size() < 2 || id.size() > 13 || id[0] != prefix || id[1] == '0')
    return 0;
  for (char c : id.substr(1)) {
    if (!absl::ascii_isdigit(c)) return 0;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

const char* SubmissionIdProblem(absl::string_view id) {
  return IdNumber(id, 'q') != 0 ? nullptr
                                : N_("\"$0\" is not a submission id (q and a "
                                     "number, as on the receipt)");
}

const char* ConsultationIdProblem(absl::string_view id) {
  return IdNumber(id, 'c') != 0
             ? nullptr
             : N_("\"$0\" is not a consultation round id (c and a number)");
}

bool IsConcernableKey(absl::string_view key) {
  if (key == kAgencyKey) return true;
  absl::string_view rest = key;
  if (absl::ConsumePrefix(&rest, "db/")) return IdProblem(rest) == nullptr;
  if (absl::ConsumePrefix(&rest, "stats/")) return ValidatePeriod(rest).ok();
  return false;
}

absl::string_view KindWord(v1::ParticipationKind kind) {
  switch (kind) {
    case v1::PARTICIPATION_KIND_QUESTION:
      return "question";
    case v1::PARTICIPATION_KIND_OPINION:
      return "opinion";
    default:
      return "";
  }
}

absl::StatusOr<std::string> ReceiptText(const Receipt& r) {
  DN_RETURN_IF_ERROR(CheckReceipt(r));
  const std::string received =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(r.received),
                       absl::UTCTimeZone());
  return absl::StrCat(
      kReceiptHeader, "\nhub ", r.trust_domain, "\nsubmission ",
      r.submission_id, "\nagency ", r.agency_id, "\nconcerns ", r.concerns,
      "\nkind ", KindWord(r.kind), "\npublish ", r.publish ? "yes" : "no",
      "\ntext-sha256 ", r.text_sha256, "\nreceived ", received, "\n",
      r.consultation_id.empty()
          ? ""
          : absl::StrCat("consultation ", r.consultation_id, "\n"));
}

absl::StatusOr<Receipt> ParseReceiptText(absl::string_view text) {
  if (!absl::ConsumeSuffix(&text, "\n")) {
    return absl::InvalidArgumentError(
        "receipt: text does not end in a newline");
  }
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  constexpr size_t kFields = sizeof(kReceiptFields) / sizeof(kReceiptFields[0]);
  // An opinion given in a consultation round has one line more.
  std::string consultation;
  if (lines.size() == kFields + 2) {
    absl::string_view last = lines.back();
    if (!absl::ConsumePrefix(&last, "consultation ")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "receipt: line ", kFields + 2, " is not \"consultation ...\""));
    }
    consultation = std::string(last);
    lines.pop_back();
  }
  if (lines.size() != kFields + 1 || lines[0] != kReceiptHeader) {
    return absl::InvalidArgumentError(
        absl::StrCat("receipt: not a ", kReceiptHeader, " text of ",
                     kFields + 1, " or ", kFields + 2, " lines"));
  }
  std::string values[kFields];
  for (size_t i = 0; i < kFields; ++i) {
    absl::string_view line = lines[i + 1];
    if (!absl::ConsumePrefix(&line, kReceiptFields[i]) ||
        !absl::ConsumePrefix(&line, " ")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "receipt: line ", i + 2, " is not \"", kReceiptFields[i], " ...\""));
    }
    values[i] = std::string(line);
  }
  Receipt r;
  r.trust_domain = values[0];
  r.submission_id = values[1];
  r.agency_id = values[2];
  r.concerns = values[3];
  r.kind = values[4] == "question"  ? v1::PARTICIPATION_KIND_QUESTION
           : values[4] == "opinion" ? v1::PARTICIPATION_KIND_OPINION
                                    : v1::PARTICIPATION_KIND_UNSPECIFIED;
  if (values[5] != "yes" && values[5] != "no") {
    return absl::InvalidArgumentError("receipt: publish is not yes or no");
  }
  r.publish = values[5] == "yes";
  r.text_sha256 = values[6];
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%SZ", values[7], &t, &err)) {
    return absl::InvalidArgumentError("receipt: received is not a UTC time");
  }
  r.received = absl::ToUnixSeconds(t);
  r.consultation_id = std::move(consultation);
  DN_RETURN_IF_ERROR(CheckReceipt(r));
  return r;
}

std::vector<FieldProblem> AnswerProblems(const v1::ParticipationAnswer& a,
                                         uint32_t format_version) {
  std::vector<FieldProblem> out;
  if (format_version < kParticipationFormatVersion) {
    Add(&out, "answer",
        N_("answers need snapshot format 2; this snapshot is format $0 (set "
           "snapshot_format_version: 2 once the hub reads format 2)"),
        {absl::StrCat(format_version)});
    return out;
  }
  if (const char* p = SubmissionIdProblem(a.submission_id())) {
    Add(&out, "submission_id", p, {a.submission_id()});
  }
  if (!IsConcernableKey(a.concerns())) {
    Add(&out, "concerns",
        N_("\"$0\" is not the key of an entry (agency, db/<id> or "
           "stats/<period>)"),
        {a.concerns()});
  }
  if (KindWord(a.kind()).empty()) {
    Add(&out, "kind", N_("is required (question or opinion)"));
  }
  if (!IsSha256Hex(a.text_sha256())) {
    Add(&out, "text_sha256",
        N_("is not 64 lowercase hex digits (the receipt's text-sha256)"));
  }
  if (!IsCalendarDate(a.answered_on())) {
    Add(&out, "answered_on", N_("\"$0\" is not a date YYYY-MM-DD"),
        {a.answered_on()});
  }
  CheckText(a.question_text(), "question_text", &out);
  CheckText(a.answer_text(), "answer_text", &out);
  if (a.has_question_withheld()) {
    CheckWithholding(a.question_withheld(), "question_withheld", &out);
    if (!a.question_text().empty()) {
      Add(&out, "question_text",
          N_("is withheld but also filled in; clear it, or do not withhold "
             "it"));
    }
  }
  if (a.has_answer_withheld()) {
    CheckWithholding(a.answer_withheld(), "answer_withheld", &out);
    if (!a.answer_text().empty()) {
      Add(&out, "answer_text",
          N_("is withheld but also filled in; clear it, or do not withhold "
             "it"));
    }
  } else if (a.answer_text().empty()) {
    Add(&out, "answer_text", N_("is required"));
  }
  CheckHandling(a, &out);
  return out;
}

}  // namespace disclosure
