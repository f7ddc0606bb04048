// The export's streamed files: a SpillFile hands back exactly what was
// written and leaves nothing in its folder; the listing names every file
// once; and the site's long lists (the databases table, "who holds my
// data", the linkage table, the search index) are complete, in arrival
// order, in both languages, when rows are written to disk as entries
// arrive instead of being kept for the end.
#include "hub/export/site_builder.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hub/export/export_file.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::disclosure::testing::SampleDatabase;
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Read(const std::string& path) {
  auto text = ReadFile(path, 64 << 20);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size()))
    ++n;
  return n;
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out.push_back(fs::relative(e.path(), dir).string());
  return out;
}

TEST(SpillFileTest, CopiesWhatWasWrittenAndLeavesNoFile) {
  TempDir dir;
  ExportListing listing(dir.path());
  {
    SpillFile spill(dir.path());
    spill.Append("one ");
    spill.Append(std::string(100000, 'x'));  // more than one copy buffer
    EXPECT_EQ(spill.size(), 100004u);
    EXPECT_THAT(FilesIn(dir.path()), ::testing::IsEmpty());
    ExportFile a(dir.path(), "a.txt");
    ASSERT_TRUE(spill.CopyTo(&a).ok());
    ASSERT_TRUE(a.Close(&listing).ok());
    // Appending after a copy goes after what was there.
    spill.Append(" two");
    ExportFile b(dir.path(), "b.txt");
    ASSERT_TRUE(spill.CopyTo(&b).ok());
    ASSERT_TRUE(b.Close(&listing).ok());
  }
  EXPECT_EQ(Read(dir.path() + "/a.txt"), "one " + std::string(100000, 'x'));
  EXPECT_EQ(Read(dir.path() + "/b.txt"),
            "one " + std::string(100000, 'x') + " two");
  EXPECT_THAT(FilesIn(dir.path()),
              ::testing::UnorderedElementsAre("a.txt", "b.txt"));
}

TEST(SpillFileTest, AFolderThatCannotHoldOneIsNamed) {
  SpillFile spill("/nonexistent-folder/for-spill");
  spill.Append("text");
  TempDir dir;
  ExportFile out(dir.path(), "out.txt");
  absl::Status s = spill.CopyTo(&out);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("/nonexistent-folder"));
}

TEST(ExportListingTest, NamesEveryFileOnceWithItsSha256) {
  TempDir dir;
  ExportListing listing(dir.path());
  ASSERT_TRUE(WriteExportFile(dir.path(), "x/one.txt", "1", &listing).ok());
  ASSERT_TRUE(WriteExportFile(dir.path(), "two.txt", "", &listing).ok());
  // A file that could not be written is not listed.
  EXPECT_FALSE(WriteExportFile(dir.path(), "two.txt", "again", &listing).ok());
  EXPECT_EQ(listing.size(), 2u);
  ExportFile out(dir.path(), "listing.txt");
  ASSERT_TRUE(listing.CopyTo(&out).ok());
  absl::StatusOr<std::string> sha = out.CloseUnlisted();
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(sha->size(), 64u);
  EXPECT_EQ(Read(dir.path() + "/listing.txt"),
            "file "
            "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b "
            "x/one.txt\n"
            "file "
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 "
            "two.txt\n");
  EXPECT_EQ(listing.size(), 2u);  // the listing does not list itself
}

class SiteBuilderTest : public ::testing::Test {
 protected:
  static constexpr int kDatabases = 600;

  // A statistics entry of `period` with one row of `requests`; not
  // tracked when `requests` is negative.
  static v1::DisclosureEntry Statistics(const std::string& period,
                                        int64_t requests) {
    v1::DisclosureEntry e;
    v1::RequestStatistics* s = e.mutable_statistics();
    s->set_period(period);
    if (requests < 0) {
      s->set_reporting_status(v1::REPORTING_STATUS_NOT_TRACKED);
      return e;
    }
    s->set_reporting_status(v1::REPORTING_STATUS_REPORTED);
    v1::RequestStatisticsRow* row = s->add_rows();
    row->mutable_legal_basis()->set_statute("電信法");
    row->mutable_counts()->set_requests(requests);
    return e;
  }

  // Writes the site of agencies "a" and "b": `kDatabases` databases of "a"
  // (every third withdrawn and holding family data, C021; every other one
  // holding health data, C111) and one
  // of "b", and an edge from each of a's databases to "b/only", to an
  // outside body and to "c/gone", which the hub does not hold.
  void Build(const std::string& odd_name = "") {
    SiteBuilder::Inputs in;
    in.trust_domain = "test.example";
    for (const char* id : {"a", "b"}) {
      v1h::RegisteredAgency r;
      r.set_agency_id(id);
      r.set_name_zh_tw(absl::StrCat("機關", id));
      r.set_name_en(absl::StrCat("Agency ", id));
      in.registry.push_back(r);
    }
    in.now = absl::FromUnixSeconds(1790000000);
    // Names as the index would give them; "c" is not held.
    in.database_name =
        [](const std::string& agency,
           const std::string& id) -> std::optional<v1::LocalizedText> {
      if (agency == "c") return std::nullopt;
      return SampleDatabase(agency, id).file_name();
    };
    SiteBuilder site(dir_.path(), std::move(in), &listing_);
    site.BeginAgency("a");
    for (int i = 0; i < kDatabases; ++i) {
      const std::string id = absl::StrCat("db", 1000 + i);
      v1::DisclosureEntry e;
      *e.mutable_database() = SampleDatabase("a", id);
      if (i == 7 && !odd_name.empty())
        e.mutable_database()->mutable_file_name()->set_zh_tw(odd_name);
      if (i % 3 == 0) {  // withdrawn, and the only holders of family data
        e.mutable_database()->set_status(v1::ENTRY_STATUS_WITHDRAWN);
        e.mutable_database()->add_data_categories()->set_code("C021");
      }
      if (i % 2 == 0)
        e.mutable_database()->add_data_categories()->set_code("C111");
      site.AddEntry("a", e, absl::StrCat("bundles/a/database/", id, ".bundle"));
    }
    // a: 1,000 requests in 2026-H1, then a period not tracked; b: 5.
    site.AddEntry("a", Statistics("2026-H1", 1000),
                  "bundles/a/stats/2026-H1.bundle");
    site.AddEntry("a", Statistics("2026-H2", -1),
                  "bundles/a/stats/2026-H2.bundle");
    site.EndAgency();
    site.BeginAgency("b");
    v1::DisclosureEntry b;
    *b.mutable_database() = SampleDatabase("b", "only");
    site.AddEntry("b", b, "bundles/b/database/only.bundle");
    site.AddEntry("b", Statistics("2026-H1", 5),
                  "bundles/b/stats/2026-H1.bundle");
    site.EndAgency();
    for (int i = 0; i < kDatabases; ++i) {
      for (const char* to : {"external:Outside body", "b/only", "c/gone"}) {
        v1h::LinkageEdge edge;
        edge.set_from_entry_id(absl::StrCat("a/db", 1000 + i));
        edge.set_to(to);
        edge.set_direction(v1::Linkage::DIRECTION_OUTBOUND);
        site.AddLinkage(edge);
      }
    }
    ASSERT_TRUE(site.Finish().ok());
  }

  TempDir dir_;
  ExportListing listing_{dir_.path()};
};

// Each agency's databases are on its own pages, SiteBuilder::kListPageRows a
// page, in arrival order; databases.html lists the agencies with their counts.
TEST_F(SiteBuilderTest, EachAgencyListsItsDatabasesOnPagesOfItsOwn) {
  Build();
  for (const std::string lang : {"", "en/"}) {
    const std::string first =
        Read(dir_.path() + "/" + lang + "databases/a.html");
    const std::string second =
        Read(dir_.path() + "/" + lang + "databases/a-2.html");
    EXPECT_EQ(Count(first, "<tr data-id="), SiteBuilder::kListPageRows) << lang;
    EXPECT_EQ(Count(second, "<tr data-id="),
              kDatabases - SiteBuilder::kListPageRows)
        << lang;
    const std::string html = first + second;
    // Arrival order: a's databases by id.
    size_t last = 0;
    for (int i = 0; i < kDatabases; ++i) {
      const size_t at =
          html.find(absl::StrCat("data-id=\"a/db", 1000 + i, "\""));
      ASSERT_NE(at, std::string::npos) << lang << " " << i;
      EXPECT_GT(at, last);
      last = at;
    }
    // Each page links to the other, and says which it is.
    EXPECT_THAT(first, HasSubstr("href=\"a-2.html\" rel=\"next\""));
    EXPECT_THAT(second, HasSubstr("href=\"a.html\" rel=\"prev\""));
    EXPECT_THAT(second,
                HasSubstr(lang.empty() ? "第 2 頁，共 2 頁" : "Page 2 of 2"));
    EXPECT_THAT(html, Not(HasSubstr("<!--list-")));
    const std::string b = Read(dir_.path() + "/" + lang + "databases/b.html");
    EXPECT_EQ(Count(b, "<tr data-id="), 1u);
    EXPECT_THAT(b, Not(HasSubstr("rel=\"next\"")));
    EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/" + lang +
                                         "databases/b-2.html"));
    const std::string all = Read(dir_.path() + "/" + lang + "databases.html");
    EXPECT_EQ(Count(all, "<tr data-id="), 0u) << "rows come from the search";
    EXPECT_THAT(all, HasSubstr("databases/a.html\">"));
    EXPECT_THAT(all, HasSubstr(absl::StrCat("<td>", kDatabases, "</td>")));
  }
  EXPECT_THAT(Read(dir_.path() + "/databases.html"),
              HasSubstr(absl::StrCat("共 ", kDatabases + 1, " 個資料庫")));
  // The English pages link to the English database pages.
  EXPECT_THAT(Read(dir_.path() + "/en/databases/a.html"),
              HasSubstr("href=\"../../en/db/a/db1001.html\""));
  EXPECT_THAT(Read(dir_.path() + "/databases/a.html"),
              HasSubstr("href=\"../db/a/db1001.html\""));
}

// The width of the first solid bar drawn in `html`, or -1.
int FirstBarWidth(const std::string& html) {
  const size_t bar = html.find("height=\"16\" class=\"bar\"");
  const size_t at = html.rfind("width=\"", bar);
  if (bar == std::string::npos || at == std::string::npos) return -1;
  return std::stoi(html.substr(at + 7));
}

// Each agency's statistics are on a page of its own, its trend drawn to its
// own largest period; requests.html lists the agencies with their latest
// period, never a period not tracked as 0.
TEST_F(SiteBuilderTest, EachAgencysStatisticsAreOnAPageOfItsOwn) {
  Build();
  for (const std::string lang : {"", "en/"}) {
    SCOPED_TRACE(lang);
    const std::string a = Read(dir_.path() + "/" + lang + "requests/a.html");
    const std::string b = Read(dir_.path() + "/" + lang + "requests/b.html");
    EXPECT_THAT(a, HasSubstr("2026-H1"));
    EXPECT_THAT(a, HasSubstr("1000"));
    EXPECT_THAT(a, HasSubstr("class=\"not-tracked\""));
    EXPECT_THAT(b, Not(HasSubstr("2026-H2")));
    EXPECT_THAT(b, Not(HasSubstr("1000")));
    // b's 5 requests fill its chart as a's 1,000 fill a's.
    EXPECT_GT(FirstBarWidth(a), 0);
    EXPECT_EQ(FirstBarWidth(b), FirstBarWidth(a));
    EXPECT_THAT(a,
                HasSubstr(absl::StrCat("href=\"../", lang.empty() ? "" : "../",
                                       "bundles/a/stats/2026-H1.bundle\"")));
    const std::string all = Read(dir_.path() + "/" + lang + "requests.html");
    EXPECT_THAT(all, HasSubstr("<a href=\"requests/a.html\">"));
    EXPECT_THAT(all, HasSubstr("<a href=\"requests/b.html\">"));
    EXPECT_THAT(all, HasSubstr(absl::StrCat(
                         "<td>2</td><td>2026-H2</td><td>",
                         lang.empty() ? "未統計" : "not tracked", "</td>")));
    EXPECT_THAT(all, HasSubstr("<td>1</td><td>2026-H1</td><td>5</td>"));
    EXPECT_THAT(all, Not(HasSubstr("class=\"period\"")));
  }
}

TEST_F(SiteBuilderTest, WhoHoldsMyDataListsTheLiveHoldersOfEachTopic) {
  Build();
  // who.html: per topic, the agencies holding it, with their counts.
  const std::string who = Read(dir_.path() + "/who.html");
  const size_t at = who.find("id=\"health\"");
  ASSERT_NE(at, std::string::npos);
  const std::string topic = who.substr(at, who.find("</section>", at) - at);
  EXPECT_THAT(topic, HasSubstr("href=\"who/a.html#health\""));
  EXPECT_THAT(topic, Not(HasSubstr("who/b.html")));
  // The agency's page lists its live holders, at most
  // SiteBuilder::kWhoTopicRows.
  const std::string html = Read(dir_.path() + "/who/a.html");
  const size_t health = html.find("id=\"health\"");
  ASSERT_NE(health, std::string::npos);
  const std::string section =
      html.substr(health, html.find("</section>", health) - health);
  int expected = 0;
  for (int i = 0; i < kDatabases; ++i) {
    const bool live = i % 2 == 0 && i % 3 != 0;
    expected += live;
    const std::string link = absl::StrCat("db/a/db", 1000 + i, ".html\"");
    if (!live) {
      EXPECT_FALSE(absl::StrContains(section, link)) << i;
    }
  }
  EXPECT_THAT(topic, HasSubstr(absl::StrCat("（", expected, "）")));
  const size_t listed = std::min<size_t>(expected, SiteBuilder::kWhoTopicRows);
  EXPECT_EQ(Count(section, "<li>"), listed);
  if (static_cast<size_t>(expected) > SiteBuilder::kWhoTopicRows) {
    EXPECT_THAT(section, HasSubstr("databases/a.html"));
  }
  // No database holds tax data, and only withdrawn ones family data: both
  // topics say that none does, and the agency's page has no such section.
  for (const char* t : {"tax", "family"}) {
    const size_t p = who.find(absl::StrCat("id=\"", t, "\""));
    ASSERT_NE(p, std::string::npos);
    const std::string part = who.substr(p, who.find("</section>", p) - p);
    EXPECT_THAT(part, HasSubstr("本平台目前沒有任何資料庫申報保有這類資料"))
        << t;
    EXPECT_EQ(Count(part, "<li>"), 0u) << t;
    EXPECT_FALSE(absl::StrContains(html, absl::StrCat("id=\"", t, "\"")));
  }
  EXPECT_THAT(html, Not(HasSubstr("<!--list-")));
  EXPECT_THAT(who, Not(HasSubstr("<!--list-")));
}

TEST_F(SiteBuilderTest, TheLinkageTableHasEveryEdgeWithNames) {
  Build();
  for (const std::string page : {"linkages.html", "en/linkages.html"}) {
    const std::string html = Read(dir_.path() + "/" + page);
    const std::string table = html.substr(html.find("<table>"));
    // The first 400 of the 1,800 flows (a's first 133 databases, three
    // each).
    EXPECT_EQ(Count(table, "<tr><td>"), 400u) << page;
    EXPECT_THAT(table, HasSubstr(">Outside body</bdi>"));
    EXPECT_THAT(table, HasSubstr(">c/gone</bdi>"));
    EXPECT_THAT(html, Not(HasSubstr("<!--list-")));
  }
  // Rows name both ends; within a source, targets come in order.
  const std::string html = Read(dir_.path() + "/linkages.html");
  const size_t first = html.find("<tr><td><bdi>測試資料庫 db1000</bdi>");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, html.find("測試資料庫 only", first));
  // The picture stays bounded.
  EXPECT_LE(Count(html, "<circle "), 240u);
  EXPECT_GT(Count(html, "<line "), 0u);
}

// A site with no registry: only a trust domain and a time.
SiteBuilder::Inputs BareInputs() {
  SiteBuilder::Inputs in;
  in.trust_domain = "test.example";
  in.now = absl::FromUnixSeconds(1790000000);
  return in;
}

// A federation linked densely: 60 databases, each with an edge to every
// other, are 3,540 edges among 60 ends. The table lists 400; the
// picture draws at most 600 lines, so that the page stays under 300 KB.
TEST(SiteBuilderGraphTest, ThePictureAndTableAreBoundedToAPhonesPage) {
  constexpr int kDense = 60;
  TempDir dir;
  ExportListing listing(dir.path());
  SiteBuilder::Inputs in;
  in.trust_domain = "test.example";
  v1h::RegisteredAgency r;
  r.set_agency_id("a");
  r.set_name_zh_tw("機關a");
  r.set_name_en("Agency a");
  in.registry.push_back(r);
  in.now = absl::FromUnixSeconds(1790000000);
  in.database_name = [](const std::string& agency, const std::string& id) {
    return std::optional<v1::LocalizedText>(
        SampleDatabase(agency, id).file_name());
  };
  SiteBuilder site(dir.path(), std::move(in), &listing);
  for (int i = 0; i < kDense; ++i) {
    const std::string id = absl::StrCat("db", 1000 + i);
    v1::DisclosureEntry e;
    *e.mutable_database() = SampleDatabase("a", id);
    site.AddEntry("a", e, absl::StrCat("bundles/a/database/", id, ".bundle"));
  }
  for (int i = 0; i < kDense; ++i) {
    for (int j = 0; j < kDense; ++j) {
      if (i == j) continue;
      v1h::LinkageEdge edge;
      edge.set_from_entry_id(absl::StrCat("a/db", 1000 + i));
      edge.set_to(absl::StrCat("a/db", 1000 + j));
      edge.set_direction(v1::Linkage::DIRECTION_OUTBOUND);
      site.AddLinkage(edge);
    }
  }
  ASSERT_TRUE(site.Finish().ok());
  const std::string html = Read(dir.path() + "/linkages.html");
  EXPECT_EQ(Count(html, "<circle "), static_cast<size_t>(kDense));
  EXPECT_EQ(Count(html, "<line "), 600u);
  // The table lists the first 400 of the 3,540 flows and says where the
  // rest are; every database's page lists its own.
  const std::string table = html.substr(html.find("<table>"));
  EXPECT_EQ(Count(table, "<tr><td>"), 400u);
  EXPECT_THAT(html, HasSubstr("下表列出前 400 條流向（共 3540 條）"));
  EXPECT_THAT(html, HasSubstr("href=\"linkages.csv\""));
  for (const char* page : {"/linkages.html", "/en/linkages.html"}) {
    EXPECT_LT(Read(dir.path() + page).size(), 300u * 1024) << page;
  }
}

TEST(SiteBuilderCoverageTest, TheIncompleteListIsCappedAndSaysWhereTheRestAre) {
  TempDir dir;
  ExportListing listing(dir.path());
  SiteBuilder site(dir.path(), BareInputs(), &listing);
  v1h::GetCoverageResponse coverage;
  coverage.set_databases_total(1005);
  site.SetCoverage(coverage);
  for (int i = 0; i < 1005; ++i)
    site.AddIncomplete(absl::StrCat("a/db", 1000 + i), "oversight");
  ASSERT_TRUE(site.Finish().ok());
  for (const std::string page : {"/coverage.html", "/en/coverage.html"}) {
    const std::string html = Read(dir.path() + page);
    EXPECT_EQ(Count(html, "db/a/db"), 1000u) << page;
    EXPECT_EQ(html.find("a/db2004"), std::string::npos) << page;
    EXPECT_THAT(html, HasSubstr("coverage.json")) << page;
    EXPECT_LT(html.size(), 300000u) << page;
  }
  EXPECT_THAT(Read(dir.path() + "/coverage.html"),
              HasSubstr("下列為前 1000 個未完整的資料庫（共 1005 個）"));
  EXPECT_THAT(Read(dir.path() + "/en/coverage.html"),
              HasSubstr("the first 1000 incomplete databases of 1005"));
}

TEST(SiteBuilderGraphTest, AFlowDeclaredOverAndOverIsOneRowAndOneLine) {
  TempDir dir;
  ExportListing listing(dir.path());
  SiteBuilder site(dir.path(), BareInputs(), &listing);
  for (int i = 0; i < 450; ++i) {
    v1h::LinkageEdge edge;
    edge.set_from_entry_id("a/db");
    edge.set_to("b/target");
    edge.set_direction(i % 2 ? v1::Linkage::DIRECTION_OUTBOUND
                             : v1::Linkage::DIRECTION_INBOUND);
    site.AddLinkage(edge);
  }
  ASSERT_TRUE(site.Finish().ok());
  const std::string html = Read(dir.path() + "/linkages.html");
  EXPECT_EQ(Count(html, "<line "), 2u);  // one each way
  const std::string table = html.substr(html.find("<table>"));
  EXPECT_EQ(Count(table, "<tr><td>"), 2u);
}

TEST_F(SiteBuilderTest, TheSearchIndexHasEveryDatabase) {
  Build();
  google::protobuf::Struct index;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Read(dir_.path() + "/search-index.json"), &index)
                  .ok());
  const auto& dbs = index.fields().at("databases").list_value().values();
  ASSERT_EQ(dbs.size(), kDatabases + 1);
  EXPECT_EQ(dbs[0].struct_value().fields().at("id").string_value(), "a/db1000");
  EXPECT_EQ(dbs[kDatabases].struct_value().fields().at("id").string_value(),
            "b/only");
  EXPECT_THAT(dbs[0].struct_value().fields().at("text").string_value(),
              HasSubstr("機關a"));
  EXPECT_TRUE(index.fields().at("synonyms").has_list_value());
}

TEST_F(SiteBuilderTest, AgencyTextCannotStandInForAList) {
  // Not a marker the builder uses (those carry a random part), and shown
  // as text wherever it appears.
  Build("<!--list-0-0-->");
  const std::string html = Read(dir_.path() + "/databases/a.html");
  EXPECT_EQ(Count(html, "<tr data-id="), SiteBuilder::kListPageRows);
  EXPECT_THAT(html, HasSubstr("&lt;!--list-0-0--&gt;"));
}

TEST_F(SiteBuilderTest, EveryFileWrittenIsListedAndNothingElseIsLeft) {
  Build();
  ExportFile out(dir_.path(), "listing.txt");
  ASSERT_TRUE(listing_.CopyTo(&out).ok());
  ASSERT_TRUE(out.CloseUnlisted().ok());
  std::vector<std::string> listed;
  for (absl::string_view line : absl::StrSplit(
           Read(dir_.path() + "/listing.txt"), '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(line, ' ');
    ASSERT_EQ(parts.size(), 3u) << line;
    listed.push_back(parts[2]);
  }
  listed.push_back("listing.txt");
  EXPECT_THAT(FilesIn(dir_.path()),
              ::testing::UnorderedElementsAreArray(listed));
}

}  // namespace
}  // namespace disclosure::hub
