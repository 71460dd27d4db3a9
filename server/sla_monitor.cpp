#include "server/sla_monitor.h"

#include "events/domain/overloaded.h"
#include "projections/sla_view.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace tanggap::server {
namespace {

namespace d = tanggap::domain;

// Cases checked per round of a tick; a tick runs rounds until nothing new is due.
constexpr std::size_t round_size = 1000;
// How long a tick waits for the views to show what it appended.
constexpr std::chrono::seconds view_wait{30};

const d::Actor monitor_actor{"system", "sla-monitor"};

// Runs CheckSla on every case of `ids` at once (the store groups the appends
// into a few fsyncs) and waits for all answers.
std::vector<Result<Executed>> check_all(CaseCommands& cases, const std::vector<std::string>& ids) {
  std::vector<std::optional<Result<Executed>>> results(ids.size());
  std::mutex mutex;
  std::condition_variable done;
  std::size_t pending = ids.size();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    cases.execute(ids[i], d::CheckSla{}, std::nullopt, monitor_actor, Trace{"sla-monitor", {}, {}},
                  [&, i](Result<Executed> r) {
                    std::lock_guard lock(mutex);
                    results[i] = std::move(r);
                    if (--pending == 0) done.notify_one();
                  });
  }
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return pending == 0; });
  std::vector<Result<Executed>> out;
  out.reserve(results.size());
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

void log_recorded(const std::string& case_id, const std::vector<d::CaseEvent>& events) {
  for (const d::CaseEvent& e : events)
    std::visit(d::overloaded{
                   [&](const d::SlaWarning& w) {
                     spdlog::warn("SLA: case {} has used 75% of its {} time (due {})", case_id,
                                  d::sla_clock_name(w.clock), d::format_instant(w.due));
                   },
                   [&](const d::SlaBreached& b) {
                     spdlog::warn("SLA: case {} breached its {} limit (due {})", case_id, d::sla_clock_name(b.clock),
                                  d::format_instant(b.due));
                   },
                   [&](const d::CaseEscalated& x) {
                     spdlog::warn("SLA: case {} escalated to level {} of its office's chain", case_id, x.level);
                   },
                   [](const auto&) {},
               },
               e);
}

}  // namespace

struct SlaMonitor::Impl {
  events::EventStore& store;
  projections::ProjectionRunner& runner;
  CaseCommands& cases;
  Now now;
  std::chrono::milliseconds interval;
  Metrics* metrics;

  std::mutex tick_mutex;  // one tick at a time, whichever thread runs it
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::vector<std::function<void(Result<SlaTick>)>> waiting;
  std::thread thread;

  Impl(events::EventStore& s, projections::ProjectionRunner& r, CaseCommands& c, Now n, std::chrono::milliseconds i,
       Metrics* m)
      : store(s), runner(r), cases(c), now(std::move(n)), interval(i), metrics(m) {}

  bool stopping_now() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  Result<SlaTick> tick() {
    std::lock_guard serial(tick_mutex);
    // What was acknowledged before this tick (a case just submitted, a clock
    // just moved) must be in the SLA view it reads.
    if (!runner.wait_for(store.head(), view_wait))
      return fail(Errc::not_ready, "the views are not caught up with the log; the SLA check waits");
    const d::Instant at = now();
    SlaTick tick;
    std::unordered_set<std::string> checked;
    events::Position last_written = 0;
    for (;;) {
      if (stopping_now()) return fail(Errc::not_ready, "the server is stopping");
      auto due = projections::query_sla_due(store, at, round_size);
      if (!due) return due.error();
      std::vector<std::string> fresh;
      for (auto& id : *due)
        if (checked.insert(id).second) fresh.push_back(std::move(id));
      if (fresh.empty()) break;  // everything due was checked (a refusal stays listed)
      const auto results = check_all(cases, fresh);
      for (std::size_t i = 0; i < fresh.size(); ++i) {
        ++tick.cases_checked;
        if (!results[i]) {
          spdlog::error("SLA: cannot check case {}: {}", fresh[i], results[i].error().message);
          continue;
        }
        const Executed& done = *results[i];
        last_written = std::max(last_written, done.position);
        for (const d::CaseEvent& e : done.events) {
          if (std::holds_alternative<d::SlaWarning>(e)) ++tick.warnings;
          if (std::holds_alternative<d::SlaBreached>(e)) ++tick.breaches;
          if (std::holds_alternative<d::CaseEscalated>(e)) ++tick.escalations;
        }
        log_recorded(fresh[i], done.events);
      }
      // The next round reads the index again: wait until it shows this round.
      if (last_written > 0 && !runner.wait_for(last_written, view_wait))
        return fail(Errc::not_ready, "the SLA view did not catch up with the monitor's records");
      if (due->size() < round_size) break;
    }
    auto overdue = projections::all_overdue(store, at);
    if (!overdue) return overdue.error();
    const std::size_t open = overdue->size();
    tick.open_breaches = open;
    if (metrics) {
      metrics->count_sla("warning", tick.warnings);
      metrics->count_sla("breach", tick.breaches);
      metrics->count_sla("escalation", tick.escalations);
      metrics->set_sla_breaches_open(open);
    }
    if (tick.warnings + tick.breaches > 0)
      spdlog::info("SLA tick at {}: {} cases checked, {} warnings, {} breaches, {} escalations, {} clocks overdue",
                   d::format_instant(at), tick.cases_checked, tick.warnings, tick.breaches, tick.escalations, open);
    return tick;
  }

  void run() {
    auto next = std::chrono::steady_clock::now();  // the first tick at once
    std::unique_lock lock(mutex);
    while (!stopping) {
      wake.wait_until(lock, next, [&] { return stopping || !waiting.empty(); });
      if (stopping) break;
      auto waiters = std::move(waiting);
      waiting.clear();
      lock.unlock();
      auto result = tick();
      if (!result) spdlog::error("SLA tick failed: {}", result.error().message);
      for (auto& w : waiters) w(result);
      lock.lock();
      next = std::chrono::steady_clock::now() + interval;
    }
    // Whoever still waits hears that no tick will come.
    auto waiters = std::move(waiting);
    lock.unlock();
    for (auto& w : waiters) w(fail(Errc::not_ready, "the server is stopping"));
  }
};

SlaMonitor::SlaMonitor(events::EventStore& store, projections::ProjectionRunner& runner, CaseCommands& cases, Now now,
                       std::chrono::milliseconds interval, Metrics* metrics)
    : impl_(std::make_unique<Impl>(store, runner, cases, std::move(now), interval, metrics)) {}

SlaMonitor::~SlaMonitor() { stop(); }

void SlaMonitor::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->thread.joinable()) return;
  impl_->stopping = false;
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

void SlaMonitor::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void SlaMonitor::tick_soon(std::function<void(Result<SlaTick>)> done) {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->stopping && impl_->thread.joinable()) {
      impl_->waiting.push_back(std::move(done));
      impl_->wake.notify_all();
      return;
    }
  }
  done(fail(Errc::not_ready, "the SLA monitor is not running"));
}

Result<SlaTick> SlaMonitor::tick() { return impl_->tick(); }

}  // namespace tanggap::server
