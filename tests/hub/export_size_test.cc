// The export's size stays within its bound (tests/testing/export_size.h)
// for an honest federation and for the floods a hostile agency can sign
// within the node's limits: linkages repeated to one database, linkages to
// distinct outside systems, and agency-wide channels that apply to every
// one of its databases. A page or table that copied one agency's signed
// list into every other thing it writes would break the bound.
#include "tests/testing/export_size.h"

#include <gtest/gtest.h>

#include "tests/testing/test_data.h"

namespace disclosure::testing {
namespace {

void ExpectWithinBound(const FederationShape& shape, uint64_t databases) {
  SCOPED_TRACE(shape.name);
  TempDir dir;
  auto size = MeasureExport(shape, dir.path());
  ASSERT_TRUE(size.ok()) << size.status();
  // Every database reached the site (zh and English pages), so the bound
  // is checked on a complete export, not on a refused harvest.
  EXPECT_EQ(size->database_pages, 2 * databases);
  EXPECT_LE(size->total, size->Bound())
      << "signed " << size->signed_bytes << " bytes in " << size->entries
      << " entries and " << size->items << " items";
}

TEST(ExportSizeTest, HonestFederation) {
  ExpectWithinBound(HonestFederation(20), 3 * 20);
}

TEST(ExportSizeTest, LinkagesRepeatedToOneDatabase) {
  ExpectWithinBound(LinkageFlood(20, 300, false), 20 + 1);
}

TEST(ExportSizeTest, LinkagesToDistinctOutsideSystems) {
  ExpectWithinBound(LinkageFlood(20, 300, true), 20 + 1);
}

TEST(ExportSizeTest, AgencyWideChannelsAreNotCopiedIntoEveryPage) {
  ExpectWithinBound(DefaultChannelFlood(40, 150), 40);
}

}  // namespace
}  // namespace disclosure::testing
