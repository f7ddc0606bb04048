#include "tools/verify/signed_listing.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "format/status_macros.h"

namespace disclosure::verify {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kHeader = "disclosure-net/export/v2";
constexpr size_t kMaxNoteBytes = 64 << 10;
constexpr size_t kMaxListingBytes = size_t{512} << 20;
constexpr absl::string_view kListingFile = "export-manifest.txt";
constexpr absl::string_view kNoteFile = "export-manifest.note";

absl::Status Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::Substitute(_("export-manifest.txt: $0"), what));
}

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

absl::Status ParseListing(absl::string_view text, SignedListing* out) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3 || lines[0] != kHeader || !lines.back().empty())
    return Malformed(absl::Substitute(_("does not start with $0"), kHeader));
  absl::string_view time = lines[1];
  if (!absl::ConsumePrefix(&time, "time ") ||
      !absl::SimpleAtoi(time, &out->time)) {
    return Malformed(_("line 2 is not \"time <seconds>\""));
  }
  for (size_t i = 2; i + 1 < lines.size(); ++i) {
    std::vector<absl::string_view> f = absl::StrSplit(lines[i], ' ');
    uint64_t size = 0;
    if (f.size() == 4 && f[0] == "agency" && f[2] == "size" &&
        absl::SimpleAtoi(f[3], &size)) {
      out->agencies.emplace_back(std::string(f[1]), size);
    } else if (f.size() == 3 && f[0] == "file" && f[1].size() == 64) {
      if (!out->files.emplace(std::string(f[2]), std::string(f[1])).second)
        return Malformed(absl::Substitute(_("lists $0 twice"), f[2]));
    } else if (f.size() != 2 || f[0] != "state") {
      return Malformed(absl::Substitute(_("line $0 is not understood"), i + 1));
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
  SignedListing out;
  DN_RETURN_IF_ERROR(ParseListing(listing, &out));
  const std::string want =
      absl::StrCat(kHeader, "\ntime ", out.time, "\n", kListingFile, " ",
                   HexEncode(AsBytes(Sha256::Of(listing))), "\n");
  if (opened->text != want) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("$0 does not commit to this $1 (its SHA-256 or time "
                           "differs): the listing was changed"),
                         kNoteFile, kListingFile));
  }
  out.signed_by = opened->verified.front().key_name;
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
