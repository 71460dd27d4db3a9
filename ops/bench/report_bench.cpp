// ops/bench/report_bench.cpp — the response-time report against replaying
// the log. Fills a store with N cases received over 2026 (complaints and
// DTSEN proposals at Lumajang and Purwakarta, information requests at Kab.
// Pasuruan; each submitted, assigned a few hours later and, for 9 in 10,
// resolved days later), projects them into the response-time view, then
// measures side by side in one run:
//   - the year's report grouped by month, through the view (a range scan of
//     the day buckets of facts, then exact median and p90 through the
//     duration samples' histograms): the goal;
//   - the same report made by replaying the log and folding every case
//     (the baseline: what a report without the view would cost);
// and checks that both give the same report, number for number (their JSON
// renderings must be equal). Also prints the scan and decoding alone.
// `--dump FILE` writes the view's report as JSON, to compare versions.
// Goal (issue 8): under 200 ms for a year of 1,000,000 cases. Exit 1 when missed.
// Run from the repository root (it reads ops/catalog and ops/calendar).
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "events/event_store.h"
#include "events/ids.h"
#include "projections/projection_runner.h"
#include "projections/response_time_report.h"
#include "projections/response_time_view.h"
#include "server/report_response_times.h"
#include "server/rules.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

using namespace tanggap;
namespace d = tanggap::domain;
namespace p = tanggap::projections;
using Clock = std::chrono::steady_clock;

namespace {

const d::Instant year_start = *d::parse_instant("2026-01-01T00:00:00+07:00");
const d::Instant report_at = *d::parse_instant("2027-01-15T09:00:00+07:00");
const std::chrono::sys_days first_day{std::chrono::year{2026} / 1 / 1};
const std::chrono::sys_days last_day{std::chrono::year{2026} / 12 / 31};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// A small deterministic generator, so every run fills the same store.
struct Lcg {
  std::uint64_t state;
  std::uint64_t next(std::uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  }
};

events::NewEvent new_event(const d::CaseEvent& e) {
  auto enc = events::encode_case_event(e);
  return {events::new_event_id(), enc.type, enc.schema, {"officer", "bench"}, "", "", enc.data};
}

// One case: its events in one append (the times are in the events).
events::AppendRequest make_case(std::uint64_t i, std::uint64_t n, std::array<std::uint32_t, 3>& numbers, Lcg& rng) {
  static const d::Channel channels[] = {d::Channel::whatsapp, d::Channel::web,     d::Channel::telegram,
                                        d::Channel::email,    d::Channel::walk_in, d::Channel::phone};
  static const char* units[] = {"bidang-linjamsos", "bidang-rehsos", "bidang-dayasos", "bidang-pfm"};
  const std::uint64_t kind = i % 10;  // 6 complaints, 3 proposals, 1 information request
  d::CaseSubmitted s;
  const char* prefix = kind < 6 ? "ADU" : kind < 9 ? "DTK" : "INF";
  std::uint32_t& number = numbers[kind < 6 ? 0 : kind < 9 ? 1 : 2];
  s.case_id = d::format_case_id({prefix, 2026, ++number});
  s.service = kind < 6 ? "pengaduan" : kind < 9 ? "usulan-dtsen" : "permohonan-informasi";
  s.office = kind == 9 ? "kab-pasuruan" : i % 2 ? "kab-lumajang" : "kab-purwakarta";
  s.information_request = kind == 9;
  s.channel = channels[rng.next(std::size(channels))];
  s.title = "Bantuan PKH belum cair";
  s.body = "Sudah tiga bulan.";
  s.reporter.name = "Warga";
  s.tracking_code_hash = std::string(64, 'a');
  s.step_total = 4;
  s.at = year_start + std::chrono::milliseconds(static_cast<std::int64_t>(i * (365ull * 86'400'000ull / n)));
  events::AppendRequest r;
  r.stream = d::case_stream(s.case_id);
  r.expected = events::Expected::no_stream();
  r.events.push_back(new_event(s));
  const d::Instant assigned = s.at + std::chrono::minutes(10 + rng.next(60 * 30));
  r.events.push_back(new_event(d::CaseAssigned{units[rng.next(std::size(units))], "siti", assigned}));
  if (rng.next(10) < 9) {
    d::CaseResolved resolved{"Selesai.", std::nullopt, "", assigned + std::chrono::hours(1 + rng.next(24 * 20))};
    if (kind == 9) {
      const std::uint64_t o = rng.next(4);
      resolved.outcome = o < 2 ? d::Outcome::granted : o == 2 ? d::Outcome::partly_granted : d::Outcome::rejected;
      if (o >= 2) resolved.exemption = o == 2 ? "Pasal 17 huruf h" : "Pasal 17 huruf j";
    }
    r.events.push_back(new_event(resolved));
  }
  return r;
}

void fill(events::EventStore& store, std::uint64_t n) {
  std::mutex mu;
  std::condition_variable cv;
  std::uint64_t in_flight = 0;
  bool failed = false;
  std::array<std::uint32_t, 3> numbers{};
  Lcg rng{42};
  for (std::uint64_t i = 0; i < n; ++i) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < 1024; });
      ++in_flight;
    }
    store.append(make_case(i, n, numbers, rng), [&](Result<events::Appended> r) {
      std::lock_guard lock(mu);
      --in_flight;
      if (!r) failed = true;
      cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  if (failed) {
    std::fprintf(stderr, "report_bench: an append failed\n");
    std::exit(1);
  }
}

// The baseline: every event of the log, folded per case, then the same arithmetic.
p::ResponseTimeReport report_by_replay(const events::EventStore& store, const server::Rules& rules,
                                       const p::ReportRequest& request) {
  std::unordered_map<std::string, p::ResponseTimeFold> folds;
  for (events::Position after = 0;;) {
    auto batch = store.read_log(after, 4096);
    if (!batch) std::abort();
    if (batch->empty()) break;
    for (const auto& e : *batch) {
      auto decoded = events::decode_case_event(e.type, e.schema, e.data);
      if (!decoded) std::abort();
      auto& fold = folds[e.stream];
      fold = p::evolve_response_time(std::move(fold), *decoded);
    }
    after = batch->back().position;
  }
  std::vector<p::CaseFact> facts;
  facts.reserve(folds.size());
  for (const auto& [stream, fold] : folds) facts.push_back(p::case_fact(fold, *rules.catalog, *rules.calendars));
  return p::compute_response_time_report(facts, request, *rules.calendars);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (std::filesystem::temp_directory_path() / "tanggap-report-bench").string();
  std::uint64_t cases = 1'000'000;
  std::string dump;  // where to write the view's report as JSON, to compare versions
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--cases") cases = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--dump") dump = argv[i + 1];
  }
  if (cases == 0 || cases > 9'999'990) {
    std::fprintf(stderr, "report_bench: --cases from 1 to 9999990\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::err);
  auto rules = server::load_rules(server::Config{});
  if (!rules) {
    std::fprintf(stderr, "report_bench: %s (run it from the repository root)\n", rules.error().message.c_str());
    return 1;
  }
  std::filesystem::remove_all(dir);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  events::Options options;
  options.path = dir;
  options.durability = events::Durability::async;
  auto store = events::EventStore::open(options);
  if (!store) {
    std::fprintf(stderr, "report_bench: %s\n", store.error().message.c_str());
    return 1;
  }
  std::printf("report_bench: %llu cases received over 2026, in %s\n", static_cast<unsigned long long>(cases),
              dir.c_str());
  auto t = Clock::now();
  fill(**store, cases);
  std::printf("  filled %llu events in %.1f s", static_cast<unsigned long long>((*store)->head()), ms_since(t) / 1000);
  auto runner = std::make_unique<p::ProjectionRunner>(**store, 8192);
  runner->add(std::make_shared<p::ResponseTimeProjection>(**store, rules->catalog, rules->calendars));
  t = Clock::now();
  if (!runner->catch_up()) std::abort();
  std::printf(", projected in %.1f s\n", ms_since(t) / 1000);

  const server::ReportParams params{first_day, last_day, p::ReportGroupBy::month, server::ReportFormat::json};
  p::ResponseTimeReport viewed;
  std::vector<double> times;
  for (int run = 0; run < 7; ++run) {
    t = Clock::now();
    auto r = server::make_response_time_report(**store, *rules->calendars, params, report_at);
    if (!r) std::abort();
    times.push_back(ms_since(t));
    viewed = std::move(*r);
  }
  std::sort(times.begin(), times.end());
  const double view_ms = times[times.size() / 2];
  std::vector<double> scans;
  for (int run = 0; run < 5; ++run) {
    t = Clock::now();
    std::uint64_t facts = 0;
    auto scanned = p::scan_fact_buckets(**store, first_day, last_day,
                                        [&](const p::FactBucket& b) { facts += b.records.size(); });
    if (!scanned || facts != cases) std::abort();
    scans.push_back(ms_since(t));
  }
  std::sort(scans.begin(), scans.end());
  t = Clock::now();
  const auto replayed = report_by_replay(**store, *rules, {first_day, last_day, p::ReportGroupBy::month, report_at});
  const double replay_ms = ms_since(t);

  // Every number of every group: the JSON rendering holds them all.
  if (viewed.total.received != cases || server::report_json(viewed, 7 * 60) != server::report_json(replayed, 7 * 60)) {
    std::fprintf(stderr, "report_bench: the view and the replay disagree\n");
    return 1;
  }
  std::printf("\n%-58s %10s %s\n", "", "ms", "ratio");
  std::printf("%-58s %10.1f %s\n", "year report by replaying the log (baseline)", replay_ms, "1.00");
  std::printf("%-58s %10.1f %.4f x the replay (goal: under 200 ms)\n", "year report through the response-time view",
              view_ms, view_ms / replay_ms);
  const double scan_ms = scans[scans.size() / 2];
  std::printf("%-58s %10.1f %.4f x the replay\n", "  of which the range scan and decoding of the buckets", scan_ms,
              scan_ms / replay_ms);
  std::printf("  both count %llu cases, %llu open, resolution median %.2f working hours, %zu months\n",
              static_cast<unsigned long long>(viewed.total.received), static_cast<unsigned long long>(viewed.total.open),
              viewed.total.resolution.working.median_hours.value_or(0), viewed.groups.size());
  if (!dump.empty()) {
    std::FILE* out = std::fopen(dump.c_str(), "w");
    if (out == nullptr) return 1;
    const std::string text = server::report_json(viewed, 7 * 60);
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
  }
  runner.reset();
  store->reset();
  std::filesystem::remove_all(dir);
  return view_ms < 200.0 ? 0 : 1;
}
