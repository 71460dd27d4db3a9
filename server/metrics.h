// server/metrics.h — the Prometheus metrics of CONTRACT.md §3.3, kept with
// prometheus-cpp's registry and written by its text serializer (no
// hand-written exposition format). Thread-safe: observe from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tanggap::server {

struct WhatsAppCounters;

class Metrics {
 public:
  Metrics();
  ~Metrics();
  void observe_request(std::string_view route, std::string_view method, unsigned status, double seconds);
  void observe_group_commit(std::size_t events);
  // Gauges read at scrape time.
  void set_projection_lag(std::string_view projection, double events);
  // What the SLA monitor recorded (kind: warning, breach, escalation), and
  // how many clocks are past their limit after its last tick.
  void count_sla(std::string_view kind, std::size_t n);
  void set_sla_breaches_open(std::size_t clocks);
  // The listener's counter, read at every scrape.
  void watch_connections(std::shared_ptr<const std::atomic<std::uint32_t>> counter);
  // The WhatsApp webhook's and outbox's counts, read at every scrape; the
  // counters must outlive this object (both belong to App).
  void watch_whatsapp(const WhatsAppCounters* counters);
  std::string render() const;  // text exposition format 0.0.4

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::server
