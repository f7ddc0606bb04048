#include "hub/participation/intake_http.h"

#include <httplib.h>

#include <kainjow/mustache.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "format/status_macros.h"

namespace disclosure::hub {
namespace {

constexpr size_t kDefaultMaxBody = 16384;

// Mustache's own escaping, as every page of the site is escaped.
std::string Escape(const std::string& s) {
  return kainjow::mustache::html_escape<std::string>(s);
}

std::string Page(absl::string_view title, absl::string_view body) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-Hant\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>",
      title, "</title></head><body><main>", body,
      "<p><a href=\"/\">回首頁 Home</a></p></main></body></html>\n");
}

std::string ReceiptPage(const IntakeReply& r) {
  return Page(
      "已收到 Received",
      absl::StrCat(
          "<h1>已收到您的", "意見或提問 <span lang=\"en\">Received</span></h1>",
          "<p>編號 <strong>", Escape(r.submission_id),
          "</strong>。以下是平臺簽署的收件證明，請複製保存；",
          "機關若稱未收到，可憑此證明查核（網站「驗證」頁說明如何檢查簽章）。</"
          "p>",
          "<p lang=\"en\">Number <strong>", Escape(r.submission_id),
          "</strong>. Below is the receipt the hub signed: copy and keep it. "
          "It proves the agency received your submission; the site's "
          "verify page shows how to check its signature.</p>",
          "<pre>", Escape(r.receipt), "</pre>"));
}

std::string RefusalPage(const IntakeReply& r) {
  return Page("未能收件 Not received",
              absl::StrCat("<h1>未能收件 <span lang=\"en\">Not received</span>"
                           "</h1><p>",
                           Escape(r.problem_zh), "</p><p lang=\"en\">",
                           Escape(r.problem_en), "</p>"));
}

// The one value of form field `name`; false if it is given twice.
bool Field(const httplib::Request& req, const char* name, std::string* out) {
  if (req.get_param_value_count(name) > 1) return false;
  *out = req.get_param_value(name);
  return true;
}

void Reply(const httplib::Request& req, const IntakeReply& r,
           httplib::Response& res) {
  res.status = r.http_status;
  if (r.retry_after_seconds > 0)
    res.set_header("Retry-After", absl::StrCat(r.retry_after_seconds));
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", "default-src 'none'");
  const bool plain =
      absl::StrContains(req.get_header_value("Accept"), "text/plain");
  if (plain) {
    res.set_content(
        r.receipt.empty() ? absl::StrCat(r.problem_en, "\n") : r.receipt,
        "text/plain; charset=utf-8");
  } else {
    res.set_content(r.receipt.empty() ? RefusalPage(r) : ReceiptPage(r),
                    "text/html; charset=utf-8");
  }
}

void HandleSubmit(ParticipationDesk* desk,
                  const std::vector<std::string>& proxies,
                  const httplib::Request& req, httplib::Response& res) {
  IntakeReply bad;
  bad.http_status = 400;
  if (!absl::StartsWith(req.get_header_value("Content-Type"),
                        "application/x-www-form-urlencoded")) {
    bad.http_status = 415;
    bad.problem_zh = "請從網站的表單送出。";
    bad.problem_en =
        "Send the site's form (application/x-www-form-urlencoded).";
    return Reply(req, bad, res);
  }
  IntakeForm form;
  std::string publish;
  if (!Field(req, "agency", &form.agency_id) ||
      !Field(req, "concerns", &form.concerns) ||
      !Field(req, "kind", &form.kind) || !Field(req, "text", &form.text) ||
      !Field(req, "contact", &form.contact) ||
      !Field(req, "publish", &publish)) {
    bad.problem_zh = "表單欄位重複。";
    bad.problem_en = "A form field is given twice.";
    return Reply(req, bad, res);
  }
  form.publish = publish == "yes";
  const std::string address = ClientAddressKey(
      req.remote_addr, req.get_header_value("X-Real-IP"), proxies);
  Reply(req, desk->Submit(form, address), res);
}

}  // namespace

absl::StatusOr<std::unique_ptr<IntakeHttpServer>> IntakeHttpServer::Start(
    const std::string& listen, ParticipationDesk* desk, size_t max_body_bytes,
    std::vector<std::string> trusted_proxies) {
  if (trusted_proxies.empty()) trusted_proxies = {"127.0.0.1", "::1"};
  auto svr = std::make_unique<httplib::Server>();
  svr->new_task_queue = [] { return new httplib::ThreadPool(4); };
  svr->set_payload_max_length(max_body_bytes ? max_body_bytes
                                             : kDefaultMaxBody);
  svr->set_read_timeout(10, 0);
  svr->set_write_timeout(10, 0);
  svr->set_keep_alive_timeout(5);
  // Small replies written in pieces: without this, Nagle's algorithm and
  // the client's delayed ACK add 40 ms to every request.
  svr->set_tcp_nodelay(true);
  svr->Post("/participation/submit",
            [desk, proxies = std::move(trusted_proxies)](
                const httplib::Request& req, httplib::Response& res) {
              HandleSubmit(desk, proxies, req, res);
            });
  std::unique_ptr<IntakeHttpServer> out(new IntakeHttpServer());
  DN_ASSIGN_OR_RETURN(out->listener_,
                      HttpListener::Start(std::move(svr), listen,
                                          "participation.intake_listen"));
  return out;
}

}  // namespace disclosure::hub
