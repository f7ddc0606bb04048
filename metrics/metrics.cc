#include "metrics/metrics.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
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

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& address) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
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
  server->sources_ = std::make_shared<Sources>();
  server->exposer_->RegisterCollectable(SharedRegistry());
  server->exposer_->RegisterCollectable(server->sources_);
  return server;
}

MetricsServer::~MetricsServer() = default;

void MetricsServer::AddGaugeSource(GaugeSource source) {
  sources_->Add(std::move(source));
}

}  // namespace disclosure
