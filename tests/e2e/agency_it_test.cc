// What agency IT does with disclosurectl against a real node, in the words
// it reads back: corrections of request records, dry runs that count, the
// coverage warnings, diff field by field, show, and status.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/node_process_fixture.h"

namespace disclosure {
namespace {

using ::disclosure::testing::CommandResult;
using ::disclosure::testing::RunCommand;

constexpr char kFillTemplate[] =
    DISCLOSURE_SOURCE_DIR "/tests/e2e/fill_template.py";
using ::testing::HasSubstr;
using ::testing::Not;

class AgencyItTest : public ::disclosure::testing::NodeProcessFixture {};

// A pending request is corrected once the provider answers: the row is
// edited and given a reason. The original stays; running the same file
// again changes nothing; other content without a reason is refused on its
// line; the period's statistics show the correction.
TEST_F(AgencyItTest, CorrectionsAndDryRunCounts) {
  auto node = StartNode();
  ImportBasics();
  const std::string header =
      "request_id,doc_no,requesting_unit,sent_at,provider_name,provider_type,"
      "legal_basis.statute,legal_basis.article,purpose_category,data_types,"
      "identifier_type,identifiers_count,urgency,external_authorisation,"
      "outcome,case_ref,correction_reason\n";
  const auto row = [](const std::string& id, const std::string& outcome,
                      const std::string& reason) {
    return absl::StrCat(id, ",字第1號,審查科,2026/3/5,電信一,mobile_telecom,",
                        "稅捐稽徵法,第30條,tax_investigation,subscriber_info,",
                        "phone,1,routine,none,", outcome, ",case-", id, ",",
                        reason, "\n");
  };
  const std::string first = WriteCsv(
      "r1.csv", header + row("q1", "pending", "") + row("q2", "no_data", ""));
  CommandResult r = Ctl({"import", "requests", first, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("would add: 2 records (2 new, 0 correction(s), "
                               "0 already present)"));
  r = Ctl({"import", "requests", first});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("2 new"));
  r = Ctl({"publish"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("published snapshot 0"));
  EXPECT_THAT(r.out, Not(HasSubstr("— ")));  // no raw signed note

  // Changed without a reason: refused on the row's line.
  const std::string edited =
      WriteCsv("r2.csv", header + row("q1", "produced_full", "") +
                             row("q2", "no_data", ""));
  r = Ctl({"import", "requests", edited});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("r2.csv:2 [request_id]"));
  EXPECT_THAT(r.err, HasSubstr("correction_reason"));

  const std::string corrected = WriteCsv(
      "r3.csv",
      header +
          row("q1", "produced_full", "provider answered after the period") +
          row("q2", "no_data", ""));
  r = Ctl({"import", "requests", corrected, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(0 new, 1 correction(s), 1 already present)"));
  r = Ctl({"import", "requests", corrected});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(0 new, 1 correction(s), 1 already present)"));
  r = Ctl({"import", "requests", corrected});  // again: nothing changes
  EXPECT_THAT(r.out, HasSubstr("(0 new, 0 correction(s), 2 already present)"));
  r = Ctl({"import", "requests", first});  // the original again, too
  EXPECT_THAT(r.out, HasSubstr("(0 new, 0 correction(s), 2 already present)"));

  r = Ctl({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("2026-H1  2 requests, published as version 1"));
  EXPECT_THAT(r.out, HasSubstr("1 correction(s)"));
  EXPECT_THAT(r.out, HasSubstr("entries differ from the last publication"));
  r = Ctl({"diff"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("changed   stats/2026-H1"));
  EXPECT_THAT(r.out, HasSubstr("version: \"1\" -> \"2\""));
  EXPECT_THAT(r.out, HasSubstr("provider answered after the period"));
  r = Ctl({"publish"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ctl({"show", "2026-H1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(as published)"));
  // Two requests, banded: the note gives the reason but no numbers.
  EXPECT_THAT(r.out,
              HasSubstr("correction_note: counts changed: records of this "
                        "period were corrected, and some may have been "
                        "added, after it was first published (provider "
                        "answered after the period)"));
  EXPECT_THAT(r.out, HasSubstr("version: 2"));
  EXPECT_THAT(r.out, HasSubstr("rows[0].legal_basis.statute: 稅捐稽徵法"));
  r = Ctl({"status"});
  EXPECT_THAT(r.out, HasSubstr("no changes since the last publication"));
  EXPECT_THAT(r.out, HasSubstr("published as version 2"));
}

// A changed database shows field by field, before publication and between
// snapshots; show prints it with the Chinese names of its codes; a dry run
// counts what it would write; what coverage will call missing is a warning
// on the sheet's line.
TEST_F(AgencyItTest, DiffShowAndCoverageWarnings) {
  auto node = StartNode();
  ImportBasics();
  CommandResult r = Ctl({"publish"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ctl({"diff"});
  EXPECT_THAT(r.out, HasSubstr("no changes"));

  const std::string dbs = WriteCsv(
      "dbs.csv",
      "database_id,file_name.zh_tw,description.zh_tw,contact.unit,contact."
      "email,holding_basis,collection_ground,specific_purposes,data_"
      "categories,subject_categories.zh_tw,record_sources.zh_tw,oversight,"
      "retention,status,next_review_due,change_note\n"
      "tax-data,財稅資料,財稅資料庫,財政資訊中心,fia@mof.example.tw,"
      "稅捐稽徵法|第33條,art15_1,157,C001;C003,納稅義務人,稽徵機關,"
      "資料審議小組|internal,七年,published,2027-06-30,保存年限縮短\n");
  const std::string channels =
      WriteCsv("ch.csv",
               "database_id,channel_id,right,method,where.unit,where.phone,id_"
               "verification,deadline_days,extension_days\n"
               "tax-data,copy,copy,counter,服務台,02-0000-0000,身分證,15,15\n");
  r = Ctl({"import", "databases", dbs, "--channels", channels, "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("would write: 1 database entries (1 new or "
                               "changed, 0 unchanged)"));
  EXPECT_THAT(r.err, HasSubstr("warning: " + dbs + ":2 [attested_by.name]"));
  EXPECT_THAT(r.err, HasSubstr("[source_url]"));
  r = Ctl({"import", "databases", dbs, "--channels", channels});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Ctl({"diff"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("from snapshot 0 to the unpublished state"));
  EXPECT_THAT(r.out, HasSubstr("changed   db/tax-data"));
  EXPECT_THAT(r.out, HasSubstr("retention: \"十年\" -> \"七年\""));
  r = Ctl({"show", "tax-data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("not published yet"));
  EXPECT_THAT(r.out, HasSubstr("retention: 七年"));
  EXPECT_THAT(r.out, HasSubstr("collection_ground: COLLECTION_GROUND_"));
  r = Ctl({"publish"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ctl({"diff", "0", "1"});
  EXPECT_THAT(r.out, HasSubstr("retention: \"十年\" -> \"七年\""));
  r = Ctl({"show", "tax-data", "--snapshot", "0"});
  EXPECT_THAT(r.out, HasSubstr("retention: 十年"));
  // A linkage to a database the agency does not hold is refused on its
  // line; typed without the agency it is refused as malformed.
  for (const char* target : {"mof/no-such-db", "no-such-db"}) {
    const std::string links = WriteCsv(
        "links.csv",
        absl::StrCat("database_id,linked_entry_id,join_key_type,direction,"
                     "purpose.zh_tw,legal_basis\ntax-data,",
                     target, ",national_id,outbound,勾稽,稅捐稽徵法|第30條\n"));
    r = Ctl({"import", "databases", dbs, "--channels", channels, "--linkages",
             links, "--dry-run"});
    EXPECT_EQ(r.exit_code, 1) << target << r.out;
    EXPECT_THAT(r.err, HasSubstr("links.csv:2 [linked_entry_id]")) << target;
  }
  // The node's own reasons come as message templates the client translates.
  const std::string other_agency = WriteCsv(
      "links-zh.csv",
      "database_id,linked_entry_id,join_key_type,direction,purpose.zh_tw,"
      "legal_basis\ntax-data,mof/no-such-db,national_id,outbound,勾稽,"
      "稅捐稽徵法|第30條\n");
  r = Ctl({"import", "databases", dbs, "--channels", channels, "--linkages",
           other_agency, "--dry-run", "--lang", "zh_TW"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("links-zh.csv:2 [linked_entry_id]: "
                               "「mof/no-such-db」不是本機關的資料庫"));
  r = Ctl({"show", "no-such-db"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("there is no entry db/no-such-db"));
}

// The whole flow in Traditional Chinese from a workbook: the template
// command writes it, a script fills it in as staff would (drop-down
// choices, Chinese text, real and ROC dates), and every import reads it
// directly and answers in Chinese. A wrong code is located by sheet, row
// and column; a left-over example row is refused.
TEST_F(AgencyItTest, ImportsAWorkbookFilledInChinese) {
  auto node = StartNode();
  const std::string book = dir_.File("機關資料.xlsx");
  CommandResult r =
      RunCommand({::disclosure::testing::kCtl, "template", "all", "--format",
                  "xlsx", "--out", book, "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("匯入前請刪除灰色的範例列"));
  const std::string bad = dir_.File("bad.xlsx");
  ASSERT_EQ(RunCommand({"/bin/cp", book, bad}).exit_code, 0);
  r = RunCommand({"/usr/bin/python3", kFillTemplate, book});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({"/usr/bin/python3", kFillTemplate, bad, "--bad"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Ctl({"import", "profile", bad, "--lang", "zh_TW"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("bad.xlsx (profile):2 [agency_id]: "
                               "這是範本的範例列"));
  r = Ctl({"import", "requests", bad, "--lang", "zh_TW"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("已拒絕，未寫入任何資料；共 1 個問題"));
  EXPECT_THAT(r.err, HasSubstr("bad.xlsx (requests):3 [outcome]: "
                               "「不存在的結果」不是有效的選項"));

  r = Ctl({"import", "profile", book, "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("已匯入：機關基本資料"));
  r = Ctl({"import", "databases", book, "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("已匯入：1 筆資料庫項目（1 筆新增或變更，0 筆未變）"));
  EXPECT_THAT(r.err, HasSubstr("警告："));
  r = Ctl({"import", "requests", book, "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("已匯入：2 筆紀錄（2 筆新增，0 筆更正，0 筆已存在）"));

  // Stored as staff meant it: the date cell and the ROC date as ISO dates,
  // the drop-down choices as codes.
  r = Ctl({"show", "tax-data", "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("尚未發布"));
  EXPECT_THAT(r.out, HasSubstr("next_review_due: 2027-06-30"));
  EXPECT_THAT(r.out, HasSubstr("last_reviewed_at: 2026-01-05"));
  EXPECT_THAT(r.out, HasSubstr("collection_ground: COLLECTION_GROUND_ART15_1"));
  EXPECT_THAT(r.out,
              HasSubstr("rights_channels[0].method: CHANNEL_METHOD_COUNTER"));
  r = Ctl({"publish", "--lang", "zh_TW"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("已發布快照 0"));
  r = Ctl({"status"}, {"LANG=zh_TW.UTF-8"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("自上次發布後沒有變更"));
  EXPECT_THAT(r.out, HasSubstr("2026-H1  2 件請求，已發布為第 1 版"));
  EXPECT_THAT(r.out, HasSubstr("3 天後"));
  r = Ctl({"status", "--lang", "en"}, {"LANG=zh_TW.UTF-8"});
  EXPECT_THAT(r.out, HasSubstr("no changes since the last publication"));
}

// The auditor's and the operator's commands (no node needed) speak Chinese too,
// CLI11's own help words included.
TEST_F(AgencyItTest, AuditorAndHubCommandsSpeakChinese) {
  CommandResult r = RunCommand(std::vector<std::string>{
      testing::kCtl, "proof", "verify-inclusion", "--index", "0", "--size", "1",
      "--leaf-hash", "00", "--root", "00", "--proof", "", "--lang", "zh_TW"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--leaf-hash 必須是 64 位十六進位數字"));
  const std::string junk = WriteCsv("junk.bundle", "not a bundle");
  const std::string keys = WriteCsv("keys.txt", "");
  r = RunCommand(std::vector<std::string>{testing::kCtl, "verify", "entry",
                                          junk, "--trusted-keys", keys,
                                          "--lang", "zh_TW"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("沒有驗證金鑰"));
  r = RunCommand(std::vector<std::string>{"/usr/bin/env", "LANG=zh_TW.UTF-8",
                                          testing::kCtl, "hub", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("用法: disclosurectl hub"));
  EXPECT_THAT(r.out, HasSubstr("子指令:"));
  EXPECT_THAT(r.out, HasSubstr("選項:"));
  EXPECT_THAT(r.out, HasSubstr("立即收集一個機關"));
}

}  // namespace
}  // namespace disclosure
