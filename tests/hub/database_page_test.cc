// Every signed field reaches the database's page, in words, in both
// languages: an entry with every field of the schema filled (by
// reflection, so a field added later is covered without editing this
// test) is rendered, and the walk checks each value on both pages: text as
// written (the page's language, else the other), enum values by their
// names, numbers and dates. Ids are shown as names and links, not as text,
// and are left out of the walk; booleans are checked one by one.
#include <algorithm>
#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/enum_labels.h"
#include "core/file_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"
#include "hub/export/export_file.h"
#include "hub/export/site_builder.h"
#include "hub/export/site_text.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/test_data.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using ::testing::HasSubstr;

// Ids: shown as the names and links they stand for.
bool IsId(const FieldDescriptor* f) {
  const std::string& n = f->name();
  return n == "database_id" || n == "agency_id" || n == "use_id" ||
         n == "channel_id" || n == "channel_ids" || n == "linked_entry_id" ||
         n == "linked_entries";
}

// Sets every field of `m` to a value no other field has: strings to
// "測試值<n>號", numbers to 9000+n, enums to their first named value,
// timestamps to a day in 2026; one element per repeated field.
void FillAll(Message* m, int* n) {
  const auto* d = m->GetDescriptor();
  const auto* r = m->GetReflection();
  if (d->full_name() == "google.protobuf.Timestamp") {
    static_cast<google::protobuf::Timestamp*>(m)->set_seconds(1780000000);
    return;
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->real_containing_oneof() != nullptr && f->index_in_oneof() > 0)
      continue;  // the first member of a oneof only
    // Withholding replaces what it withholds: WithheldItemsAreSaidInPlace.
    if (f->message_type() != nullptr &&
        (f->message_type()->name() == "Withholding" ||
         f->message_type()->name() == "WithheldField"))
      continue;
    const std::string text = absl::StrCat("測試值", ++*n, "號");
    if (IsId(f)) {
      const std::string id =
          f->name() == "linked_entry_id" || f->name() == "linked_entries"
              ? "b/partner"
              : absl::StrCat("id-", *n);
      f->is_repeated() ? r->AddString(m, f, id) : r->SetString(m, f, id);
      continue;
    }
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        f->is_repeated() ? r->AddString(m, f, text) : r->SetString(m, f, text);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        f->is_repeated() ? r->AddInt32(m, f, 9000 + *n)
                         : r->SetInt32(m, f, 9000 + *n);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        f->is_repeated() ? r->AddInt64(m, f, 9000 + *n)
                         : r->SetInt64(m, f, 9000 + *n);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!f->is_repeated()) r->SetBool(m, f, true);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        f->is_repeated() ? r->AddEnumValue(m, f, 1) : r->SetEnumValue(m, f, 1);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        FillAll(
            f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f),
            n);
        break;
      default:
        ADD_FAILURE() << "a field type the walk does not know: "
                      << f->full_name();
    }
  }
}

std::string Escaped(const std::string& s) {
  return kainjow::mustache::html_escape<std::string>(s);
}

// Checks that every value of `m` is on `html`; `zh` for the Chinese page.
void ExpectOnPage(const Message& m, const std::string& html, bool zh,
                  const std::string& path) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  if (d->full_name() == "disclosure.v1.LocalizedText") {
    const auto& t = static_cast<const v1::LocalizedText&>(m);
    const std::string& shown = zh ? (t.zh_tw().empty() ? t.en() : t.zh_tw())
                                  : (t.en().empty() ? t.zh_tw() : t.en());
    if (!shown.empty()) {
      EXPECT_THAT(html, HasSubstr(Escaped(shown))) << path;
    }
    return;
  }
  if (d->full_name() == "google.protobuf.Timestamp") {
    const auto& ts = static_cast<const google::protobuf::Timestamp&>(m);
    EXPECT_THAT(html, HasSubstr(absl::FormatTime(
                          "%Y-%m-%d", absl::FromUnixSeconds(ts.seconds()),
                          absl::FixedTimeZone(8 * 3600))))
        << path;
    return;
  }
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (IsId(f) || f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) continue;
    const std::string where = path + "." + f->name();
    const int count = f->is_repeated() ? r->FieldSize(m, f) : 1;
    for (int i = 0; i < count; ++i) {
      const bool rep = f->is_repeated();
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          EXPECT_THAT(html,
                      HasSubstr(Escaped(rep ? r->GetRepeatedString(m, f, i)
                                            : r->GetString(m, f))))
              << where;
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          EXPECT_THAT(html,
                      HasSubstr(absl::StrCat(rep ? r->GetRepeatedInt32(m, f, i)
                                                 : r->GetInt32(m, f))))
              << where;
          break;
        case FieldDescriptor::CPPTYPE_INT64: {
          // Large counts are written with thousands separators.
          const int64_t v =
              rep ? r->GetRepeatedInt64(m, f, i) : r->GetInt64(m, f);
          const std::string plain = absl::StrCat(v);
          const std::string grouped =
              v >= 1000
                  ? absl::StrCat(v / 1000, ",", plain.substr(plain.size() - 3))
                  : plain;
          EXPECT_THAT(html,
                      ::testing::AnyOf(HasSubstr(plain), HasSubstr(grouped)))
              << where;
          break;
        }
        case FieldDescriptor::CPPTYPE_ENUM: {
          const std::string value =
              (rep ? r->GetRepeatedEnum(m, f, i) : r->GetEnum(m, f))->name();
          const EnumLabel label = LabelOf(value);
          const std::string name(zh ? label.zh_tw : label.en);
          ASSERT_FALSE(name.empty()) << where << " " << value << " has no name";
          EXPECT_THAT(html, HasSubstr(Escaped(name))) << where;
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          ExpectOnPage(
              rep ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f), html,
              zh, where);
          break;
        default:
          break;
      }
    }
  }
}

class DatabasePageTest : public ::testing::Test {
 protected:
  void Render(const v1::DatabaseEntry& db, const v1::AgencyProfile& profile) {
    SiteBuilder::Inputs in;
    in.trust_domain = "test.example";
    in.now = absl::FromUnixSeconds(1790000000);
    in.criminal_statistics_url = criminal_url_;
    in.database_name =
        [](const std::string&,
           const std::string&) -> std::optional<v1::LocalizedText> {
      v1::LocalizedText t;
      t.set_zh_tw("夥伴資料庫");
      t.set_en("Partner database");
      return t;
    };
    SiteBuilder site(dir_.path(), std::move(in), &listing_);
    v1::hub::AgencySummary summary;
    summary.set_agency_id("a");
    site.AddAgency(summary, "");
    v1::DisclosureEntry p;
    *p.mutable_agency_profile() = profile;
    site.AddEntry("a", p, "bundles/a/agency.bundle");
    v1::DisclosureEntry e;
    *e.mutable_database() = db;
    site.AddEntry("a", e, "bundles/a/db/full.bundle");
    ASSERT_TRUE(site.Finish().ok());
  }
  std::string AgenciesPage(bool zh) {
    auto text = ReadFile(
        dir_.path() + (zh ? "/agencies.html" : "/en/agencies.html"), 1 << 24);
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? *text : "";
  }
  std::string Page(bool zh) {
    auto text = ReadFile(
        dir_.path() + (zh ? "/db/a/full.html" : "/en/db/a/full.html"), 1 << 24);
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? *text : "";
  }

  testing::TempDir dir_;
  ExportListing listing_{dir_.path()};
  std::string criminal_url_;
};

TEST_F(DatabasePageTest, EverySignedFieldReachesBothPages) {
  v1::DatabaseEntry db;
  int n = 0;
  FillAll(&db, &n);
  db.set_database_id("full");
  db.set_agency_id("a");
  // English left empty in one place: the English page shows the Chinese,
  // marked as Chinese.
  db.mutable_record_sources()->clear_en();
  ASSERT_GT(n, 80) << "the walk reached too few fields";
  v1::AgencyProfile profile = testing::SampleProfile("a");
  Render(db, profile);
  for (bool zh : {true, false}) {
    SCOPED_TRACE(zh ? "zh-TW page" : "English page");
    const std::string html = Page(zh);
    ExpectOnPage(db, html, zh, "entry");
    // The agency's default channel applies to this database too: the page
    // names its right and links to it on the agencies page, where all of
    // it is.
    EXPECT_THAT(html, HasSubstr("agencies.html#rights-a\""));
    EXPECT_THAT(html, HasSubstr(Escaped(std::string(
                          zh ? LabelOf("DATA_SUBJECT_RIGHT_QUERY_VIEW").zh_tw
                             : LabelOf("DATA_SUBJECT_RIGHT_QUERY_VIEW").en))));
    ExpectOnPage(profile.default_rights_channels(0), AgenciesPage(zh), zh,
                 "profile.default_rights_channels");
    // Ids as links, booleans in words.
    EXPECT_THAT(html, HasSubstr("href=\"../../"));
    EXPECT_THAT(html, HasSubstr("db/b/partner.html"));
    EXPECT_THAT(html, HasSubstr(zh ? "夥伴資料庫" : "Partner database"));
  }
  EXPECT_THAT(Page(false),
              HasSubstr(absl::StrCat("<bdi lang=\"zh-Hant-TW\">",
                                     db.record_sources().zh_tw(), "</bdi>")));
}

TEST_F(DatabasePageTest, ALinkageDeclaredOverAndOverIsListedOnce) {
  v1::DatabaseEntry db = testing::SampleDatabase("a", "full");
  db.mutable_linkages(0)->mutable_purpose()->set_zh_tw("重複申報的串連");
  for (int i = 0; i < 449; ++i) *db.add_linkages() = db.linkages(0);
  Render(db, testing::SampleProfile("a"));
  const std::string html = Page(true);
  size_t count = 0;
  for (size_t at = html.find("重複申報的串連"); at != std::string::npos;
       at = html.find("重複申報的串連", at + 1))
    ++count;
  EXPECT_EQ(count, 1u);
  EXPECT_THAT(html, HasSubstr("同一內容申報 450 次"));
}

TEST_F(DatabasePageTest, HostileTextIsEscapedAndIsolated) {
  v1::DatabaseEntry db = testing::SampleDatabase("a", "full");
  db.mutable_description()->set_zh_tw(
      "\u202e<img src=x onerror=alert(1)>反向文字");
  Render(db, testing::SampleProfile("a"));
  const std::string html = Page(true);
  EXPECT_THAT(html, HasSubstr("<bdi>\u202e&lt;img"));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("<img src=x")));
}

// Format 2: each withheld item is said where it would be, with its ground,
// deciding unit and review date (or that the review is overdue), in both
// languages; nothing of it is shown, and withholding.html lists it all.
TEST_F(DatabasePageTest, WithheldItemsAreSaidInPlace) {
  v1::DatabaseEntry db = testing::SampleDatabase("a", "full");
  db.clear_record_sources();
  v1::WithheldField* f = db.add_withheld_fields();
  f->set_field("record_sources");
  *f->mutable_withholding() = testing::SampleWithholding(3, "2099-06-30");
  db.clear_data_categories();
  f = db.add_withheld_fields();
  f->set_field("data_categories");
  *f->mutable_withholding() = testing::SampleWithholding(1, "2020-01-31");
  std::sort(db.mutable_withheld_fields()->begin(),
            db.mutable_withheld_fields()->end(),
            [](const auto& a, const auto& b) { return a.field() < b.field(); });
  db.clear_opt_out();
  f = db.add_withheld_fields();
  f->set_field("opt_out");
  *f->mutable_withholding() = testing::SampleWithholding(6, "2099-01-01");
  v1::OutOfPurposeUse* hidden = db.add_out_of_purpose_uses();
  hidden->set_use_id("hidden");
  *hidden->mutable_withheld() = testing::SampleWithholding(2, "2099-01-01");
  ASSERT_GT(db.out_of_purpose_uses_size(), 1);
  v1::OutOfPurposeUse* who = db.mutable_out_of_purpose_uses(0);
  const std::string recipient = who->recipient_name().zh_tw();
  who->clear_recipient_name();
  who->clear_recipient_type();
  *who->mutable_recipient_withheld() =
      testing::SampleWithholding(4, "2099-01-01");
  *db.add_linkages()->mutable_withheld() =
      testing::SampleWithholding(5, "2099-01-01");
  Render(db, testing::SampleProfile("a"));
  const std::string zh = Page(true), en = Page(false);
  EXPECT_THAT(zh,
              HasSubstr("依政府資訊公開法第18條第1項第3款限制公開（資訊室決定）"
                        "，2099-06-30 前重新檢討"));
  EXPECT_THAT(zh, HasSubstr("第1款限制公開（資訊室決定），原定 2020-01-31 "
                            "前重新檢討，已逾期"));
  EXPECT_THAT(zh, HasSubstr("一項目的外利用限制公開"));
  EXPECT_THAT(zh, HasSubstr("第2款限制公開"));
  EXPECT_THAT(zh, HasSubstr("利用對象限制公開"));
  EXPECT_THAT(zh, HasSubstr("第4款限制公開"));
  EXPECT_THAT(zh, HasSubstr("第5款限制公開"));
  EXPECT_THAT(zh, ::testing::Not(HasSubstr(Escaped(recipient))));
  // A withheld opt-out is neither "available" nor "not available".
  EXPECT_THAT(zh, HasSubstr("第6款限制公開"));
  for (const char* key : {"optout_available", "optout_unavailable"}) {
    EXPECT_THAT(zh, ::testing::Not(HasSubstr(Escaped(
                        hub::site::SiteText(hub::site::Lang::kZhTw).at(key)))))
        << key;
  }
  EXPECT_THAT(en, HasSubstr("Withheld under Article 18(1), item 3, of the "
                            "Freedom of Government Information Law (decided "
                            "by 資訊室); to be reviewed by 2099-06-30"));
  EXPECT_THAT(en, HasSubstr("its review was due by 2020-01-31 and is overdue"));
  auto list = ReadFile(dir_.path() + "/withholding.html", 1 << 24);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(*list, HasSubstr("6 項限制公開，其中 1 項已逾檢討期限"));
  EXPECT_THAT(*list, HasSubstr("db/a/full.html"));
  EXPECT_THAT(*list, HasSubstr("class=\"overdue\""));
}

// The requests page states the statistics' scope, and links to where
// criminal-investigation statistics are published when the hub says.
TEST_F(DatabasePageTest, TheRequestsPageStatesItsScope) {
  criminal_url_ = "https://www.judicial.gov.tw/";
  Render(testing::SampleDatabase("a", "full"), testing::SampleProfile("a"));
  auto zh = ReadFile(dir_.path() + "/requests.html", 1 << 24);
  ASSERT_TRUE(zh.ok()) << zh.status();
  EXPECT_THAT(*zh, HasSubstr("統計範圍：僅限行政管制目的之調取"));
  EXPECT_THAT(*zh, HasSubstr("<a href=\"https://www.judicial.gov.tw/\">"));
  auto en = ReadFile(dir_.path() + "/en/requests.html", 1 << 24);
  ASSERT_TRUE(en.ok()) << en.status();
  EXPECT_THAT(*en, HasSubstr("Scope: requests for administrative regulation"));
}

// Nothing withheld: withholding.html says so and lists no agency.
TEST_F(DatabasePageTest, NothingWithheldListsNoAgency) {
  Render(testing::SampleDatabase("a", "full"), testing::SampleProfile("a"));
  auto list = ReadFile(dir_.path() + "/withholding.html", 1 << 24);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(*list, HasSubstr("目前沒有任何限制公開的項目。"));
  EXPECT_THAT(*list, ::testing::Not(HasSubstr("id=\"w-a\"")));
}

}  // namespace
TEST_F(DatabasePageTest, DetailsEveryChannelSharesAreSaidOnce) {
  // The sample's six channels share where to go, the ID and redress, and
  // differ in fee and deadline.
  v1::DatabaseEntry db = testing::SampleDatabase("a", "full");
  db.mutable_rights_channels(0)->set_id_verification("自然人憑證");
  Render(db, testing::SampleProfile("a"));
  const std::string html = Page(true);
  const auto count = [&](const std::string& s) {
    size_t n = 0;
    for (size_t at = html.find(s); at != std::string::npos;
         at = html.find(s, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("以下各項權利共通"), 1u);
  EXPECT_EQ(count("服務櫃檯；02-2191-0000"), 1u);
  EXPECT_EQ(count("訴願；向個人資料保護委員會申訴"), 1u);
  // The ID differs in one channel, so each channel states its own.
  EXPECT_EQ(count("自然人憑證"), 1u);
  EXPECT_EQ(count("身分證正本"), 5u);
  EXPECT_EQ(count("每頁新臺幣5元"), 1u);
}

}  // namespace disclosure::hub
