#include "hub/service/search_http.h"

#include <httplib.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/json.h"
#include "format/status_macros.h"
#include "google/protobuf/struct.pb.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

void Answer(httplib::Response& res, int status, const std::string& json) {
  res.status = status;
  // Answers change when the index does; a few seconds of caching lets a
  // CDN absorb a burst of the same search.
  res.set_header("Cache-Control",
                 status == 200 ? "public, max-age=10" : "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(json, "application/json; charset=utf-8");
}

void Refuse(httplib::Response& res, int status, const std::string& message) {
  google::protobuf::Struct error;
  (*error.mutable_fields())["error"].set_string_value(message);
  Answer(res, status, ToJson(error));
}

// The request the query string asks for; InvalidArgument naming the
// parameter given twice or not understood.
absl::StatusOr<v1h::SearchDatabasesRequest> RequestOf(
    const httplib::Request& req) {
  for (const char* name :
       {"q", "agency", "category", "purpose", "ground", "optout", "page"}) {
    if (req.get_param_value_count(name) > 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("the parameter ", name, " is given twice"));
    }
  }
  v1h::SearchDatabasesRequest out;
  out.set_text(req.get_param_value("q"));
  out.set_agency_id(req.get_param_value("agency"));
  out.set_data_category(req.get_param_value("category"));
  out.set_specific_purpose(req.get_param_value("purpose"));
  out.set_page_token(req.get_param_value("page"));
  out.set_page_size(kHttpSearchPageSize);
  if (const std::string ground = req.get_param_value("ground");
      !ground.empty()) {
    v1::LegalGround g;
    if (!v1::LegalGround_Parse(ground, &g)) {
      return absl::InvalidArgumentError(
          "ground must be a legal ground's name, e.g. "
          "LEGAL_GROUND_ART16_5_STATISTICS_OR_RESEARCH");
    }
    out.set_legal_ground(g);
  }
  if (const std::string optout = req.get_param_value("optout");
      !optout.empty()) {
    if (optout != "1") {
      return absl::InvalidArgumentError("optout must be 1 when given");
    }
    out.set_opt_out_available(true);
  }
  return out;
}

void HandleSearch(const SearchFunction& search, const httplib::Request& req,
                  httplib::Response& res) {
  absl::StatusOr<v1h::SearchDatabasesRequest> request = RequestOf(req);
  if (!request.ok()) {
    return Refuse(res, 400, std::string(request.status().message()));
  }
  absl::StatusOr<v1h::SearchDatabasesResponse> found = search(*request);
  if (!found.ok()) {
    const bool bad =
        found.status().code() == absl::StatusCode::kInvalidArgument;
    return Refuse(res, bad ? 400 : 503,
                  bad ? std::string(found.status().message())
                      : "the search cannot answer now; try again shortly");
  }
  Answer(res, 200, SearchAnswerJson(*found));
}

}  // namespace

std::string SearchAnswerJson(const v1h::SearchDatabasesResponse& found) {
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  f["total"].set_number_value(static_cast<double>(found.total()));
  f["total_is_lower_bound"].set_bool_value(found.total_is_lower_bound());
  if (!found.next_page_token().empty())
    f["next"].set_string_value(found.next_page_token());
  auto* hits = f["hits"].mutable_list_value();
  for (const v1h::DatabaseHit& h : found.hits()) {
    const v1::DatabaseEntry& e = h.entry();
    auto& x = *hits->add_values()->mutable_struct_value()->mutable_fields();
    x["id"].set_string_value(h.entry_id());
    auto* name = x["name"].mutable_list_value();
    name->add_values()->set_string_value(e.file_name().zh_tw());
    name->add_values()->set_string_value(e.file_name().en());
    x["agency"].set_string_value(
        h.entry_id().substr(0, h.entry_id().find('/')));
    auto* categories = x["categories"].mutable_list_value();
    for (const auto& c : e.data_categories())
      categories->add_values()->set_string_value(c.code());
    x["uses"].set_number_value(e.out_of_purpose_uses_size());
    x["optout"].set_bool_value(e.opt_out().available());
    x["withdrawn"].set_bool_value(e.status() == v1::ENTRY_STATUS_WITHDRAWN);
  }
  return ToJson(out);
}

absl::StatusOr<std::unique_ptr<SearchHttpServer>> SearchHttpServer::Start(
    const std::string& listen, const std::string& setting,
    SearchFunction search) {
  auto svr = std::make_unique<httplib::Server>();
  svr->new_task_queue = [] { return new httplib::ThreadPool(8); };
  // A search is a GET: no body is read.
  svr->set_payload_max_length(1);
  svr->set_read_timeout(5, 0);
  svr->set_write_timeout(5, 0);
  svr->set_keep_alive_timeout(5);
  svr->set_tcp_nodelay(true);
  svr->Get("/search", [search = std::move(search)](const httplib::Request& req,
                                                   httplib::Response& res) {
    HandleSearch(search, req, res);
  });
  std::unique_ptr<SearchHttpServer> out(new SearchHttpServer());
  DN_ASSIGN_OR_RETURN(out->listener_,
                      HttpListener::Start(std::move(svr), listen, setting));
  return out;
}

}  // namespace disclosure::hub
