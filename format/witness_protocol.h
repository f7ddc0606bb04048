// The wire format of C2SP tlog-witness (c2sp.org/tlog-witness), the
// protocol a log uses to get cosignatures from witnesses:
//
//   POST <prefix>/add-checkpoint
//     old <size>\n                 the size the client believes the witness has
//     <base64 hash>\n ...          a consistency proof from it (at most 63)
//     \n
//     <signed checkpoint note>
//
//   200  cosignature lines ("— <name> <base64>\n"), one or more
//   409  "<size>\n" (text/x.tlog.size): the witness's latest size for the log
//   400 / 403 / 404 / 422          malformed / no trusted signature / unknown
//                                  log / the proof does not verify
//
// Only the format lives here: the witness's checks are witness/witness.h,
// the client's are node/witness/. Parsing is strict and bounded.
#ifndef DISCLOSURE_FORMAT_WITNESS_PROTOCOL_H_
#define DISCLOSURE_FORMAT_WITNESS_PROTOCOL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/limits.h"
#include "format/sha256.h"

namespace disclosure {

// The spec allows at most 63 proof lines (a 64-level tree).
inline constexpr size_t kMaxWitnessProofLines = 63;
// Largest add-checkpoint body: the old-size line, the proof and a note.
inline constexpr size_t kMaxAddCheckpointBytes =
    32 + kMaxWitnessProofLines * 46 + 1 + kMaxNoteBytes;
// The content type of a 409 reply.
inline constexpr char kTlogSizeContentType[] = "text/x.tlog.size";

struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  // The whole signed checkpoint note, verbatim.
  std::string checkpoint;
};

// The request body for `request`.
std::string FormatAddCheckpoint(const AddCheckpointRequest& request);

// Parses a request body. InvalidArgument, naming the problem, for anything
// the spec does not allow: a missing or non-canonical old-size line, more
// than 63 proof lines, a line that is not a base64 hash, no blank line, an
// oversize body. The note after the blank line is returned unparsed.
absl::StatusOr<AddCheckpointRequest> ParseAddCheckpoint(absl::string_view body);

// The body of a 409 reply: "<size>\n".
std::string FormatTlogSize(uint64_t size);
// Parses a 409 reply body. InvalidArgument if it is not one decimal line.
absl::StatusOr<uint64_t> ParseTlogSize(absl::string_view body);

// Splits a 200 reply into its signature lines (each with its newline).
// InvalidArgument if the body is empty, oversize, or any line does not
// start with "— " or lacks its newline. Nothing is verified here: append
// the lines to the checkpoint and open the note with the witnesses' keys.
absl::StatusOr<std::vector<std::string>> ParseCosignatureLines(
    absl::string_view body);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_WITNESS_PROTOCOL_H_
