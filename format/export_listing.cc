#include "format/export_listing.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

absl::Status Malformed(absl::string_view file, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": ", what));
}

absl::Status LineNotUnderstood(absl::string_view file, size_t i) {
  return Malformed(file,
                   absl::Substitute(_("line $0 is not understood"), i + 1));
}

// "file <sha256 hex> <path>" into `files`; false if the line is not one.
// A path listed twice is an error.
absl::StatusOr<bool> AddFileLine(absl::string_view file, absl::string_view line,
                                 std::map<std::string, std::string>* files) {
  if (!absl::ConsumePrefix(&line, "file ")) return false;
  if (line.size() < 66 || line[64] != ' ' ||
      line.find(' ', 65) != absl::string_view::npos) {
    return false;
  }
  const std::string path(line.substr(65));
  if (!files->emplace(path, std::string(line.substr(0, 64))).second)
    return Malformed(file, absl::Substitute(_("lists $0 twice"), path));
  return true;
}

// The lines of `text`, which must end with a newline.
absl::StatusOr<std::vector<absl::string_view>> Lines(absl::string_view file,
                                                     absl::string_view text,
                                                     absl::string_view header) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3 || !lines.back().empty())
    return Malformed(file, _("is empty or does not end with a newline"));
  if (lines[0] != header &&
      !(header == kExportListingHeader && lines[0] == kExportListingHeaderV2)) {
    return Malformed(file,
                     absl::Substitute(_("does not start with $0"), header));
  }
  lines.pop_back();
  return lines;
}

}  // namespace

absl::StatusOr<ExportListingText> ParseExportListing(absl::string_view text) {
  constexpr absl::string_view kFile = "export-manifest.txt";
  DN_ASSIGN_OR_RETURN(std::vector<absl::string_view> lines,
                      Lines(kFile, text, kExportListingHeader));
  ExportListingText out;
  out.header = std::string(lines[0]);
  absl::string_view time = lines[1];
  if (!absl::ConsumePrefix(&time, "time ") ||
      !absl::SimpleAtoi(time, &out.time)) {
    return Malformed(kFile, _("line 2 is not \"time <seconds>\""));
  }
  for (size_t i = 2; i < lines.size(); ++i) {
    const absl::string_view line = lines[i];
    DN_ASSIGN_OR_RETURN(bool file, AddFileLine(kFile, line, &out.files));
    if (file) continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    uint64_t size = 0;
    if (f.size() == 4 && f[0] == "agency" && f[2] == "size" &&
        absl::SimpleAtoi(f[3], &size)) {
      out.agencies.emplace_back(std::string(f[1]), size);
    } else if (f.size() == 2 && f[0] == "state") {
      out.state = std::string(f[1]);
    } else {
      return LineNotUnderstood(kFile, i);
    }
  }
  return out;
}

absl::StatusOr<AgencyListing> ParseAgencyListing(absl::string_view text) {
  constexpr absl::string_view kFile = "agency listing";
  DN_ASSIGN_OR_RETURN(std::vector<absl::string_view> lines,
                      Lines(kFile, text, kAgencyListingHeader));
  if (lines.size() < 3)
    return Malformed(kFile, _("line 3 is not \"inputs <digest>\""));
  AgencyListing out;
  absl::string_view agency = lines[1];
  absl::string_view inputs = lines[2];
  if (!absl::ConsumePrefix(&agency, "agency ") || agency.empty() ||
      absl::StrContains(agency, ' ')) {
    return Malformed(kFile, _("line 2 is not \"agency <id>\""));
  }
  if (!absl::ConsumePrefix(&inputs, "inputs ") || inputs.empty()) {
    return Malformed(kFile, _("line 3 is not \"inputs <digest>\""));
  }
  out.agency_id = std::string(agency);
  out.inputs = std::string(inputs);
  for (size_t i = 3; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    DN_ASSIGN_OR_RETURN(bool file, AddFileLine(kFile, line, &out.files));
    if (file) continue;
    if (i != 3 || !absl::ConsumePrefix(&line, "names ")) {
      return LineNotUnderstood(kFile, i);
    }
    out.names = absl::StrSplit(line, ' ', absl::SkipEmpty());
  }
  return out;
}

std::string AgencyListingText(const AgencyListing& listing) {
  std::string out =
      absl::StrCat(kAgencyListingHeader, "\nagency ", listing.agency_id,
                   "\ninputs ", listing.inputs, "\n");
  if (!listing.names.empty())
    absl::StrAppend(&out, "names ", absl::StrJoin(listing.names, " "), "\n");
  for (const auto& [path, sha] : listing.files)
    absl::StrAppend(&out, "file ", sha, " ", path, "\n");
  return out;
}

std::string AgencyListingPath(absl::string_view agency_id) {
  return absl::StrCat("listings/", agency_id, ".txt");
}

std::string AgencyOfListingPath(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, "listings/") ||
      !absl::ConsumeSuffix(&path, ".txt") || path.empty() ||
      absl::StrContains(path, '/')) {
    return "";
  }
  return std::string(path);
}

}  // namespace disclosure
