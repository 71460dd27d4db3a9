#include "server/metrics.h"

#include "server/whatsapp_counters.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <vector>

namespace tanggap::server {

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter().Name("tanggap_http_requests_total").Help("HTTP requests by route, method and status").Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      prometheus::BuildHistogram().Name("tanggap_http_request_duration_seconds").Help("HTTP request latency by route").Register(*registry);
  prometheus::Family<prometheus::Counter>& appended =
      prometheus::BuildCounter().Name("tanggap_events_appended_total").Help("events appended durably to the log").Register(*registry);
  prometheus::Family<prometheus::Histogram>& groups =
      prometheus::BuildHistogram().Name("tanggap_group_commit_events").Help("events per group commit (one fsync each)").Register(*registry);
  prometheus::Family<prometheus::Gauge>& lag =
      prometheus::BuildGauge().Name("tanggap_projection_lag_events").Help("events in the log not yet applied, per projection").Register(*registry);
  prometheus::Family<prometheus::Gauge>& connections =
      prometheus::BuildGauge().Name("tanggap_http_open_connections").Help("open HTTP connections").Register(*registry);
  prometheus::Family<prometheus::Counter>& sla_recorded =
      prometheus::BuildCounter().Name("tanggap_sla_recorded_total").Help("SLA warnings, breaches and escalations the monitor recorded").Register(*registry);
  prometheus::Family<prometheus::Gauge>& sla_open =
      prometheus::BuildGauge().Name("tanggap_sla_breaches_open").Help("SLA clocks past their limit and not stopped, as of the monitor's last tick").Register(*registry);
  prometheus::Counter& appended_total = appended.Add({});
  prometheus::Gauge& sla_open_clocks = sla_open.Add({});
  prometheus::Histogram& group_sizes =
      groups.Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096});
  prometheus::Gauge& open_connections = connections.Add({});
  std::shared_ptr<const std::atomic<std::uint32_t>> connection_counter;  // set once, before serving
  prometheus::Family<prometheus::Counter>& webhook_deliveries =
      prometheus::BuildCounter().Name("tanggap_webhook_deliveries_total").Help("webhook POSTs by channel and result").Register(*registry);
  prometheus::Family<prometheus::Counter>& inbound_records =
      prometheus::BuildCounter().Name("tanggap_webhook_records_total").Help("messages and statuses within webhook deliveries, by what became of them").Register(*registry);
  prometheus::Family<prometheus::Counter>& outbound =
      prometheus::BuildCounter().Name("tanggap_outbound_deliveries_total").Help("send attempts to the citizens' channels, by result").Register(*registry);
  // The WhatsApp counts (atomics bumped elsewhere) and what was already added
  // to the Prometheus counters, so a scrape adds only the difference.
  const WhatsAppCounters* whatsapp = nullptr;
  std::vector<std::pair<const std::atomic<std::uint64_t>*, prometheus::Counter*>> whatsapp_series;
  std::vector<std::uint64_t> whatsapp_seen;
  // Family::Add looks its metric up under the family's own lock; this lock only
  // keeps Histogram creation (bucket vectors) from racing with itself.
  std::mutex mutex;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_request(std::string_view route, std::string_view method, unsigned status, double seconds) {
  const std::string code = std::to_string(status);
  impl_->requests.Add({{"route", std::string(route)}, {"method", std::string(method)}, {"status", code}}).Increment();
  static const prometheus::Histogram::BucketBoundaries buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                               0.05, 0.1, 0.25, 0.5, 1, 2.5};
  std::lock_guard lock(impl_->mutex);
  impl_->latency.Add({{"route", std::string(route)}}, buckets).Observe(seconds);
}

void Metrics::observe_group_commit(std::size_t events) {
  impl_->appended_total.Increment(static_cast<double>(events));
  impl_->group_sizes.Observe(static_cast<double>(events));
}

void Metrics::set_projection_lag(std::string_view projection, double events) {
  impl_->lag.Add({{"projection", std::string(projection)}}).Set(events);
}

void Metrics::count_sla(std::string_view kind, std::size_t n) {
  impl_->sla_recorded.Add({{"kind", std::string(kind)}}).Increment(static_cast<double>(n));
}

void Metrics::set_sla_breaches_open(std::size_t clocks) { impl_->sla_open_clocks.Set(static_cast<double>(clocks)); }

void Metrics::watch_connections(std::shared_ptr<const std::atomic<std::uint32_t>> counter) {
  impl_->connection_counter = std::move(counter);
}

void Metrics::watch_whatsapp(const WhatsAppCounters* counters) {
  std::lock_guard lock(impl_->mutex);
  auto& i = *impl_;
  i.whatsapp = counters;
  const auto delivery = [&](const std::atomic<std::uint64_t>& n, const char* result) {
    i.whatsapp_series.emplace_back(&n, &i.webhook_deliveries.Add({{"channel", "whatsapp"}, {"result", result}}));
  };
  const auto record = [&](const std::atomic<std::uint64_t>& n, const char* kind, const char* outcome) {
    i.whatsapp_series.emplace_back(&n, &i.inbound_records.Add({{"channel", "whatsapp"}, {"kind", kind}, {"outcome", outcome}}));
  };
  const auto send = [&](const std::atomic<std::uint64_t>& n, const char* result) {
    i.whatsapp_series.emplace_back(&n, &i.outbound.Add({{"channel", "whatsapp"}, {"result", result}}));
  };
  delivery(counters->deliveries_stored, "stored");
  delivery(counters->deliveries_invalid_signature, "invalid_signature");
  delivery(counters->deliveries_malformed, "malformed");
  delivery(counters->deliveries_failed, "failed");
  record(counters->messages_new, "message", "stored");
  record(counters->messages_repeated, "message", "repeated");
  record(counters->records_foreign, "any", "other_number");
  record(counters->records_dropped, "any", "dropped");
  record(counters->statuses_recorded, "status", "stored");
  record(counters->statuses_unknown, "status", "unknown_message");
  send(counters->sends_accepted, "accepted");
  send(counters->sends_failed, "failed");
  send(counters->sends_uncertain, "uncertain");
  i.whatsapp_seen.assign(i.whatsapp_series.size(), 0);
}

std::string Metrics::render() const {
  if (impl_->connection_counter) impl_->open_connections.Set(static_cast<double>(impl_->connection_counter->load()));
  {
    std::lock_guard lock(impl_->mutex);
    for (std::size_t k = 0; k < impl_->whatsapp_series.size(); ++k) {
      const std::uint64_t now = impl_->whatsapp_series[k].first->load();
      if (now > impl_->whatsapp_seen[k]) impl_->whatsapp_series[k].second->Increment(static_cast<double>(now - impl_->whatsapp_seen[k]));
      impl_->whatsapp_seen[k] = now;
    }
  }
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

}  // namespace tanggap::server
