// core/message_diff: the field-by-field differences staff read in
// `disclosurectl diff` and `show`.
#include "core/message_diff.h"

#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/statistics.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using ::testing::ElementsAre;
using ::testing::Field;

auto Diff(const std::string& path, const std::string& before,
          const std::string& after) {
  return ::testing::AllOf(Field(&FieldDifference::path, path),
                          Field(&FieldDifference::before, before),
                          Field(&FieldDifference::after, after));
}

TEST(MessageDiffTest, NamesEachChangedFieldWithItsValues) {
  v1::DatabaseEntry a;
  a.set_database_id("tax");
  a.set_retention("十年");
  a.mutable_opt_out()->add_channel_ids("copy");
  v1::DatabaseEntry b = a;
  b.set_retention("七年");
  b.mutable_opt_out()->add_channel_ids("erase");
  b.mutable_modified()->set_seconds(1767196800);
  EXPECT_THAT(
      DiffFields(a, b),
      ::testing::IsSupersetOf({Diff("retention", "十年", "七年"),
                               Diff("opt_out.channel_ids[1]", "", "erase")}));
  EXPECT_TRUE(DiffFields(a, a).empty());
}

TEST(MessageDiffTest, ElementsOnOneSideAreShownFieldByField) {
  v1::RequestStatistics a, b;
  auto* row = b.add_rows();
  row->mutable_legal_basis()->set_statute("稅捐稽徵法");
  row->set_purpose_category(v1::PURPOSE_CATEGORY_TAX_INVESTIGATION);
  row->set_band("1-9");
  EXPECT_THAT(DiffFields(a, b),
              ElementsAre(Diff("rows[0].legal_basis.statute", "", "稅捐稽徵法"),
                          Diff("rows[0].purpose_category",
                               "PURPOSE_CATEGORY_UNSPECIFIED",
                               "PURPOSE_CATEGORY_TAX_INVESTIGATION"),
                          Diff("rows[0].band", "", "1-9")));
}

TEST(MessageDiffTest, BytesInHexLongTextShortenedAtACharacterAndACap) {
  v1::RecordsCommitment a, b;
  b.set_root(std::string("\x01\xff", 2));
  EXPECT_THAT(DiffFields(a, b), ElementsAre(Diff("root", "", "01ff")));
  v1::DatabaseEntry x, y;
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "資";  // 300 bytes
  y.set_retention(long_text);
  auto d = DiffFields(x, y);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].after, long_text.substr(0, 198) + "...");
  for (int i = 0; i < 10; ++i) y.mutable_opt_out()->add_channel_ids("x");
  EXPECT_EQ(DiffFields(x, y, 3).size(), 3u);
}

}  // namespace
}  // namespace disclosure
