// sheets/xlsx_reader and xlsx_template: a template written by us reads
// back cell for cell; damaged, hostile or wrong files are refused with a
// message that names the problem, never a crash.
#include <zip.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sheets/tables.h"
#include "sheets/xlsx_reader.h"
#include "sheets/xlsx_template.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"

namespace disclosure::sheets {
namespace {

using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;

// A zip of `parts` (name -> content), as a workbook is.
std::string WriteZip(
    const TempDir& dir, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& parts) {
  const std::string path = dir.File(name);
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(z, nullptr);
  for (const auto& [part, content] : parts) {
    zip_fileinfo info = {};
    EXPECT_EQ(zipOpenNewFileInZip(z, part.c_str(), &info, nullptr, 0, nullptr,
                                  0, nullptr, Z_DEFLATED, 9),
              ZIP_OK);
    zipWriteInFileInZip(z, content.data(),
                        static_cast<unsigned>(content.size()));
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  return path;
}

const char kWorkbook[] =
    R"(<workbook xmlns:r="r"><sheets><sheet name="requests" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char kRels[] =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";

TEST(XlsxTest, TemplateReadsBackWithItsExampleRowAndChoices) {
  TempDir dir;
  const std::string book = dir.File("t.xlsx");
  std::vector<const TableSpec*> all;
  for (const auto& t : AllTables()) all.push_back(&t);
  DN_ASSERT_OK(WriteXlsxTemplate(book, all));
  DN_ASSERT_OK_AND_ASSIGN(auto names, XlsxSheetNames(book));
  EXPECT_THAT(names, ::testing::ElementsAre("databases", "uses", "linkages",
                                            "channels", "withholding",
                                            "profile", "requests", "choices"));
  DN_ASSERT_OK_AND_ASSIGN(auto rows, ReadXlsxSheet(book, "requests"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_EQ(rows[0].fields, (**FindTable("requests")).columns);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_THAT(rows[1].fields[0], ::testing::StartsWith(kExampleMarker));
  DN_ASSERT_OK_AND_ASSIGN(auto choices, ReadXlsxSheet(book, "choices"));
  bool found = false;
  for (const auto& row : choices) {
    for (const auto& cell : row.fields) {
      // The code, then its Chinese name.
      found |= cell.rfind("mobile_telecom ", 0) == 0 &&
               cell.size() > std::string("mobile_telecom ").size();
    }
  }
  EXPECT_TRUE(found);
}

TEST(XlsxTest, CellsAsStaffSeeThem) {
  TempDir dir;
  const std::string styles =
      R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>)"
      R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>)";
  const std::string strings =
      R"(<sst><si><t>財政部</t></si><si><r><t>稅捐</t></r><r><t>稽徵法</t></r><rPh><t>ぜい</t></rPh></si></sst>)";
  const std::string sheet =
      R"(<worksheet><sheetData>)"
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>)"
      R"(<row r="4"><c r="A4" s="1"><v>46086</v></c><c r="B4" s="2"><v>46086.5</v></c>)"
      R"(<c r="C4"><v>3</v></c><c r="D4" t="b"><v>1</v></c>)"
      R"(<c r="E4" t="inlineStr"><is><t>inline</t></is></c><c r="F4"><f>SUM(A1)</f><v>0</v></c></row>)"
      R"(</sheetData></worksheet>)";
  const std::string book = WriteZip(dir, "b.xlsx",
                                    {{"xl/workbook.xml", kWorkbook},
                                     {"xl/_rels/workbook.xml.rels", kRels},
                                     {"xl/styles.xml", styles},
                                     {"xl/sharedStrings.xml", strings},
                                     {"xl/worksheets/sheet1.xml", sheet}});
  DN_ASSERT_OK_AND_ASSIGN(auto rows, ReadXlsxSheet(book, "requests"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields,
            (std::vector<std::string>{"財政部", "", "稅捐稽徵法"}));
  EXPECT_EQ(rows[1].line, 4u);  // the sheet's own row number
  EXPECT_EQ(rows[1].fields,
            (std::vector<std::string>{"2026-03-05", "2026-03-05 12:00", "3",
                                      "TRUE", "inline", "=SUM(A1)"}));
}

TEST(XlsxTest, WrongOrDamagedFilesAreRefusedByName) {
  TempDir dir;
  const std::string text = dir.File("not.xlsx");
  DN_ASSERT_OK(WriteNewFile(text, "a,b\n1,2\n", 0644));
  EXPECT_THAT(ReadXlsxSheet(text, "requests"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("is not an .xlsx workbook")));
  EXPECT_THAT(ReadXlsxSheet(dir.File("missing.xlsx"), "requests"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing.xlsx")));
  const std::string broken =
      WriteZip(dir, "broken.xlsx",
               {{"xl/workbook.xml", kWorkbook},
                {"xl/_rels/workbook.xml.rels", kRels},
                {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>"}});
  EXPECT_THAT(ReadXlsxSheet(broken, "requests"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the workbook is damaged")));
  EXPECT_THAT(ReadXlsxSheet(broken, "databases"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("its sheets are: requests")));
  // A part that unpacks beyond the limit (a zip bomb) stops there.
  const std::string bomb =
      WriteZip(dir, "bomb.xlsx",
               {{"xl/workbook.xml", kWorkbook},
                {"xl/_rels/workbook.xml.rels", kRels},
                {"xl/worksheets/sheet1.xml", std::string(4 << 20, ' ')}});
  XlsxLimits small;
  small.max_part_bytes = 1 << 20;
  EXPECT_THAT(ReadXlsxSheet(bomb, "requests", small),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unpacks to over")));
  // A shared-string index that points nowhere, and a cell far to the right.
  const std::string bad_cells = WriteZip(
      dir, "cells.xlsx",
      {{"xl/workbook.xml", kWorkbook},
       {"xl/_rels/workbook.xml.rels", kRels},
       {"xl/worksheets/sheet1.xml",
        R"(<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>)"}});
  EXPECT_THAT(ReadXlsxSheet(bad_cells, "requests"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("row 2: a text cell points at no text")));
}

}  // namespace
}  // namespace disclosure::sheets
