// The public search over plain HTTP with JSON answers, for the site's
// search box: GET /search?q=&agency=&category=&purpose=&ground=&optout=1
// &page=TOKEN answers one page of at most 50 matches, small enough for a
// phone (the static search-index.json is the fallback where no such
// endpoint is served). nginx in front serves it on the site's own address
// as /api/search, with TLS (deploy/nginx/disclosure-site.conf). Served by
// the hub (search_http_listen) and by search replicas (--http_listen),
// from the same search as IndexService.SearchDatabases.
//
// The answer:
//   {"total": N, "total_is_lower_bound": false, "next": "TOKEN",
//    "hits": [{"id": "agency/db", "name": ["zh", "en"], "agency": "id",
//              "categories": ["C001"], "uses": 1, "optout": true,
//              "withdrawn": false}]}
// A bad request answers 400 with {"error": "..."} naming the parameter; a
// search that cannot be answered now 503.
//
// Thread-safety: Start and Stop from one thread; requests run on the pool.
#ifndef DISCLOSURE_HUB_SERVICE_SEARCH_HTTP_H_
#define DISCLOSURE_HUB_SERVICE_SEARCH_HTTP_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "transport/http_listener.h"

namespace disclosure::hub {

using SearchFunction =
    std::function<absl::StatusOr<disclosure::v1::hub::SearchDatabasesResponse>(
        const disclosure::v1::hub::SearchDatabasesRequest&)>;

// The matches one answer lists at most.
inline constexpr uint32_t kHttpSearchPageSize = 50;

class SearchHttpServer {
 public:
  // Listens on `listen` ("host:port"; port 0 picks one); `setting` names
  // the option in errors. InvalidArgument for a malformed address;
  // Unavailable if it cannot be bound.
  static absl::StatusOr<std::unique_ptr<SearchHttpServer>> Start(
      const std::string& listen, const std::string& setting,
      SearchFunction search);

  int port() const { return listener_->port(); }
  // Stops accepting and waits for requests in flight. Idempotent.
  void Stop() { listener_->Stop(); }

 private:
  SearchHttpServer() = default;
  std::unique_ptr<HttpListener> listener_;
};

// The answer's JSON for `found` (exposed for tests).
std::string SearchAnswerJson(
    const disclosure::v1::hub::SearchDatabasesResponse& found);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_SERVICE_SEARCH_HTTP_H_
