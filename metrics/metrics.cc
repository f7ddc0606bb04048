#include "metrics/metrics.h"

#include <civetweb.h>

#include <exception>
#include <map>

#include "CivetServer.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "core/file_util.h"
#include "core/logging.h"
#include "openssl/crypto.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace disclosure {

prometheus::Registry& MetricsRegistry() {
  static auto* registry = new std::shared_ptr<prometheus::Registry>(
      std::make_shared<prometheus::Registry>());
  return **registry;
}

namespace {

std::shared_ptr<prometheus::Registry> SharedRegistry() {
  // The exposer holds the registry by weak pointer: keep it alive forever.
  static auto* shared = new std::shared_ptr<prometheus::Registry>(
      &MetricsRegistry(), [](prometheus::Registry*) {});
  return *shared;
}

}  // namespace

void CountEvent(const std::string& name, const std::string& help,
                const MetricLabels& labels, double n) {
  auto& family = prometheus::BuildCounter().Name(name).Help(help).Register(
      MetricsRegistry());
  family.Add(labels).Increment(n);
}

void ObserveSeconds(const std::string& name, const std::string& help,
                    const MetricLabels& labels, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5,   1,      2.5,   5,    10,    30,   60,  300};
  auto& family = prometheus::BuildHistogram().Name(name).Help(help).Register(
      MetricsRegistry());
  family.Add(labels, kBuckets).Observe(seconds);
}

class MetricsServer::Sources final : public prometheus::Collectable {
 public:
  void Add(GaugeSource source) {
    absl::MutexLock lock(&mu_);
    sources_.push_back(std::move(source));
  }
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<GaugeSource> sources;
    {
      absl::MutexLock lock(&mu_);
      sources = sources_;
    }
    std::vector<prometheus::MetricFamily> out;
    for (const GaugeSource& source : sources) {
      for (GaugeFamily& g : source()) {
        prometheus::MetricFamily f;
        f.name = std::move(g.name);
        f.help = std::move(g.help);
        f.type = prometheus::MetricType::Gauge;
        for (auto& [labels, value] : g.values) {
          prometheus::ClientMetric m;
          for (const auto& [k, v] : labels) m.label.push_back({k, v});
          m.gauge.value = value;
          f.metric.push_back(std::move(m));
        }
        out.push_back(std::move(f));
      }
    }
    return out;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<GaugeSource> sources_ ABSL_GUARDED_BY(mu_);
};

namespace {

// The token each metrics listener asks for, by its port ("" for none). The
// HTTP library's request hook has no per-server argument, so the hook finds
// its server's token by the port the request came in on. A port not (yet)
// listed is refused: nothing is served before the token is in place.
absl::Mutex tokens_mu;
std::map<int, std::string>& Tokens() ABSL_EXCLUSIVE_LOCKS_REQUIRED(tokens_mu) {
  static auto* tokens = new std::map<int, std::string>;
  return *tokens;
}

int Reply(mg_connection* conn, int code, const char* reason,
          const char* extra_header) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\n%sContent-Type: text/plain\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
            code, reason, extra_header, strlen(reason), reason);
  return code;
}

// civetweb's begin_request: 0 lets the request through, anything else
// means it was answered here.
int CheckToken(mg_connection* conn) {
  const mg_request_info* info = mg_get_request_info(conn);
  std::string token;
  {
    absl::MutexLock lock(&tokens_mu);
    auto it = Tokens().find(info->server_port);
    if (it == Tokens().end())
      return Reply(conn, 503, "Service Unavailable", "");
    token = it->second;
  }
  if (token.empty()) return 0;
  const std::string want = "Bearer " + token;
  const char* got = mg_get_header(conn, "Authorization");
  if (got != nullptr && strlen(got) == want.size() &&
      CRYPTO_memcmp(got, want.data(), want.size()) == 0) {
    return 0;
  }
  return Reply(conn, 401, "Unauthorized", "WWW-Authenticate: Bearer\r\n");
}

}  // namespace

absl::StatusOr<MetricsOptions> MetricsOptionsFromConfig(
    const std::string& listen, bool allow_remote,
    const std::string& token_file) {
  MetricsOptions o;
  o.address = listen;
  o.allow_remote = allow_remote;
  if (token_file.empty()) return o;
  absl::StatusOr<std::string> token = ReadFile(token_file, 4096);
  if (!token.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_token_file: ", token.status().message()));
  }
  o.token = std::string(absl::StripAsciiWhitespace(*token));
  return o;
}

bool IsLoopbackAddress(const std::string& host_port) {
  std::string host = host_port;
  if (absl::StartsWith(host, "[")) {
    host = host.substr(1, host.find(']') == std::string::npos
                              ? std::string::npos
                              : host.find(']') - 1);
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    host = host.substr(0, host.find(':'));
  }
  if (host == "localhost" || host == "::1") return true;
  std::vector<std::string> octets = absl::StrSplit(host, '.');
  int first = 0;
  return octets.size() == 4 && absl::SimpleAtoi(octets[0], &first) &&
         first == 127;
}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const MetricsOptions& options) {
  const std::string& address = options.address;
  if (!options.allow_remote && !IsLoopbackAddress(address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        address,
        " is not a loopback address: the metrics show certificate expiries "
        "and refusal counts to anyone who can reach them. Listen on "
        "127.0.0.1 (and let Prometheus scrape from this machine or through a "
        "tunnel), or set metrics_allow_remote: true with a "
        "metrics_token_file"));
  }
  if (!options.token.empty() && options.token.size() < 16) {
    return absl::InvalidArgumentError(
        "the metrics token is shorter than 16 characters; make a long random "
        "one, e.g. openssl rand -hex 32");
  }
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  static CivetCallbacks* callbacks = [] {
    auto* c = new CivetCallbacks();
    c->begin_request = CheckToken;
    return c;
  }();
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(
        std::vector<std::string>{"listening_ports", address, "num_threads",
                                 "2"},
        callbacks);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what(),
                     " (in use, or not an address of this machine?)"));
  }
  const std::vector<int> ports = server->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address));
  }
  server->port_ = ports.front();
  if (!IsLoopbackAddress(address)) {
    LogWarning("metrics",
               absl::StrCat("serving metrics beyond this machine on ", address,
                            " (metrics_allow_remote)",
                            options.token.empty()
                                ? " without a token: anyone who can reach "
                                  "it reads them; set metrics_token_file"
                                : ", bearer token required"));
  }
  {
    absl::MutexLock lock(&tokens_mu);
    Tokens()[server->port_] = options.token;
  }
  server->sources_ = std::make_shared<Sources>();
  server->exposer_->RegisterCollectable(SharedRegistry());
  server->exposer_->RegisterCollectable(server->sources_);
  return server;
}

MetricsServer::~MetricsServer() {
  exposer_.reset();
  absl::MutexLock lock(&tokens_mu);
  Tokens().erase(port_);
}

void MetricsServer::AddGaugeSource(GaugeSource source) {
  sources_->Add(std::move(source));
}

}  // namespace disclosure
