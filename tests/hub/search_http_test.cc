// hub/service/search_http: the site's search over HTTP. Every parameter
// reaches the search as the gRPC request would carry it; a bad parameter is
// refused with 400 naming it; a search that cannot answer is 503; the
// answer holds what the results table shows.
#include "hub/service/search_http.h"

#include <httplib.h>

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_inventory.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using ::testing::HasSubstr;
using ::testing::Not;

class SearchHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = SearchHttpServer::Start(
        "127.0.0.1:0", "search_http_listen",
        [this](const v1h::SearchDatabasesRequest& r)
            -> absl::StatusOr<v1h::SearchDatabasesResponse> {
          asked_ = r;
          if (r.text() == "broken") return absl::InternalError("disk gone");
          if (r.page_token() == "x")
            return absl::InvalidArgumentError("page_token is not ours");
          v1h::SearchDatabasesResponse out;
          auto* hit = out.add_hits();
          hit->set_entry_id("mohw/nhi");
          *hit->mutable_entry() = testing::SampleDatabase("mohw", "nhi");
          hit->mutable_entry()->mutable_file_name()->set_en("NHI");
          out.set_total(10000);
          out.set_total_is_lower_bound(true);
          out.set_next_page_token("50");
          return out;
        });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", server_->port());
    return client.Get(path);
  }

  std::unique_ptr<SearchHttpServer> server_;
  std::optional<v1h::SearchDatabasesRequest> asked_;
};

TEST_F(SearchHttpTest, ParametersReachTheSearchAndTheAnswerIsJson) {
  auto r = Get(
      "/search?q=%E5%81%A5%E4%BF%9D&agency=mohw&category=C111&purpose=157"
      "&ground=LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH&optout=1&page=50");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"),
              HasSubstr("application/json"));
  ASSERT_TRUE(asked_.has_value());
  EXPECT_EQ(asked_->text(), "健保");
  EXPECT_EQ(asked_->agency_id(), "mohw");
  EXPECT_EQ(asked_->data_category(), "C111");
  EXPECT_EQ(asked_->specific_purpose(), "157");
  EXPECT_EQ(asked_->legal_ground(),
            v1::LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH);
  EXPECT_TRUE(asked_->has_opt_out_available() && asked_->opt_out_available());
  EXPECT_EQ(asked_->page_token(), "50");
  EXPECT_EQ(asked_->page_size(), kHttpSearchPageSize);
  EXPECT_THAT(r->body, HasSubstr("\"id\":\"mohw/nhi\""));
  EXPECT_THAT(r->body, HasSubstr("\"agency\":\"mohw\""));
  EXPECT_THAT(r->body, HasSubstr("\"name\":[\"測試資料庫 nhi\",\"NHI\"]"));
  EXPECT_THAT(r->body, HasSubstr("\"total\":10000"));
  EXPECT_THAT(r->body, HasSubstr("\"total_is_lower_bound\":true"));
  EXPECT_THAT(r->body, HasSubstr("\"next\":\"50\""));
  EXPECT_THAT(r->body, HasSubstr("\"optout\":true"));
  EXPECT_THAT(r->body, HasSubstr("\"withdrawn\":false"));
}

TEST_F(SearchHttpTest, BadRequestsAreNamedAndFailuresAreUnavailable) {
  const struct {
    const char* path;
    int status;
    const char* says;
  } cases[] = {
      {"/search?ground=ART16", 400, "ground must be"},
      {"/search?optout=yes", 400, "optout must be 1"},
      {"/search?q=a&q=b", 400, "q is given twice"},
      {"/search?page=x", 400, "page_token"},
      {"/search?q=broken", 503, "try again"},
  };
  for (const auto& c : cases) {
    auto r = Get(c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, c.status) << c.path;
    EXPECT_THAT(r->body, HasSubstr(c.says)) << c.path;
    EXPECT_THAT(r->body, Not(HasSubstr("disk gone"))) << c.path;
  }
  auto other = Get("/elsewhere");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

// A malformed address is refused naming the setting; a server stopped as
// soon as it started stops (the listener may bind a port another holds:
// cpp-httplib sets SO_REUSEPORT).
TEST(SearchHttpStartTest, BadAddressesAreNamedAndStopIsPrompt) {
  auto bad = SearchHttpServer::Start("nonsense", "search_http_listen", nullptr);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("search_http_listen"));
  for (int i = 0; i < 20; ++i) {
    auto s = SearchHttpServer::Start("127.0.0.1:0", "search_http_listen",
                                     [](const v1h::SearchDatabasesRequest&) {
                                       return v1h::SearchDatabasesResponse();
                                     });
    ASSERT_TRUE(s.ok()) << s.status();
    (*s)->Stop();
  }
}

}  // namespace
}  // namespace disclosure::hub
