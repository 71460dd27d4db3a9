// tests/support/crash_writer_main.cpp — a process for crash tests to kill.
// Usage: crash_writer STORE_DIR THREADS
// Appends forever from THREADS threads with sync durability and prints one
// line "<event id>" to stdout for every event only after its append was
// acknowledged; the test kills it with SIGKILL at a moment of its choosing and
// then checks that every printed id is in the reopened store.
#include "events/event_store.h"
#include "events/ids.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  using namespace tanggap::events;
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer STORE_DIR THREADS\n");
    return 2;
  }
  Options options;
  options.path = argv[1];
  auto store = EventStore::open(options);
  if (!store) {
    std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
    return 1;
  }
  std::mutex out;
  std::vector<std::thread> threads;
  const int n = std::atoi(argv[2]);
  for (int t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        AppendRequest r;
        r.stream = "crash-" + std::to_string(t) + "-" + std::to_string(i % 50);
        for (int k = 0; k < 1 + i % 4; ++k) {
          NewEvent e;
          e.id = new_event_id();
          e.type = "Tested";
          e.data = std::string(static_cast<std::size_t>(50 + (i * 37) % 400), 'x');
          r.events.push_back(std::move(e));
        }
        std::vector<std::string> ids;
        for (const auto& e : r.events) ids.push_back(e.id);
        auto done = (*store)->append_and_wait(std::move(r));
        if (!done) {
          std::fprintf(stderr, "append: %s\n", done.error().message.c_str());
          std::_Exit(1);
        }
        std::lock_guard lock(out);
        for (const auto& id : ids) std::fprintf(stdout, "%s\n", id.c_str());
        std::fflush(stdout);
      }
    });
  }
  for (auto& t : threads) t.join();
}
