// ops/bench/sla_bench.cpp — the SLA view against the obvious alternative.
// Fills a store with N open cases of which 100 are overdue, then measures,
// side by side in one run:
//   - the breach query through the SLA view's deadline index, against a
//     full scan that computes every open case's deadlines (the baseline);
//   - one SLA monitor tick with nothing due, on this store and on a store of
//     N/100 open cases: the tick should cost the same (ratio near 1).
// Goals (issue 5): the breach query under 10 ms with 1,000,000 open cases and
// 100 overdue; a tick's cost that does not grow with the open cases.
// Run from the repository root (it reads ops/catalog and ops/calendar).
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "events/event_store.h"
#include "events/ids.h"
#include "projections/all_projections.h"
#include "projections/case_status_view.h"
#include "projections/sla_view.h"
#include "server/case_commands.h"
#include "server/rules.h"
#include "server/sla_monitor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace tanggap;
namespace d = tanggap::domain;
using Clock = std::chrono::steady_clock;

namespace {

// Monday 23 November 2026, 09:00 WIB: "now" for the whole benchmark.
const d::Instant now_at = *d::parse_instant("2026-11-23T09:00:00+07:00");
constexpr std::uint64_t overdue_cases = 100;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Complaints at Lumajang (first response: 15 working hours). The first 100
// came in the Wednesday before (due Friday: overdue now); the rest a minute
// ago (due Wednesday). One CaseSubmitted each, appended without fsync.
void fill(events::EventStore& store, std::uint64_t cases) {
  constexpr std::uint64_t threads = 4;
  std::vector<std::thread> writers;
  for (std::uint64_t w = 0; w < threads; ++w) {
    writers.emplace_back([&store, cases, w] {
      for (std::uint64_t c = w; c < cases; c += threads) {
        d::CaseSubmitted s;
        s.case_id = d::format_case_id(
            {"ADU", static_cast<std::int32_t>(2026 - c / 999'999), static_cast<std::uint32_t>(c % 999'999 + 1)});
        s.service = "pengaduan";
        s.office = "kab-lumajang";
        s.title = "Bantuan PKH belum cair";
        s.body = std::string(200, 'b');
        s.reporter.name = "Warga";
        s.tracking_code_hash = std::string(64, 'a');
        s.step_total = 4;
        s.at = c < overdue_cases ? now_at - std::chrono::days(5) : now_at - std::chrono::minutes(1);
        auto enc = events::encode_case_event(s);
        events::AppendRequest r;
        r.stream = d::case_stream(s.case_id);
        r.events.push_back({events::new_event_id(), enc.type, enc.schema, {"citizen", "bench"}, "", "", enc.data});
        if (!store.append_and_wait(std::move(r))) std::abort();
      }
    });
  }
  for (auto& t : writers) t.join();
}

struct Filled {
  std::unique_ptr<events::EventStore> store;
  std::unique_ptr<projections::ProjectionRunner> runner;
  std::unique_ptr<server::CaseCommands> cases;
  std::unique_ptr<server::SlaMonitor> monitor;
};

Filled open_filled(const std::string& dir, std::uint64_t cases, const server::Rules& rules) {
  events::Options options;
  options.path = dir;
  options.durability = events::Durability::async;
  auto store = events::EventStore::open(options);
  if (!store) {
    std::fprintf(stderr, "sla_bench: %s\n", store.error().message.c_str());
    std::exit(1);
  }
  Filled f;
  f.store = std::move(*store);
  auto t = Clock::now();
  fill(*f.store, cases);
  std::printf("  filled %llu open cases in %.1f s", static_cast<unsigned long long>(cases), ms_since(t) / 1000);
  f.runner = std::make_unique<projections::ProjectionRunner>(*f.store);
  projections::add_all_projections(*f.runner, *f.store, rules.catalog, rules.calendars);
  t = Clock::now();
  if (!f.runner->catch_up()) std::abort();
  std::printf(", projected in %.1f s\n", ms_since(t) / 1000);
  f.runner->start();
  f.cases = std::make_unique<server::CaseCommands>(*f.store, rules.catalog, [] { return now_at; },
                                                   server::CaseCommands::Defer{}, rules.calendars);
  f.monitor = std::make_unique<server::SlaMonitor>(*f.store, *f.runner, *f.cases, [] { return now_at; },
                                                   std::chrono::hours(1));
  return f;
}

template <class F>
double median_ms(int runs, F&& f) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto t = Clock::now();
    f();
    times.push_back(ms_since(t));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The baseline: every case row, its deadlines computed, the overdue kept.
std::size_t overdue_by_full_scan(const events::EventStore& store, const server::Rules& rules) {
  std::size_t found = 0;
  auto scanned = store.scan_views("cs/r/", "cs/r/", [&](std::string_view, std::string_view bytes) {
    auto row = projections::decode_row(bytes);
    if (!row) std::abort();
    auto schedule = d::compute_schedule(row->state.sla, *rules.catalog, *rules.calendars, now_at);
    if (!schedule) std::abort();
    for (const auto& c : *schedule)
      if (c.state != d::ClockState::stopped && c.overdue(now_at)) ++found;
    return true;
  });
  if (!scanned) std::abort();
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (std::filesystem::temp_directory_path() / "tanggap-sla-bench").string();
  std::uint64_t cases = 1'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--cases") cases = std::strtoull(argv[i + 1], nullptr, 10);
  }
  spdlog::set_level(spdlog::level::err);  // 100 warnings and breaches would fill the screen
  auto rules = server::load_rules(server::Config{});
  if (!rules) {
    std::fprintf(stderr, "sla_bench: %s (run it from the repository root)\n", rules.error().message.c_str());
    return 1;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("sla_bench: %llu open cases, %llu overdue, in %s\n", static_cast<unsigned long long>(cases),
              static_cast<unsigned long long>(overdue_cases), dir.c_str());

  const std::uint64_t small_cases = std::max<std::uint64_t>(cases / 100, overdue_cases * 2);
  Filled small = open_filled(dir + "/small", small_cases, *rules);
  Filled large = open_filled(dir + "/large", cases, *rules);

  // The breach query, through the index and by the full scan.
  std::size_t listed = 0;
  const double index_ms = median_ms(21, [&] {
    auto page = projections::query_overdue(*large.store, std::nullopt, now_at, 1000);
    if (!page) std::abort();
    listed = page->clocks.size();
  });
  std::size_t scanned = 0;
  const double scan_ms = median_ms(3, [&] { scanned = overdue_by_full_scan(*large.store, *rules); });
  if (listed != scanned) {
    std::fprintf(stderr, "sla_bench: the index lists %zu overdue clocks, the scan finds %zu\n", listed, scanned);
    return 1;
  }

  // The monitor: the first tick records the 100 warnings and breaches; later
  // ticks find nothing new due. Their cost is what runs every interval.
  for (Filled* f : {&small, &large}) {
    auto first = f->monitor->tick();
    if (!first || first->breaches != overdue_cases) {
      std::fprintf(stderr, "sla_bench: the first tick did not record the %llu breaches\n",
                   static_cast<unsigned long long>(overdue_cases));
      return 1;
    }
  }
  const auto tick = [](Filled& f) {
    return median_ms(21, [&] {
      if (!f.monitor->tick()) std::abort();
    });
  };
  const double small_tick = tick(small);
  const double large_tick = tick(large);

  std::printf("\n%-58s %10s %s\n", "", "ms", "ratio");
  std::printf("%-58s %10.3f %s\n", "breach query: full scan of every open case (baseline)", scan_ms, "1.00");
  std::printf("%-58s %10.3f %.5f x the scan (goal: under 10 ms)\n", "breach query: SLA view deadline index", index_ms,
              index_ms / scan_ms);
  std::printf("  both find %zu overdue clocks among %llu open cases\n", listed, static_cast<unsigned long long>(cases));
  std::printf("%-58s %10.3f %s\n",
              ("monitor tick, nothing new due, " + std::to_string(small_cases) + " open cases (baseline)").c_str(),
              small_tick, "1.00");
  std::printf("%-58s %10.3f %.2f x (goal: about 1, not %llu)\n",
              ("monitor tick, nothing new due, " + std::to_string(cases) + " open cases").c_str(), large_tick,
              large_tick / small_tick, static_cast<unsigned long long>(cases / small_cases));
  large.monitor.reset();
  small.monitor.reset();
  std::filesystem::remove_all(dir);
  return index_ms < 10.0 ? 0 : 1;
}
