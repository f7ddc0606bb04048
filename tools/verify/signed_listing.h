// The signed listing of an export (format/export_listing.h):
// export-manifest.note (a signed note by the export key) committing to
// export-manifest.txt, which names the tree size of each agency's
// checkpoint and every file with its SHA-256, directly or through the
// agency listings (listings/<agency>.txt) it names.
#ifndef DISCLOSURE_TOOLS_VERIFY_SIGNED_LISTING_H_
#define DISCLOSURE_TOOLS_VERIFY_SIGNED_LISTING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "format/note.h"

namespace disclosure::verify {

struct SignedListing {
  int64_t time = 0;
  // Agency id -> tree size of its exported checkpoint (0: none), in the
  // listing's order.
  std::vector<std::pair<std::string, uint64_t>> agencies;
  // File name -> SHA-256 hex: the top listing's files (agency listings
  // among them) and the files of every agency listing.
  std::map<std::string, std::string> files;
  // Who signed the note.
  std::string signed_by;
};

// Reads and checks the note and the listing in `dir`, and the agency
// listings it names: Unauthenticated when no trusted key signed the note,
// InvalidArgument when the listing does not match the note, an agency
// listing does not match the listing, or either is malformed; NotFound when
// one is missing.
absl::StatusOr<SignedListing> ReadSignedListing(
    const std::string& dir, const std::vector<const NoteVerifier*>& signers);

// Compares the files in `dir` with the listing: one line per problem
// (missing, different, not listed, not a regular file). Empty when all
// match. The two listing files themselves are not listed.
std::vector<std::string> CompareFiles(const std::string& dir,
                                      const SignedListing& listing);

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_SIGNED_LISTING_H_
