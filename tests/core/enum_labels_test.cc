#include "core/enum_labels.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "disclosure/v1/request.pb.h"

namespace disclosure {
namespace {

// Every value people can meet in published data has both names: a value
// added to the schema without them fails here.
TEST(EnumLabelsTest, EveryPublicValueHasBothNames) {
  int checked = 0;
  for (const auto* e : PublicEnums()) {
    for (int i = 0; i < e->value_count(); ++i) {
      const auto* v = e->value(i);
      if (v->number() == 0) continue;
      const EnumLabel l = LabelOf(v->name());
      EXPECT_FALSE(l.zh_tw.empty()) << v->full_name() << " has no zh-TW name";
      EXPECT_FALSE(l.en.empty()) << v->full_name() << " has no English name";
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(EnumLabelsTest, EverySchemaEnumIsListed) {
  // Enums declared in the published files must all be in PublicEnums().
  std::set<std::string> listed;
  for (const auto* e : PublicEnums()) listed.insert(e->full_name());
  const auto* file = v1::ProviderType_descriptor()->file()->pool();
  for (const char* name :
       {"disclosure/v1/common.proto", "disclosure/v1/database.proto",
        "disclosure/v1/request.proto", "disclosure/v1/statistics.proto"}) {
    const auto* f = file->FindFileByName(name);
    ASSERT_NE(f, nullptr) << name;
    for (int i = 0; i < f->enum_type_count(); ++i)
      EXPECT_TRUE(listed.count(f->enum_type(i)->full_name()))
          << f->enum_type(i)->full_name();
    for (int m = 0; m < f->message_type_count(); ++m)
      for (int i = 0; i < f->message_type(m)->enum_type_count(); ++i)
        EXPECT_TRUE(listed.count(f->message_type(m)->enum_type(i)->full_name()))
            << f->message_type(m)->enum_type(i)->full_name();
  }
}

TEST(EnumLabelsTest, UnknownAndUnspecifiedHaveNoName) {
  EXPECT_TRUE(LabelOf("PROVIDER_TYPE_UNSPECIFIED").zh_tw.empty());
  EXPECT_TRUE(LabelOf("NO_SUCH_VALUE").en.empty());
  EXPECT_EQ(LabelOf("PROVIDER_TYPE_MOBILE_TELECOM").zh_tw, "行動電信業者");
}

}  // namespace
}  // namespace disclosure
