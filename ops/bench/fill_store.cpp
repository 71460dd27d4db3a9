// ops/bench/fill_store.cpp — fills a data directory with N submitted cases
// (unsynced, through the real case commands), to measure a server holding
// that many: `fill_store DATA_DIR N [CATALOG_DIR]`. A benchmark's setup, not a tool.
#include "server/rules.h"
#include "events/domain/case_types.h"
#include "projections/all_projections.h"
#include "server/case_commands.h"
#include "server/data_dir.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>

using namespace tanggap;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fill_store DATA_DIR N [CATALOG_DIR [CALENDAR_DIR]]\n");
    return 2;
  }
  const std::string data = argv[1];
  const std::uint64_t n = std::strtoull(argv[2], nullptr, 10);
  server::Config config;
  if (argc > 3) config.catalog_dir = argv[3];
  if (argc > 4) config.calendar_dir = argv[4];
  auto rules = server::load_rules(config);
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().message.c_str());
    return 1;
  }
  events::Options options;
  options.durability = events::Durability::async;
  auto store = server::open_store(data, options);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  server::CaseCommands cases(**store, rules->catalog, [] {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  });
  // Up to 512 submissions in flight: the writer groups them into few batches.
  std::mutex mu;
  std::condition_variable cv;
  std::uint64_t in_flight = 0, done = 0, failed = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < 512; });
      ++in_flight;
    }
    domain::Submit s;
    s.service = i % 3 ? "pengaduan" : "usulan-dtsen";
    s.office = i % 2 ? "kab-lumajang" : "kab-purwakarta";
    s.title = "Bantuan PKH belum cair";
    s.body = "Sudah tiga bulan bantuan PKH keluarga kami belum cair, mohon dicek.";
    s.reporter.name = "Warga " + std::to_string(i);
    s.reporter.phone = "+62812" + std::to_string(10000000 + i % 90000000);
    cases.submit(s, {"citizen", "bench"}, {}, [&](Result<server::Submitted> r) {
      std::lock_guard lock(mu);
      --in_flight;
      ++done;
      if (!r) ++failed;
      cv.notify_all();
    });
    if (i % 100000 == 0 && i > 0) std::fprintf(stderr, "fill_store: %llu cases\n", static_cast<unsigned long long>(i));
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  projections::ProjectionRunner runner(**store);
  projections::add_all_projections(runner, **store, rules->catalog, rules->calendars);
  if (!runner.catch_up()) return 1;
  std::fprintf(stderr, "fill_store: %llu cases, %llu refused, head %llu\n", static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(failed), static_cast<unsigned long long>((*store)->head()));
  return failed == 0 ? 0 : 1;
}
