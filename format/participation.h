// Public participation in the format: the receipt the hub signs for every
// question or opinion it takes, and the answer entry an agency signs in its
// own log ("answers/<submission_id>", snapshot format 2).
//
// A receipt is a signed note (c2sp.org/signed-note) by the hub's
// participation key whose text is, line by line:
//
//   disclosure-net/participation-receipt/v1
//   hub <trust domain>
//   submission q17
//   agency moe
//   concerns db/household-registration
//   kind question                   (or "opinion")
//   publish yes                     (or "no": the person's choice)
//   text-sha256 <64 lowercase hex>  (of the text as received, UTF-8)
//   received 2026-12-07T10:00:00Z
//   consultation c3                 (only for an opinion given in a
//                                    consultation round)
//
// It holds no text and no contact, so a receipt shown or lost reveals
// nothing; the person keeps their text and can hash it again. An answer
// entry repeats the receipt's id, concerns, kind and hash, so anyone can
// match a signed answer to a signed receipt.
#ifndef DISCLOSURE_FORMAT_PARTICIPATION_H_
#define DISCLOSURE_FORMAT_PARTICIPATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/participation.pb.h"
#include "format/withholding.h"

namespace disclosure {

// The first snapshot format that carries answers.
inline constexpr uint32_t kParticipationFormatVersion = 2;
// Longest question or answer text in an answer entry, in characters.
inline constexpr size_t kMaxParticipationTextChars = 8000;

// "answers/<submission_id>".
std::string AnswerKey(absl::string_view submission_id);
// Why `id` is not a submission id ("q" and a decimal number from 1, at
// most 12 digits), as a message template whose $0 is the id; nullptr when
// it is one.
const char* SubmissionIdProblem(absl::string_view id);
// Why `id` is not a consultation round id ("c" and a decimal number from
// 1, at most 12 digits), as a message template whose $0 is the id; nullptr
// when it is one.
const char* ConsultationIdProblem(absl::string_view id);
// The number of a submission id ("q17": 17) or round id ("c3": 3) with
// `prefix` 'q' or 'c'; 0 when `id` is not one.
uint64_t IdNumber(absl::string_view id, char prefix);
// Whether `key` names an entry a submission may concern: "agency",
// "db/<id>" or "stats/<period>".
bool IsConcernableKey(absl::string_view key);

// The fields of a receipt.
struct Receipt {
  std::string trust_domain;
  std::string submission_id;
  std::string agency_id;
  std::string concerns;
  disclosure::v1::ParticipationKind kind =
      disclosure::v1::PARTICIPATION_KIND_UNSPECIFIED;
  bool publish = false;
  std::string text_sha256;
  // POSIX seconds, whole.
  int64_t received = 0;
  // The consultation round ("c<n>"), for an opinion given in one.
  std::string consultation_id;
};

// The receipt's note text (above); InvalidArgument for a field that would
// not parse back (a bad id, key, kind or hash).
absl::StatusOr<std::string> ReceiptText(const Receipt& r);
// Parses a receipt's note text (the signatures already checked by the
// caller); InvalidArgument naming the first line that is wrong.
absl::StatusOr<Receipt> ParseReceiptText(absl::string_view text);

// "question" or "opinion" (empty for UNSPECIFIED).
absl::string_view KindWord(disclosure::v1::ParticipationKind kind);

// Problems of an answer entry under snapshot format `format_version`.
std::vector<FieldProblem> AnswerProblems(
    const disclosure::v1::ParticipationAnswer& answer, uint32_t format_version);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_PARTICIPATION_H_
