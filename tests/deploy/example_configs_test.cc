// The example configurations in deploy/examples/ parse as they are, and
// name every option of the schema (set or in a comment): a field added to
// the configuration without being documented there fails this test.
#include <google/protobuf/descriptor.h>

#include <set>
#include <string>

#include "core/file_util.h"
#include "gtest/gtest.h"
#include "hub/config/hub_config.h"
#include "node/config/node_config.h"

namespace disclosure {
namespace {

using google::protobuf::Descriptor;

// Every field of `d` and of the messages it holds appears in `text`.
void ExpectEveryField(const Descriptor* d, const std::string& text,
                      std::set<const Descriptor*>* seen) {
  if (!seen->insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    EXPECT_NE(text.find(f->name()), std::string::npos)
        << d->full_name() << "." << f->name()
        << " is not documented in the example";
    if (f->message_type() != nullptr && f->message_type()->file() == d->file())
      ExpectEveryField(f->message_type(), text, seen);
  }
}

TEST(ExampleConfigsTest, NodeExampleParsesAndNamesEveryOption) {
  const std::string path = "deploy/examples/node.textproto";
  const std::string text = *ReadFile(path, 1 << 20);
  auto config = node::ParseNodeConfig(text, "deploy/examples");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->agency_id(), "mohw-nhia");
  std::set<const Descriptor*> seen;
  ExpectEveryField(config->GetDescriptor(), text, &seen);
}

TEST(ExampleConfigsTest, HubExampleParsesAndNamesEveryOption) {
  const std::string path = "deploy/examples/hub.textproto";
  const std::string text = *ReadFile(path, 1 << 20);
  auto config = hub::ParseHubConfig(text, "deploy/examples");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->agencies_size(), 1);
  std::set<const Descriptor*> seen;
  ExpectEveryField(config->GetDescriptor(), text, &seen);
}

}  // namespace
}  // namespace disclosure
