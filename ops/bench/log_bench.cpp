// ops/bench/log_bench.cpp — the event log and the status projection, measured
// beside their limit on the same disk in one run:
//   RocksDB's own synced single Put and synced WriteBatch of 1,000 (the limit),
//   durable appends through EventStore with 1 and with 64 concurrent appenders,
//   and the replay of N events into the case status projection.
// Usage: log_bench [--dir DIR] [--seconds S] [--replay-events N]
#include "events/case_event_json.h"
#include "events/domain/case_id.h"
#include "events/event_store.h"
#include "events/ids.h"
#include "projections/all_projections.h"
#include "server/rules.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace tanggap;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string payload() {
  // About the size of a typical OfficerReplied event's data.
  return R"({"at":"2026-11-23T02:00:00.000Z","officer":"siti","text":")" + std::string(160, 'x') + "\"}";
}

// Synced single puts, then synced batches of 1,000, for `seconds` each.
std::pair<double, double> rocksdb_limits(const std::string& dir, double seconds) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir, &raw).ok()) std::abort();
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const std::string value = payload();
  std::uint64_t key = 0;
  auto start = Clock::now();
  std::uint64_t singles = 0;
  while (seconds_since(start) < seconds) {
    db->Put(wo, std::to_string(++key), value);
    ++singles;
  }
  const double single_rate = static_cast<double>(singles) / seconds_since(start);
  start = Clock::now();
  std::uint64_t batched = 0;
  while (seconds_since(start) < seconds) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 1000; ++i) batch.Put(std::to_string(++key), value);
    db->Write(wo, &batch);
    batched += 1000;
  }
  return {single_rate, static_cast<double>(batched) / seconds_since(start)};
}

// Durable appends of one event each from `appenders` threads for `seconds`.
double store_rate(const std::string& dir, int appenders, double seconds) {
  events::Options options;
  options.path = dir;
  auto store = events::EventStore::open(options);
  if (!store) std::abort();
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> done{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < appenders; ++t) {
    threads.emplace_back([&, t] {
      std::uint64_t i = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        events::AppendRequest r;
        r.stream = "case-BEN-2026-" + std::to_string(t) + "-" + std::to_string(i++ % 1000);
        events::NewEvent e;
        e.id = events::new_event_id();
        e.type = "OfficerReplied";
        e.actor = {"officer", "siti"};
        e.data = payload();
        r.events.push_back(std::move(e));
        if (!(*store)->append_and_wait(std::move(r))) std::abort();
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  return static_cast<double>(done.load()) / seconds_since(start);
}

// Writes `n` case events (cases of 5 events: submitted, assigned, replied,
// resolved, closed) in time order, as an office's log has them: one case is
// submitted each minute and its later events come hours apart, so the events
// of ~2,400 cases interleave. Unsynced, from 4 threads (a case belongs to one
// thread, which keeps its events in order): the setup, not the measure.
void fill(events::EventStore& store, std::uint64_t n) {
  const auto t0 = *domain::parse_instant("2026-01-05T08:00:00+07:00");
  const std::uint64_t cases = n / 5;
  constexpr std::uint64_t lag[5] = {0, 60, 120, 1800, 2400};  // minutes after submission
  auto event_of = [&](std::uint64_t c, int k) -> domain::CaseEvent {
    const auto at = t0 + std::chrono::minutes(c + lag[k]);
    switch (k) {
      case 0: {
        domain::CaseSubmitted s;
        s.case_id = domain::format_case_id({"ADU", 2026, static_cast<std::uint32_t>(c % 999999 + 1)});
        s.service = c % 3 ? "pengaduan" : "usulan-dtsen";
        s.office = c % 2 ? "kab-lumajang" : "kab-purwakarta";
        s.channel = c % 4 ? domain::Channel::whatsapp : domain::Channel::web;
        s.title = "Bantuan PKH belum cair";
        s.body = std::string(200, 'b');
        s.reporter.name = "Warga";
        s.reporter.phone = "+6281200001234";
        s.tracking_code_hash = std::string(64, 'a');
        s.step_total = 8;
        s.at = at;
        return s;
      }
      case 1: return domain::CaseAssigned{c % 5 ? "Bidang Linjamsos" : "Bidang Dayasos", "officer" + std::to_string(c % 20), at};
      case 2: return domain::OfficerReplied{"Sedang kami proses.", "siti", at};
      case 3: return domain::CaseResolved{"Sudah diusulkan", std::nullopt, "", at};
      default: return domain::CaseClosed{at};
    }
  };
  constexpr std::uint64_t threads = 4;
  std::vector<std::thread> writers;
  for (std::uint64_t w = 0; w < threads; ++w) {
    writers.emplace_back([&, w] {
      for (std::uint64_t minute = 0; minute < cases + lag[4]; ++minute) {
        for (int k = 0; k < 5; ++k) {
          if (minute < lag[k]) continue;
          const std::uint64_t c = minute - lag[k];
          if (c >= cases || c % threads != w) continue;
          auto enc = events::encode_case_event(event_of(c, k));
          events::AppendRequest r;
          r.stream = "case-" + domain::format_case_id({"ADU", 2026, static_cast<std::uint32_t>(c % 999999 + 1)});
          r.events.push_back({events::new_event_id(), enc.type, enc.schema, {"officer", "siti"}, "", "", enc.data});
          if (!store.append_and_wait(std::move(r))) std::abort();
        }
      }
    });
  }
  for (auto& t : writers) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (std::filesystem::temp_directory_path() / "tanggap-bench").string();
  double seconds = 3;
  std::uint64_t replay_events = 1'000'000;
  bool keep = false;  // --keep 1: leave the filled store for the next run (profiling the replay)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (flag == "--replay-events") replay_events = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--keep") keep = std::string(argv[i + 1]) == "1";
  }
  const bool reuse = keep && std::filesystem::exists(dir + "/replay");
  if (!reuse) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::printf("log_bench: %s, %.0f s per rate, %llu events to replay\n\n", dir.c_str(), seconds,
              static_cast<unsigned long long>(replay_events));

  if (!reuse) {
  const auto [single, batch] = rocksdb_limits(dir + "/rocksdb", seconds);
  const double one = store_rate(dir + "/store-1", 1, seconds);
  const double many = store_rate(dir + "/store-64", 64, seconds);

  std::printf("%-52s %14s %s\n", "durable writes on this disk", "events/s", "ratio");
  std::printf("%-52s %14.0f %s\n", "rocksdb: synced single Put (baseline)", single, "1.00");
  std::printf("%-52s %14.0f %.2f x single put\n", "rocksdb: synced WriteBatch of 1,000 (limit)", batch, batch / single);
  std::printf("%-52s %14.0f %.2f x single put\n", "tanggap: 1 appender, durable", one, one / single);
  std::printf("%-52s %14.0f %.2f x single put, %.2f of the limit\n", "tanggap: 64 concurrent appenders, durable", many,
              many / single, many / batch);
  }

  events::Options options;
  options.path = dir + "/replay";
  options.durability = events::Durability::async;
  auto store = events::EventStore::open(options);
  if (!store) std::abort();
  auto t = Clock::now();
  if (!reuse) fill(**store, replay_events);
  std::printf("\n(setup: wrote %llu events in %.1f s)\n", static_cast<unsigned long long>((*store)->head()), seconds_since(t));
  // The SLA view computes deadlines under the shipped rules (run from the
  // repository root, as ops/bench/README.md says).
  auto rules = server::load_rules(server::Config{});
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().message.c_str());
    std::abort();
  }
  projections::ProjectionRunner runner(**store);
  projections::add_all_projections(runner, **store, rules->catalog, rules->calendars);
  t = Clock::now();
  if (!runner.rebuild()) std::abort();
  const double replay = seconds_since(t);
  std::printf("%-52s %10.2f s  %.0f events/s (goal: under 5 s for 1,000,000)\n", "replay into every projection", replay,
              static_cast<double>((*store)->head()) / replay);
  if (!keep) std::filesystem::remove_all(dir);
}
