// The national tables copy an unchanged agency's rows from the previous
// export's tables (table_rows.h): the copy must be the bytes a render
// gives, whichever agencies are copied, rendered or gone, and a table that
// changed on disk since must not be copied from.
#include "hub/export/export_tables.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;

// An agency's entries as a full export adds them: profile, databases and
// one period of statistics.
std::vector<v1::DisclosureEntry> EntriesOf(const std::string& agency) {
  std::vector<v1::DisclosureEntry> out(4);
  *out[0].mutable_agency_profile() = testing::SampleProfile(agency);
  *out[1].mutable_database() = testing::SampleDatabase(agency, "db-1");
  *out[2].mutable_database() = testing::SampleDatabase(agency, "db-2");
  v1::RequestStatistics* s = out[3].mutable_statistics();
  s->set_period("2025-H1");
  s->set_reporting_status(v1::REPORTING_STATUS_REPORTED);
  s->mutable_totals()->set_requests(7);
  v1::RequestStatisticsRow* row = s->add_rows();
  row->mutable_legal_basis()->set_statute("通訊保障及監察法");
  row->mutable_counts()->set_requests(7);
  return out;
}

void Render(ExportTables* tables, const std::string& agency) {
  tables->BeginAgency(agency);
  for (const auto& e : EntriesOf(agency))
    tables->Add(agency, e, absl::StrCat("bundles/", agency, "/x.bundle"));
  tables->EndAgency("inputs-" + agency);
}

// Each table's bytes in `dir`.
std::map<std::string, std::string> TablesIn(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (int i = 0; i < kTableCount; ++i) {
    const std::string name = TableFileName(static_cast<Table>(i));
    out[name] = *ReadFile(dir + "/" + name, 1 << 24);
  }
  return out;
}

class ExportTablesTest : public ::testing::Test {
 protected:
  // The tables of `agencies`, all rendered, in a new folder `name`; where
  // each agency's rows are.
  TableRows RenderAll(const std::string& name,
                      const std::vector<std::string>& agencies) {
    const std::string dir = NewDir(name);
    ExportListing listing(dir);
    ExportTables tables(dir, nullptr);
    for (const auto& a : agencies) Render(&tables, a);
    EXPECT_TRUE(tables.Close(&listing).ok());
    TableRows rows = tables.TakeRows();
    rows.export_dir = NormalExportDir(dir);
    return rows;
  }

  // Begins `agency` in `tables` and copies its rows from the tables
  // `before` was recorded in; whether they were copied.
  static bool BeginCopied(ExportTables* tables, const TableRows& before,
                          const std::string& agency) {
    tables->BeginAgency(agency);
    const absl::StatusOr<bool> copied =
        tables->CopyAgency(before, before.agencies.at(agency));
    EXPECT_TRUE(copied.ok()) << copied.status();
    return copied.ok() && *copied;
  }

  std::string NewDir(const std::string& name) {
    std::filesystem::create_directories(dir_.File(name));
    return dir_.File(name);
  }

  testing::TempDir dir_;
};

TEST_F(ExportTablesTest, CopiedRowsAreTheRenderedBytes) {
  const TableRows before = RenderAll("before", {"a", "b", "c"});
  const std::string dir = NewDir("after");
  ExportListing listing(dir);
  ExportTables tables(dir, nullptr);
  // a and c copied, b rendered again.
  for (const std::string agency : {"a", "b", "c"}) {
    if (agency == "b") {
      Render(&tables, agency);
      continue;
    }
    ASSERT_NE(before.Find(dir_.File("before"), agency, "inputs-" + agency),
              nullptr);
    EXPECT_TRUE(BeginCopied(&tables, before, agency));
    tables.EndAgency("inputs-" + agency);
  }
  DN_ASSERT_OK(tables.Close(&listing));
  EXPECT_EQ(TablesIn(dir), TablesIn(dir_.File("before")));
  // The copy's rows are recorded as a render's are.
  const TableRows after = tables.TakeRows();
  EXPECT_EQ(after.sizes, before.sizes);
  for (const std::string agency : {"a", "b", "c"}) {
    for (int i = 0; i < kTableCount; ++i) {
      EXPECT_EQ(after.agencies.at(agency).ranges[i].begin,
                before.agencies.at(agency).ranges[i].begin);
      EXPECT_EQ(after.agencies.at(agency).ranges[i].end,
                before.agencies.at(agency).ranges[i].end);
    }
  }
}

TEST_F(ExportTablesTest, RowsCopiedFirstStillMakeAWellFormedArray) {
  // a left the federation: b's rows, second before, come first now.
  const TableRows before = RenderAll("before", {"a", "b"});
  const std::string dir = NewDir("after");
  ExportListing listing(dir);
  ExportTables tables(dir, nullptr);
  EXPECT_TRUE(BeginCopied(&tables, before, "b"));
  tables.EndAgency("inputs-b");
  DN_ASSERT_OK(tables.Close(&listing));
  RenderAll("only-b", {"b"});
  EXPECT_EQ(TablesIn(dir), TablesIn(dir_.File("only-b")));
}

TEST_F(ExportTablesTest, ATableOfAnotherSizeIsNotCopiedFrom) {
  const TableRows before = RenderAll("before", {"a"});
  const std::string csv = dir_.File("before/databases.csv");
  std::string edited = *ReadFile(csv, 1 << 24) + "edited\r\n";
  DN_ASSERT_OK(ReplaceFileDurably(csv, edited, 0644));
  const std::string dir = NewDir("after");
  ExportListing listing(dir);
  ExportTables tables(dir, nullptr);
  EXPECT_FALSE(BeginCopied(&tables, before, "a"));
  // Nothing was written: the caller renders the agency instead.
  for (const auto& e : EntriesOf("a")) tables.Add("a", e, "bundles/a/x.bundle");
  tables.EndAgency("inputs-a");
  DN_ASSERT_OK(tables.Close(&listing));
  RenderAll("again", {"a"});
  EXPECT_EQ(TablesIn(dir), TablesIn(dir_.File("again")));
}

TEST_F(ExportTablesTest, RowsAreFoundOnlyForTheirFolderAndInputs) {
  const TableRows before = RenderAll("before", {"a"});
  EXPECT_NE(before.Find(dir_.File("before/"), "a", "inputs-a"), nullptr);
  EXPECT_EQ(before.Find(dir_.File("other"), "a", "inputs-a"), nullptr);
  EXPECT_EQ(before.Find(dir_.File("before"), "a", "inputs-changed"), nullptr);
  EXPECT_EQ(before.Find(dir_.File("before"), "b", "inputs-a"), nullptr);
  EXPECT_EQ(TableRows().Find("", "a", "inputs-a"), nullptr);
}

}  // namespace
}  // namespace disclosure::hub
