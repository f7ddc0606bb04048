// The export's listings (format/export_listing.h): both formats of the top
// listing, agency listings written and read back, and every malformed line
// refused with the line named.
#include "format/export_listing.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace disclosure {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

const std::string kSha(64, 'a');
const std::string kSha2(64, 'b');

TEST(ExportListingTest, ReadsFormatThreeAndFormatTwo) {
  for (const char* header :
       {"disclosure-net/export/v3", "disclosure-net/export/v2"}) {
    const std::string text = std::string(header) +
                             "\ntime 1700000000\n"
                             "agency mof size 3\nstate abc\n"
                             "file " +
                             kSha + " index.html\nfile " + kSha2 +
                             " listings/mof.txt\n";
    absl::StatusOr<ExportListingText> l = ParseExportListing(text);
    ASSERT_TRUE(l.ok()) << l.status();
    EXPECT_EQ(l->header, header);
    EXPECT_EQ(l->time, 1700000000);
    EXPECT_THAT(l->agencies, ElementsAre(Pair("mof", 3u)));
    EXPECT_EQ(l->state, "abc");
    EXPECT_THAT(l->files, ElementsAre(Pair("index.html", kSha),
                                      Pair("listings/mof.txt", kSha2)));
  }
}

TEST(ExportListingTest, RefusesWhatItDoesNotUnderstand) {
  const std::string head = "disclosure-net/export/v3\ntime 1\n";
  const struct {
    std::string text, error;
  } cases[] = {
      {"disclosure-net/export/v9\ntime 1\n", "does not start with"},
      {"disclosure-net/export/v3\nwhen 1\n\n", "line 2"},
      {head + "file " + kSha + " a\nfile " + kSha2 + " a\n", "lists a twice"},
      {head + "file abc index.html\n", "line 3 is not understood"},
      {head + "file " + kSha + " two words\n", "line 3 is not understood"},
      {head + "agency mof size many\n", "line 3 is not understood"},
      {head + "file " + kSha + " a", "does not end with a newline"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<ExportListingText> l = ParseExportListing(c.text);
    EXPECT_FALSE(l.ok()) << c.text;
    EXPECT_THAT(l.status().message(), HasSubstr(c.error)) << c.text;
  }
}

TEST(ExportListingTest, AgencyListingsRoundTrip) {
  AgencyListing a;
  a.agency_id = "mohw";
  a.inputs = "0123abcd";
  a.names = {"mof", "moi"};
  a.files = {{"db/mohw/x.html", kSha}, {"bundles/mohw/agency.bundle", kSha2}};
  const std::string text = AgencyListingText(a);
  EXPECT_EQ(text,
            "disclosure-net/export-agency/v1\nagency mohw\ninputs 0123abcd\n"
            "names mof moi\nfile " +
                kSha2 + " bundles/mohw/agency.bundle\nfile " + kSha +
                " db/mohw/x.html\n");
  absl::StatusOr<AgencyListing> back = ParseAgencyListing(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->agency_id, "mohw");
  EXPECT_EQ(back->inputs, "0123abcd");
  EXPECT_THAT(back->names, ElementsAre("mof", "moi"));
  EXPECT_EQ(back->files, a.files);
  a.names.clear();  // no names line
  back = ParseAgencyListing(AgencyListingText(a));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->names.empty());
}

TEST(ExportListingTest, RefusesMalformedAgencyListings) {
  const std::string head = "disclosure-net/export-agency/v1\n";
  const struct {
    std::string text, error;
  } cases[] = {
      {"disclosure-net/export/v3\nagency a\ninputs b\n", "does not start"},
      {head + "agency a\n", "line 3"},
      {head + "agency\ninputs b\n", "line 2"},
      {head + "agency a b\ninputs b\n", "line 2"},
      {head + "agency a\ninput b\n", "line 3"},
      {head + "agency a\ninputs b\nfile " + kSha + " x\nnames c\n",
       "line 5 is not understood"},
      {head + "agency a\ninputs b\nfile " + kSha + " x\nfile " + kSha + " x\n",
       "lists x twice"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<AgencyListing> l = ParseAgencyListing(c.text);
    EXPECT_FALSE(l.ok()) << c.text;
    EXPECT_THAT(l.status().message(), HasSubstr(c.error)) << c.text;
  }
}

TEST(ExportListingTest, AgencyListingPaths) {
  EXPECT_EQ(AgencyListingPath("mof"), "listings/mof.txt");
  EXPECT_EQ(AgencyOfListingPath("listings/mof.txt"), "mof");
  EXPECT_EQ(AgencyOfListingPath("listings/.txt"), "");
  EXPECT_EQ(AgencyOfListingPath("listings/a/b.txt"), "");
  EXPECT_EQ(AgencyOfListingPath("db/mof.txt"), "");
  EXPECT_EQ(AgencyOfListingPath("listings/mof.json"), "");
}

}  // namespace
}  // namespace disclosure
