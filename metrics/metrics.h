// Prometheus metrics of a disclosure-net process (prometheus-cpp).
//
// One process-wide registry: code that has something to count calls
// CountEvent / ObserveSeconds with a metric name from docs/operations.md
// ("Metrics"); families and label sets are created on first use, so a
// metric appears once its first event happened. Values that are read rather
// than counted (freshness, store sizes) come from gauge callbacks run at
// each scrape (AddGaugeSource).
//
// MetricsServer serves the registry and the gauge sources over plain HTTP
// at /metrics. Only on a loopback address unless the configuration allows
// more (the figures show certificate expiries and refusal counts, which
// help an attacker time an attack), and then with a warning; an optional
// bearer token is asked of every scrape.
//
// Thread-safe.
#ifndef DISCLOSURE_METRICS_METRICS_H_
#define DISCLOSURE_METRICS_METRICS_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "prometheus/metric_family.h"

namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace disclosure {

using MetricLabels = std::map<std::string, std::string>;

// Adds `n` to the counter `name`{labels}.
void CountEvent(const std::string& name, const std::string& help,
                const MetricLabels& labels, double n = 1);

// Records a duration in the histogram `name`{labels} (seconds; buckets
// from 1 ms to 5 min).
void ObserveSeconds(const std::string& name, const std::string& help,
                    const MetricLabels& labels, double seconds);

// One gauge family computed at scrape time.
struct GaugeFamily {
  std::string name;
  std::string help;
  std::vector<std::pair<MetricLabels, double>> values;
};
using GaugeSource = std::function<std::vector<GaugeFamily>()>;

struct MetricsOptions {
  // host:port; port 0 picks a free one.
  std::string address;
  // Serve on an address other than loopback (127.0.0.0/8, ::1, localhost).
  bool allow_remote = false;
  // When set, every scrape must send "Authorization: Bearer <token>"; others
  // get 401. At least 16 characters.
  std::string token;
};

// The options of a configuration's metrics_listen, metrics_allow_remote and
// metrics_token_file (read here; surrounding whitespace ignored). Errors
// name the field.
absl::StatusOr<MetricsOptions> MetricsOptionsFromConfig(
    const std::string& listen, bool allow_remote,
    const std::string& token_file);

// True for 127.0.0.0/8, ::1 and localhost, with a port or not.
bool IsLoopbackAddress(const std::string& host_port);

class MetricsServer {
 public:
  // Listens as `options` say. InvalidArgument for an address beyond this
  // machine without allow_remote, or a short token; Unavailable naming the
  // address when it cannot listen.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const MetricsOptions& options);
  ~MetricsServer();

  // `source` runs at every scrape until the server is destroyed.
  void AddGaugeSource(GaugeSource source);
  int port() const { return port_; }

 private:
  class Sources;
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<Sources> sources_;
  int port_ = 0;
};

// The registry everything is counted in (for tests).
prometheus::Registry& MetricsRegistry();

}  // namespace disclosure

#endif  // DISCLOSURE_METRICS_METRICS_H_
