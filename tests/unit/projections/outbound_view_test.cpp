// The outbound view's pending rows (projections/outbound_view.h): records are
// listed oldest first by the position that made them pending, whatever their
// ids; a message sent, failed for good or left uncertain leaves the list; a
// retry keeps its place; a late failure after acceptance is pending again from
// the failure on; the limit reads only that many rows; and a rebuilt view
// equals the live one, whatever the batches.
#include "events/chat_event_json.h"
#include "projections/outbound_view.h"
#include "projections/projection_runner.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <map>

using namespace tanggap;
using namespace tanggap::domain;
using tanggap::testing::StoreFixture;

namespace {

struct Outbound {
  StoreFixture f;
  std::unique_ptr<projections::ProjectionRunner> runner;
  int next_event = 0;

  explicit Outbound(std::size_t batch = 2048) {
    runner = std::make_unique<projections::ProjectionRunner>(*f.store, batch);
    runner->add(std::make_shared<projections::OutboundProjection>(*f.store));
  }
  events::Position record(const std::string& id, const OutboundEvent& event) {
    auto encoded = events::encode_outbound_event(event);
    events::AppendRequest r;
    r.stream = outbound_stream(id);
    r.events.push_back({"ev-" + std::to_string(++next_event), encoded.type, encoded.schema, {"system", "test"}, "", "",
                        encoded.data});
    auto appended = f.store->append_and_wait(std::move(r));
    REQUIRE(appended);
    return appended->last_position;
  }
  events::Position queue(const std::string& id) {
    return record(id, OutboundQueued{Channel::whatsapp, "", "6281234567890", "Halo", OutboundReason::bot_reply, "src",
                                     Instant{}, {}, {}});
  }
  std::vector<std::string> pending(std::size_t limit = 100) {
    REQUIRE(runner->catch_up());
    auto listed = projections::pending_outbound(*f.store, limit);
    REQUIRE(listed);
    std::vector<std::string> ids;
    for (const auto& p : *listed) ids.push_back(p.id);
    return ids;
  }
  std::map<std::string, std::string> rows() {
    std::map<std::string, std::string> out;
    REQUIRE(f.store->scan_views("ob/", "ob/", [&](std::string_view k, std::string_view v) {
      if (!k.starts_with("ob/~")) out.emplace(k, v);
      return true;
    }));
    return out;
  }
};

const Instant later = Instant{} + std::chrono::hours(1);

}  // namespace

TEST_CASE("pending outbound records come oldest first, whatever their ids", "[projections][outbound]") {
  Outbound o;
  // Ids in reverse alphabetical order of queueing: key order alone would list them backwards.
  o.queue("zzzz");
  o.queue("mmmm");
  o.queue("aaaa");
  CHECK(o.pending() == std::vector<std::string>{"zzzz", "mmmm", "aaaa"});
  CHECK(o.pending(2) == std::vector<std::string>{"zzzz", "mmmm"});

  o.record("mmmm", OutboundAttemptStarted{1, SendMode::text, later});
  o.record("mmmm", OutboundSent{1, "wamid.OUT-1", later});
  CHECK(o.pending() == std::vector<std::string>{"zzzz", "aaaa"});
  auto found = projections::find_outbound_by_message_id(*o.f.store, "wamid.OUT-1");
  REQUIRE(found);
  CHECK(*found == std::optional<std::string>("mmmm"));

  // A retry keeps its place before the younger one.
  o.record("zzzz", OutboundAttemptStarted{1, SendMode::text, later});
  o.record("zzzz", OutboundAttemptFailed{1, 503, 131000, "", false, false, later + std::chrono::seconds(30), later});
  CHECK(o.pending() == std::vector<std::string>{"zzzz", "aaaa"});

  // Finished for good or uncertain: gone.
  o.record("zzzz", OutboundAttemptFailed{2, 400, 131026, "", true, false, std::nullopt, later});
  o.record("aaaa", OutboundAttemptStarted{1, SendMode::text, later});
  o.record("aaaa", OutboundAttemptUncertain{1, later});
  CHECK(o.pending().empty());

  // Refused late after acceptance (131047): pending again, from the failure on.
  o.queue("bbbb");
  o.record("mmmm", OutboundAttemptFailed{1, 0, 131047, "", false, true, later, later});
  CHECK(o.pending() == std::vector<std::string>{"bbbb", "mmmm"});
  for (const auto& [key, value] : o.rows())
    CHECK_FALSE((key.starts_with("ob/q/") && (key.ends_with("zzzz") || key.ends_with("aaaa"))));  // no leftovers
}

TEST_CASE("the pending rows rebuilt from the log equal the live ones, whatever the batches", "[projections][outbound]") {
  Outbound o(1);  // one event per batch: every change reads the row the last batch wrote
  for (const std::string id : {"c1", "b2", "a3", "d4"}) o.queue(id);
  o.record("b2", OutboundSent{1, "wamid.X", later});
  o.record("a3", OutboundAttemptFailed{1, 503, 131000, "", false, false, later, later});
  o.record("d4", OutboundAttemptUncertain{1, later});
  o.record("b2", OutboundAttemptFailed{1, 0, 131047, "", false, true, later, later});
  const auto live = o.pending();
  CHECK(live == std::vector<std::string>{"c1", "a3", "b2"});
  const auto live_rows = o.rows();
  // The same events in one batch, from nothing.
  REQUIRE(o.runner->rebuild());
  CHECK(o.rows() == live_rows);
  CHECK(o.pending() == live);
}

TEST_CASE("a damaged pending row is an error, not a crash", "[projections][outbound]") {
  Outbound o;
  o.queue("good");
  REQUIRE(o.runner->catch_up());
  for (const std::string bad : {"ob/p/", "ob/p/xyz", "ob/p/00000000000000zz/id", "ob/p/0000000000000001-id",
                                "ob/p/0000000000000001/"}) {
    events::ViewBatch b;
    b.put(bad, "");
    REQUIRE(o.f.store->commit(std::move(b)));
    auto listed = projections::pending_outbound(*o.f.store, 100);
    CHECK_FALSE(listed);
    events::ViewBatch undo;
    undo.erase(bad);
    REQUIRE(o.f.store->commit(std::move(undo)));
  }
  auto listed = projections::pending_outbound(*o.f.store, 100);
  REQUIRE(listed);
  CHECK(listed->size() == 1);
}
