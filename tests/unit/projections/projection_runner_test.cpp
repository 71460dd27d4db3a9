// The runner's live tail: one thread applies every projection to a round and
// commits their rows in one batch; a projection that fails must take only its
// own rows of that round back out and stop, while the others go on.
#include "projections/projection_runner.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <thread>

using namespace tanggap;
using tanggap::testing::StoreFixture;

namespace {

// Writes one row per event, "<prefix><position>"; fails on an event of type
// `poison` (after writing the rows of the events before it in the round).
class RowPerEvent : public projections::Projection {
 public:
  RowPerEvent(std::string name, std::string poison) : name_(std::move(name)), prefix_(name_ + "/"), poison_(std::move(poison)) {}
  std::string_view name() const override { return name_; }
  std::string_view key_prefix() const override { return prefix_; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override {
    for (const auto& e : events) {
      if (!poison_.empty() && e.type == poison_) return fail(Errc::storage_failed, "poisoned at " + std::to_string(e.position));
      batch.put(fmt::format("{}{:04}", prefix_, e.position), e.type);
      ++applied;
    }
    return {};
  }
  std::size_t applied = 0;  // events folded, over every call

 private:
  std::string name_, prefix_, poison_;
};

// The event rows under `prefix`, not counting the runner's fingerprint row.
std::size_t rows_under(const events::EventStore& store, std::string_view prefix) {
  std::size_t n = 0;
  REQUIRE(store.scan_views(prefix, "", [&](std::string_view key, std::string_view) {
    if (key != projections::fingerprint_key(prefix)) ++n;
    return true;
  }));
  return n;
}

void append(events::EventStore& store, std::string stream, std::vector<std::string> types) {
  events::AppendRequest request = testing::make_append(std::move(stream), events::Expected::any(), 0);
  for (auto& type : types) request.events.push_back(testing::make_event(std::move(type)));
  REQUIRE(store.append_and_wait(std::move(request)));
}

const projections::ProjectionStatus& status_of(const std::vector<projections::ProjectionStatus>& all,
                                               std::string_view name) {
  for (const auto& s : all)
    if (s.name == name) return s;
  FAIL("no projection " << name);
  return all.front();
}

}  // namespace

TEST_CASE("a failing projection takes back only its own rows of the round and stops; the others go on",
          "[projections][runner]") {
  StoreFixture f;
  // Written before the runner starts: the first round holds all three events,
  // so "broken" has written rows for two of them when it meets the third.
  append(*f.store, "s-1", {"Fine", "Fine", "Poison"});
  projections::ProjectionRunner runner(*f.store);
  runner.add(std::make_shared<RowPerEvent>("healthy", ""));
  runner.add(std::make_shared<RowPerEvent>("broken", "Poison"));
  runner.start();
  CHECK_FALSE(runner.wait_for(3, std::chrono::seconds(5)));  // false: one has failed

  auto all = runner.status();
  CHECK(status_of(all, "healthy").checkpoint == 3);
  CHECK_FALSE(status_of(all, "healthy").error);
  CHECK(status_of(all, "broken").checkpoint == 0);
  REQUIRE(status_of(all, "broken").error);
  CHECK(rows_under(*f.store, "healthy/") == 3);
  CHECK(rows_under(*f.store, "broken/") == 0);  // its two rows were rolled back with it

  // The healthy one keeps following the log alone.
  append(*f.store, "s-2", {"Fine"});
  for (int i = 0; i < 500 && status_of(runner.status(), "healthy").checkpoint < 4; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(status_of(runner.status(), "healthy").checkpoint == 4);
  CHECK(rows_under(*f.store, "healthy/") == 4);
  CHECK(status_of(runner.status(), "broken").checkpoint == 0);
  runner.stop();

  // After a restart the checkpoints read back are the ones committed with the rows.
  REQUIRE(f.store->checkpoint("healthy").value() == 4);
  REQUIRE(f.store->checkpoint("broken").value() == 0);
}

TEST_CASE("the live tail gives a projection that was further along only what it has not seen",
          "[projections][runner]") {
  StoreFixture f;
  append(*f.store, "s-1", {"A", "B"});
  {
    projections::ProjectionRunner early(*f.store);
    early.add(std::make_shared<RowPerEvent>("ahead", ""));
    REQUIRE(early.catch_up());
  }
  append(*f.store, "s-1", {"C"});
  projections::ProjectionRunner runner(*f.store);
  auto ahead = std::make_shared<RowPerEvent>("ahead", "");
  auto behind = std::make_shared<RowPerEvent>("behind", "");
  runner.add(ahead);
  runner.add(behind);
  runner.start();
  REQUIRE(runner.wait_for(3, std::chrono::seconds(5)));
  runner.stop();
  CHECK(ahead->applied == 1);  // C only: A and B are behind its checkpoint
  CHECK(behind->applied == 3);
  CHECK(rows_under(*f.store, "ahead/") == 3);
  CHECK(rows_under(*f.store, "behind/") == 3);
  CHECK(f.store->checkpoint("ahead").value() == 3);
  CHECK(f.store->checkpoint("behind").value() == 3);
}
