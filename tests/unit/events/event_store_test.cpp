#include "events/event_store.h"
#include "events/ids.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

using namespace tanggap;
using namespace tanggap::events;
using tanggap::testing::make_append;
using tanggap::testing::make_event;
using tanggap::testing::StoreFixture;

TEST_CASE("an appended stream reads back in order with versions from 0", "[events][store]") {
  StoreFixture f;
  auto r = f.store->append_and_wait(make_append("case-A", Expected::no_stream(), 3));
  REQUIRE(r);
  CHECK(r->first_position == 1);
  CHECK(r->last_position == 3);
  CHECK(r->version == 2);
  auto slice = f.store->read_stream("case-A");
  REQUIRE(slice);
  REQUIRE(slice->events.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(slice->events[i].version == i);
    CHECK(slice->events[i].position == i + 1);
    CHECK(slice->events[i].stream == "case-A");
  }
  CHECK(slice->events[1].prev_hash == slice->events[0].hash);
  CHECK(f.store->head() == 3);
}

TEST_CASE("a stream whose name prefixes another does not read the other's events", "[events][store]") {
  StoreFixture f;
  REQUIRE(f.store->append_and_wait(make_append("case-A", Expected::no_stream(), 1)));
  REQUIRE(f.store->append_and_wait(make_append("case-AB", Expected::no_stream(), 2)));
  CHECK(f.store->read_stream("case-A")->events.size() == 1);
  CHECK(f.store->read_stream("case-AB")->events.size() == 2);
  CHECK(f.store->read_stream("case-")->events.empty());
}

TEST_CASE("expected versions are enforced", "[events][store]") {
  StoreFixture f;
  REQUIRE(f.store->append_and_wait(make_append("s", Expected::no_stream(), 2)));
  SECTION("no_stream on an existing stream conflicts") {
    auto r = f.store->append_and_wait(make_append("s", Expected::no_stream()));
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::version_conflict);
    CHECK_THAT(r.error().message, Catch::Contains("is at version 1"));
  }
  SECTION("a stale exact version conflicts and stores nothing") {
    auto r = f.store->append_and_wait(make_append("s", Expected::exact(0)));
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::version_conflict);
    CHECK(f.store->head() == 2);
  }
  SECTION("the current exact version appends") {
    auto r = f.store->append_and_wait(make_append("s", Expected::exact(1)));
    REQUIRE(r);
    CHECK(r->version == 2);
  }
  SECTION("exact on a missing stream conflicts") {
    auto r = f.store->append_and_wait(make_append("other", Expected::exact(0)));
    REQUIRE(r.has_error());
    CHECK_THAT(r.error().message, Catch::Contains("does not exist"));
  }
}

TEST_CASE("a repeated event id is answered with the original result and stores nothing", "[events][store]") {
  StoreFixture f;
  auto request = make_append("s", Expected::no_stream(), 2);
  auto again = request;
  auto first = f.store->append_and_wait(std::move(request));
  REQUIRE(first);
  auto second = f.store->append_and_wait(std::move(again));
  REQUIRE(second);
  CHECK(second->repeated);
  CHECK(second->first_position == first->first_position);
  CHECK(second->last_position == first->last_position);
  CHECK(second->version == first->version);
  CHECK(f.store->head() == 2);

  SECTION("a partly known set of ids is refused as a duplicate") {
    auto mixed = make_append("s", Expected::any(), 1);
    mixed.events.push_back(make_event());
    mixed.events.back().id = f.store->read_stream("s")->events[0].id;  // one known id, one new
    auto r = f.store->append_and_wait(std::move(mixed));
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::duplicate);
    CHECK(f.store->head() == 2);
  }
}

TEST_CASE("malformed appends are refused without storing", "[events][store]") {
  StoreFixture f;
  CHECK(f.store->append_and_wait(make_append("", Expected::any())).error().code == Errc::malformed);
  CHECK(f.store->append_and_wait(make_append("s", Expected::any(), 0)).error().code == Errc::malformed);
  auto twice = make_append("s", Expected::any(), 2);
  twice.events[1].id = twice.events[0].id;
  CHECK(f.store->append_and_wait(std::move(twice)).error().code == Errc::malformed);
  CHECK(f.store->head() == 0);
}

TEST_CASE("concurrent appends with the same expected version: exactly one wins", "[events][store][concurrency]") {
  StoreFixture f;
  REQUIRE(f.store->append_and_wait(make_append("contested", Expected::no_stream())));
  constexpr int contenders = 32;
  std::atomic<int> wins{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < contenders; ++i) {
    threads.emplace_back([&] {
      auto r = f.store->append_and_wait(make_append("contested", Expected::exact(0)));
      if (r) ++wins;
      else if (r.error().code == Errc::version_conflict) ++conflicts;
      else ++other;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wins == 1);
  CHECK(conflicts == contenders - 1);
  CHECK(other == 0);
  CHECK(f.store->stream_version("contested").value() == std::optional<Version>{1});
}

TEST_CASE("positions stay gap-free and unique under concurrent appenders", "[events][store][concurrency]") {
  StoreFixture f(Durability::async);
  constexpr int threads_n = 16, per_thread = 200;
  std::mutex mu;
  std::vector<Position> positions;
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_n; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto r = f.store->append_and_wait(make_append("s-" + std::to_string(t), Expected::any(), 1 + i % 3));
        REQUIRE(r);
        std::lock_guard lock(mu);
        for (auto p = r->first_position; p <= r->last_position; ++p) positions.push_back(p);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::sort(positions.begin(), positions.end());
  REQUIRE(!positions.empty());
  for (std::size_t i = 0; i < positions.size(); ++i) CHECK(positions[i] == i + 1);
  auto all = f.store->read_log(0, positions.size() + 10);
  REQUIRE(all);
  CHECK(all->size() == positions.size());
  auto report = f.store->verify();
  REQUIRE(report);
  CHECK_FALSE(report->first_bad_position);
}

TEST_CASE("a sequence number is bound on the writer thread and never repeats", "[events][store]") {
  StoreFixture f;
  auto numbered = [](std::string key) {
    AppendRequest r;
    r.expected = Expected::no_stream();
    r.sequence_key = std::move(key);
    r.bind_sequence = [](std::uint64_t n, AppendRequest& req) -> Result<void> {
      req.stream = "case-ADU-2026-" + std::to_string(n);
      req.events.push_back(make_event("CaseSubmitted", "{\"n\":" + std::to_string(n) + "}"));
      return {};
    };
    return r;
  };
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> streams;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 25; ++j) {
        auto r = f.store->append_and_wait(numbered("case-id/ADU/2026"));
        REQUIRE(r);
        std::lock_guard lock(mu);
        CHECK(streams.insert(r->stream).second);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(streams.size() == 200);
  CHECK(streams.count("case-ADU-2026-1") == 1);
  CHECK(streams.count("case-ADU-2026-200") == 1);

  SECTION("a refused bind does not consume the number") {
    AppendRequest refused;
    refused.sequence_key = "case-id/ADU/2026";
    refused.bind_sequence = [](std::uint64_t, AppendRequest&) -> Result<void> {
      return fail(Errc::invalid_field, "no", "service");
    };
    CHECK(f.store->append_and_wait(std::move(refused)).error().code == Errc::invalid_field);
    f.reopen();
    auto r = f.store->append_and_wait(numbered("case-id/ADU/2026"));
    REQUIRE(r);
    CHECK(r->stream == "case-ADU-2026-201");
  }
}

TEST_CASE("subscribers hear of each new head and stop hearing after unsubscribe", "[events][store]") {
  StoreFixture f;
  std::mutex mu;
  std::condition_variable cv;
  Position seen = 0;
  auto sub = f.store->subscribe([&](Position head) {
    std::lock_guard lock(mu);
    seen = head;
    cv.notify_all();
  });
  REQUIRE(f.store->append_and_wait(make_append("s", Expected::any(), 2)));
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return seen == 2; }));
  }
  sub.reset();
  REQUIRE(f.store->append_and_wait(make_append("s", Expected::any(), 1)));
  std::lock_guard lock(mu);
  CHECK(seen == 2);
}

TEST_CASE("the log reads from any position and the chain continues after reopening", "[events][store]") {
  StoreFixture f;
  for (int i = 0; i < 5; ++i) REQUIRE(f.store->append_and_wait(make_append("s" + std::to_string(i), Expected::any(), 2)));
  auto tail = f.store->read_log(7, 100);
  REQUIRE(tail);
  REQUIRE(tail->size() == 3);
  CHECK(tail->front().position == 8);
  f.reopen();
  CHECK(f.store->head() == 10);
  REQUIRE(f.store->append_and_wait(make_append("s0", Expected::exact(1), 1)));
  auto report = f.store->verify();
  REQUIRE(report);
  CHECK_FALSE(report->first_bad_position);
  CHECK(report->events_checked == 11);
}

TEST_CASE("views and checkpoints commit together", "[events][store][views]") {
  StoreFixture f;
  ViewBatch batch;
  batch.put("cs/r/A", "1");
  batch.put("cs/r/B", "2");
  batch.put("other/x", "3");
  batch.set_checkpoint("case_status", 0);
  REQUIRE(f.store->commit(std::move(batch)));
  std::vector<std::string> keys;
  REQUIRE(f.store->scan_views("cs/", "", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return true;
  }));
  CHECK(keys == std::vector<std::string>{"cs/r/A", "cs/r/B"});
  ViewBatch wipe;
  wipe.erase_prefix("cs/");
  REQUIRE(f.store->commit(std::move(wipe)));
  CHECK_FALSE(f.store->get_view("cs/r/A").value());
  CHECK(f.store->get_view("other/x").value() == std::optional<std::string>{"3"});
}

TEST_CASE("a save point takes back the rows and checkpoints written after it, and only those",
          "[events][store][views]") {
  StoreFixture f;
  ViewBatch batch;
  batch.put("a/1", "kept");
  batch.set_checkpoint("a", 1);
  batch.set_save_point();
  batch.put("b/1", "taken back");
  batch.erase("a/1");
  batch.set_checkpoint("b", 1);
  batch.roll_back_to_save_point();
  batch.set_save_point();
  batch.put("c/1", "kept too");
  batch.drop_save_point();
  batch.set_checkpoint("c", 1);
  batch.roll_back_to_save_point();  // no mark left: nothing happens
  REQUIRE(f.store->commit(std::move(batch)));
  CHECK(f.store->get_view("a/1").value() == std::optional<std::string>{"kept"});
  CHECK_FALSE(f.store->get_view("b/1").value());
  CHECK(f.store->get_view("c/1").value() == std::optional<std::string>{"kept too"});
  CHECK(f.store->checkpoint("a").value() == 1);
  CHECK(f.store->checkpoint("b").value() == 0);
  CHECK(f.store->checkpoint("c").value() == 1);
}
