#include "tools/verify/signed_listing.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/export_listing.h"
#include "format/sha256.h"
#include "format/status_macros.h"

namespace disclosure::verify {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxNoteBytes = 64 << 10;
constexpr size_t kMaxListingBytes = size_t{512} << 20;
constexpr size_t kMaxAgencyListingBytes = size_t{64} << 20;
constexpr absl::string_view kListingFile = "export-manifest.txt";
constexpr absl::string_view kNoteFile = "export-manifest.note";

// SHA-256 of a file, read in pieces (bundles and tables can be large).
absl::StatusOr<std::string> HashFile(const std::string& path) {
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoStatus(errno, _("opening"), path);
  Sha256 sha;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    sha.Update(absl::string_view(buf, n));
  const bool failed = ferror(f) != 0;
  fclose(f);
  if (failed)
    return absl::DataLossError(absl::Substitute(_("reading $0"), path));
  return HexEncode(AsBytes(sha.Finish()));
}

// Adds the files of each agency listing the top listing names (format 3)
// to `out->files`. The agency listing must be the one the top listing
// names, of the agency its name says, and list no file listed elsewhere.
absl::Status AddAgencyListings(const std::string& dir, SignedListing* out) {
  std::vector<std::pair<std::string, std::string>> listings;
  for (const auto& [path, sha] : out->files) {
    if (!AgencyOfListingPath(path).empty()) listings.emplace_back(path, sha);
  }
  for (const auto& [path, sha] : listings) {
    DN_ASSIGN_OR_RETURN(std::string text, ReadFile(absl::StrCat(dir, "/", path),
                                                   kMaxAgencyListingBytes));
    if (HexEncode(AsBytes(Sha256::Of(text))) != sha) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0: SHA-256 differs from the signed listing (changed), so the "
            "files of its agency cannot be checked"),
          path));
    }
    absl::StatusOr<AgencyListing> agency = ParseAgencyListing(text);
    if (!agency.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", agency.status().message()));
    }
    if (agency->agency_id != AgencyOfListingPath(path)) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("$0 is the listing of agency $1"), path, agency->agency_id));
    }
    for (auto& [file, file_sha] : agency->files) {
      if (!out->files.emplace(file, file_sha).second) {
        return absl::InvalidArgumentError(absl::Substitute(
            _("$0 lists $1, which is listed elsewhere too"), path, file));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SignedListing> ReadSignedListing(
    const std::string& dir, const std::vector<const NoteVerifier*>& signers) {
  DN_ASSIGN_OR_RETURN(
      std::string note,
      ReadFile(absl::StrCat(dir, "/", kNoteFile), kMaxNoteBytes));
  if (signers.empty()) {
    return absl::UnauthenticatedError(
        _("no trusted export-signing key (a note key not named like an agency "
          "log) among the trusted keys"));
  }
  absl::StatusOr<OpenedNote> opened = OpenNote(note, signers);
  if (!opened.ok()) {
    return absl::Status(
        opened.status().code(),
        absl::StrCat(kNoteFile, ": ", opened.status().message()));
  }
  DN_ASSIGN_OR_RETURN(
      std::string listing,
      ReadFile(absl::StrCat(dir, "/", kListingFile), kMaxListingBytes));
  DN_ASSIGN_OR_RETURN(ExportListingText parsed, ParseExportListing(listing));
  SignedListing out;
  out.time = parsed.time;
  out.agencies = std::move(parsed.agencies);
  out.files = std::move(parsed.files);
  const std::string want =
      absl::StrCat(parsed.header, "\ntime ", out.time, "\n", kListingFile, " ",
                   HexEncode(AsBytes(Sha256::Of(listing))), "\n");
  if (opened->text != want) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 does not commit to this $1 (its SHA-256 or time "
                           "differs): the listing was changed"),
                         kNoteFile, kListingFile));
  }
  out.signed_by = opened->verified.front().key_name;
  DN_RETURN_IF_ERROR(AddAgencyListings(dir, &out));
  return out;
}

std::vector<std::string> CompareFiles(const std::string& dir,
                                      const SignedListing& listing) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  std::error_code ec;
  const fs::path root(dir);
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::file_status st = it->symlink_status();
    const std::string rel = fs::relative(it->path(), root).string();
    if (fs::is_directory(st)) continue;
    if (rel == kListingFile || rel == kNoteFile) continue;
    if (!fs::is_regular_file(st)) {
      problems.push_back(absl::Substitute(_("$0: not a regular file"), rel));
      continue;
    }
    auto listed = listing.files.find(rel);
    if (listed == listing.files.end()) {
      problems.push_back(
          absl::StrCat(rel, ": not in the signed listing (added afterwards)"));
      continue;
    }
    seen.insert(rel);
    absl::StatusOr<std::string> sha = HashFile(it->path().string());
    if (!sha.ok()) {
      problems.push_back(absl::StrCat(rel, ": ", sha.status().message()));
    } else if (*sha != listed->second) {
      problems.push_back(absl::Substitute(
          _("$0: SHA-256 differs from the signed listing (changed)"), rel));
    }
  }
  if (ec)
    problems.push_back(
        absl::Substitute(_("reading $0: $1"), dir, ec.message()));
  for (const auto& [name, sha] : listing.files) {
    if (!seen.count(name))
      problems.push_back(absl::Substitute(_("$0: listed but missing"), name));
  }
  return problems;
}

}  // namespace disclosure::verify
