#include "server/tools.h"

#include "projections/all_projections.h"
#include "server/data_dir.h"
#include "server/progress_bar.h"
#include "server/rules.h"

#include <fmt/format.h>

#include <cstdio>

namespace tanggap::server {

int run_rebuild(const Config& config) {
  // The SLA view computes deadlines: it needs the rules the server runs under.
  auto rules = load_rules(config);
  if (!rules) {
    std::fprintf(stderr, "tanggap rebuild: %s\n", rules.error().message.c_str());
    return 1;
  }
  const std::string& data_dir = config.data_dir;
  events::Options options;
  options.create_if_missing = false;
  auto store = open_store(data_dir, options);
  if (!store) {
    std::fprintf(stderr, "tanggap rebuild: %s\n", store.error().message.c_str());
    return 1;
  }
  projections::ProjectionRunner runner(**store);
  projections::add_all_projections(runner, **store, rules->catalog, rules->calendars);
  ProgressBar bar("rebuild");
  const auto head = (*store)->head();
  auto done = runner.rebuild([&](events::Position at, events::Position total) { bar.update(at, total); });
  if (!done) {
    std::fprintf(stderr, "\ntanggap rebuild: %s\n", done.error().message.c_str());
    return 1;
  }
  bar.finish(head);
  for (const auto& s : runner.status()) std::printf("%s: at position %llu\n", s.name.c_str(), static_cast<unsigned long long>(s.checkpoint));
  return 0;
}

int run_verify(const std::string& data_dir) {
  events::Options options;
  options.create_if_missing = false;
  options.read_only = true;  // works beside a running server
  auto store = open_store(data_dir, options);
  if (!store) {
    std::fprintf(stderr, "tanggap verify: %s\n", store.error().message.c_str());
    return 1;
  }
  ProgressBar bar("verify");
  auto report = (*store)->verify([&](events::Position at, events::Position total) { bar.update(at, total); });
  if (!report) {
    std::fprintf(stderr, "\ntanggap verify: %s\n", report.error().message.c_str());
    return 1;
  }
  bar.finish(report->events_checked);
  if (report->first_bad_position) {
    std::printf("FAILED at position %llu: %s\n", static_cast<unsigned long long>(*report->first_bad_position),
                report->problem.c_str());
    return 1;
  }
  std::printf("ok: %llu events, head %llu, hash chain intact, checkpoints behind the head\n",
              static_cast<unsigned long long>(report->events_checked), static_cast<unsigned long long>(report->head));
  return 0;
}

}  // namespace tanggap::server
