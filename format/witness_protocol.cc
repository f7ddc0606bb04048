#include "format/witness_protocol.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "format/encoding.h"

namespace disclosure {
namespace {

// A decimal with no leading zero (but "0" itself), fitting 64 bits.
bool ParseCanonicalSize(absl::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, out);
}

// Takes the next "\n"-terminated line off `rest`. False if there is none.
bool NextLine(absl::string_view* rest, absl::string_view* line) {
  const size_t nl = rest->find('\n');
  if (nl == absl::string_view::npos) return false;
  *line = rest->substr(0, nl);
  rest->remove_prefix(nl + 1);
  return true;
}

}  // namespace

std::string FormatAddCheckpoint(const AddCheckpointRequest& request) {
  std::string out = absl::StrCat("old ", request.old_size, "\n");
  for (const Hash& h : request.proof) {
    absl::StrAppend(&out, Base64Encode(ToString(h)), "\n");
  }
  absl::StrAppend(&out, "\n", request.checkpoint);
  return out;
}

absl::StatusOr<AddCheckpointRequest> ParseAddCheckpoint(
    absl::string_view body) {
  if (body.size() > kMaxAddCheckpointBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("request body is ", body.size(),
                     " bytes, over the limit of ", kMaxAddCheckpointBytes));
  }
  AddCheckpointRequest request;
  absl::string_view rest = body;
  absl::string_view line;
  if (!NextLine(&rest, &line) || !absl::ConsumePrefix(&line, "old ") ||
      !ParseCanonicalSize(line, &request.old_size)) {
    return absl::InvalidArgumentError(
        "the first line must be \"old <size>\", a decimal with no leading "
        "zeros");
  }
  while (true) {
    if (!NextLine(&rest, &line)) {
      return absl::InvalidArgumentError(
          "no empty line between the proof and the checkpoint");
    }
    if (line.empty()) break;
    if (request.proof.size() == kMaxWitnessProofLines) {
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", kMaxWitnessProofLines, " proof lines"));
    }
    absl::StatusOr<std::string> raw = Base64Decode(line);
    if (!raw.ok() || raw->size() != kHashSize) {
      return absl::InvalidArgumentError(
          absl::StrCat("proof line ", request.proof.size() + 1,
                       " is not a base64 SHA-256 hash"));
    }
    request.proof.push_back(*HashFromBytes(*raw));
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError("no checkpoint after the empty line");
  }
  request.checkpoint = std::string(rest);
  return request;
}

std::string FormatTlogSize(uint64_t size) { return absl::StrCat(size, "\n"); }

absl::StatusOr<uint64_t> ParseTlogSize(absl::string_view body) {
  uint64_t size = 0;
  if (!absl::ConsumeSuffix(&body, "\n") || !ParseCanonicalSize(body, &size)) {
    return absl::InvalidArgumentError(
        "a 409 reply must be one decimal size and a newline");
  }
  return size;
}

absl::StatusOr<std::vector<std::string>> ParseCosignatureLines(
    absl::string_view body) {
  if (body.empty()) {
    return absl::InvalidArgumentError("the reply holds no cosignature");
  }
  if (body.size() > kMaxNoteBytes) {
    return absl::InvalidArgumentError("the reply is over the note size limit");
  }
  std::vector<std::string> lines;
  absl::string_view rest = body;
  absl::string_view line;
  while (!rest.empty()) {
    if (!NextLine(&rest, &line)) {
      return absl::InvalidArgumentError(
          "a cosignature line lacks its final newline");
    }
    if (!absl::StartsWith(line, "\xE2\x80\x94 ")) {
      return absl::InvalidArgumentError(
          "a reply line does not start with \"— \"");
    }
    if (lines.size() == kMaxNoteSignatures) {
      return absl::InvalidArgumentError("the reply has too many lines");
    }
    lines.push_back(absl::StrCat(line, "\n"));
  }
  return lines;
}

}  // namespace disclosure
