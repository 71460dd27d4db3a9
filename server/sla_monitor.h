// server/sla_monitor.h — keeps the SLA clocks as time passes.
// Every `interval` (and whenever asked, e.g. after the test clock moved) the
// monitor asks the SLA view which cases have a warning or a breach due and
// runs the CheckSla command on each: the decider appends SlaWarning at 75%
// of a clock's limit, SlaBreached past it, and escalates one level per new
// breach. A tick costs what is due, not what is open (projections/sla_view.h).
// Recording is idempotent: the decider skips what the case already holds, so
// a restart, a retry or an overlapping tick writes nothing twice.
// One thread of its own; the public members may be called from any thread.
#pragma once

#include "projections/projection_runner.h"
#include "server/case_commands.h"
#include "server/metrics.h"

#include <chrono>
#include <functional>
#include <memory>

namespace tanggap::server {

struct SlaTick {
  std::size_t cases_checked = 0;
  std::size_t warnings = 0;
  std::size_t breaches = 0;
  std::size_t escalations = 0;
  std::size_t open_breaches = 0;  // clocks past their limit after the tick
};

class SlaMonitor {
 public:
  using Now = std::function<domain::Instant()>;
  SlaMonitor(events::EventStore& store, projections::ProjectionRunner& runner, CaseCommands& cases, Now now,
             std::chrono::milliseconds interval, Metrics* metrics = nullptr);
  ~SlaMonitor();  // stops the thread
  SlaMonitor(const SlaMonitor&) = delete;
  SlaMonitor& operator=(const SlaMonitor&) = delete;

  void start();  // ticks at once (what fell due while the server was down), then every interval
  void stop();
  // Runs a tick on the monitor's thread as soon as it is free and calls
  // `done` there once what it appended is visible in the views.
  void tick_soon(std::function<void(Result<SlaTick>)> done);
  // One tick on the calling thread (tools and tests; not on an I/O thread).
  Result<SlaTick> tick();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tanggap::server
