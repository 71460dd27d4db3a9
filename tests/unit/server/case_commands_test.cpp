#include "server/case_commands.h"

#include "events/catalog_json.h"
#include "events/domain/case_decider.h"
#include "events/ids.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <set>
#include <thread>

using namespace tanggap;
using namespace tanggap::domain;
using tanggap::server::CaseCommands;
using tanggap::testing::StoreFixture;

namespace {

struct Desk {
  StoreFixture f;
  std::shared_ptr<const Catalog> catalog;
  Instant now = *parse_instant("2026-11-23T09:00:00+07:00");
  std::unique_ptr<CaseCommands> cases;
  Desk() {
    auto loaded = events::load_catalog(testing::source_dir() / "ops" / "catalog");
    REQUIRE(loaded);
    catalog = std::make_shared<const Catalog>(std::move(*loaded));
    cases = std::make_unique<CaseCommands>(*f.store, catalog, [this] { return now; });
  }
};

Submit complaint(std::string office = "kab-lumajang") {
  Submit s;
  s.service = "pengaduan";
  s.office = std::move(office);
  s.title = "KKS dikumpulkan ketua kelompok";
  s.body = "KKS warga RT kami dikumpulin sama ketua kelompok.";
  s.reporter.name = "Warga";
  s.reporter.phone = "+6281200001234";
  return s;
}

const Actor citizen{"citizen", "+6281200001234"};
const Actor officer{"officer", "siti"};

}  // namespace

TEST_CASE("a submitted case gets the next id of its prefix and year and a tracking code", "[server][cases]") {
  Desk d;
  auto first = d.cases->submit_and_wait(complaint(), citizen);
  auto second = d.cases->submit_and_wait(complaint(), citizen);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->case_id == "ADU-2026-000001");
  CHECK(second->case_id == "ADU-2026-000002");
  CHECK(first->tracking_code.size() == 8);
  CHECK(first->tracking_code.find_first_not_of(events::tracking_alphabet) == std::string::npos);
  CHECK(first->state.status == CaseStatus::received);
  auto stored = d.f.store->read_stream("case-ADU-2026-000001");
  REQUIRE(stored);
  REQUIRE(stored->events.size() == 1);
  CHECK(stored->events[0].type == "CaseSubmitted");
  // The code itself is never stored, only its hash.
  CHECK(stored->events[0].data.find(first->tracking_code) == std::string::npos);
  CHECK(stored->events[0].data.find(events::tracking_code_hash(first->tracking_code)) != std::string::npos);
}

TEST_CASE("the case year is the office's local year at receipt", "[server][cases]") {
  Desk d;
  d.now = *parse_instant("2026-12-31T23:30:00+07:00");  // already 2027 nowhere in WIB, but 16:30 UTC
  CHECK(d.cases->submit_and_wait(complaint(), citizen)->case_id == "ADU-2026-000001");
  d.now = *parse_instant("2027-01-01T00:10:00+07:00");  // still 2026 in UTC
  CHECK(d.cases->submit_and_wait(complaint(), citizen)->case_id == "ADU-2027-000001");
}

TEST_CASE("concurrent submissions never share an id", "[server][cases][concurrency]") {
  Desk d;
  std::mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = d.cases->submit_and_wait(complaint(), citizen);
        REQUIRE(r);
        std::lock_guard lock(mu);
        CHECK(ids.insert(r->case_id).second);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(ids.size() == 160);
  CHECK(ids.count("ADU-2026-000160") == 1);
}

TEST_CASE("bad submissions are refused before anything is stored", "[server][cases]") {
  Desk d;
  auto s = complaint();
  s.service = "tidak-ada";
  CHECK(d.cases->submit_and_wait(s, citizen).error().field == "service");
  auto t = complaint();
  t.title = "   ";
  CHECK(d.cases->submit_and_wait(t, citizen).error().field == "title");
  CHECK(d.f.store->head() == 0);
  // The refused submissions consumed no number.
  CHECK(d.cases->submit_and_wait(complaint(), citizen)->case_id == "ADU-2026-000001");
}

TEST_CASE("a stale expected version is a conflict and stores nothing", "[server][cases]") {
  Desk d;
  const auto id = d.cases->submit_and_wait(complaint(), citizen)->case_id;
  auto assigned = d.cases->execute_and_wait(id, Assign{"Linjamsos", "siti"}, 0, officer);
  REQUIRE(assigned);
  CHECK(assigned->version == 1);
  auto stale = d.cases->execute_and_wait(id, Reply{"Halo"}, 0, officer);
  REQUIRE(stale.has_error());
  CHECK(stale.error().code == Errc::version_conflict);
  CHECK_THAT(stale.error().message, Catch::Contains("is at version 1, not 0"));
  CHECK(d.f.store->head() == 2);
}

TEST_CASE("an illegal transition is refused with its stable code", "[server][cases]") {
  Desk d;
  const auto id = d.cases->submit_and_wait(complaint(), citizen)->case_id;
  auto r = d.cases->execute_and_wait(id, Close{}, std::nullopt, officer);
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::illegal_transition);
  CHECK(d.cases->execute_and_wait("ADU-2026-999999", Close{}, std::nullopt, officer).error().code == Errc::not_found);
}

TEST_CASE("a command asking for what already holds stores nothing", "[server][cases]") {
  Desk d;
  const auto id = d.cases->submit_and_wait(complaint(), citizen)->case_id;
  REQUIRE(d.cases->execute_and_wait(id, Assign{"Linjamsos", "siti"}, std::nullopt, officer));
  auto again = d.cases->execute_and_wait(id, Assign{"Linjamsos", "siti"}, std::nullopt, officer);
  REQUIRE(again);
  CHECK(again->events.empty());
  CHECK(d.f.store->head() == 2);
}

TEST_CASE("a request retried with the same idempotency seed is answered once", "[server][cases]") {
  Desk d;
  const auto id = d.cases->submit_and_wait(complaint(), citizen)->case_id;
  server::Trace trace{"corr-1", "", "key-42"};
  auto first = d.cases->execute_and_wait(id, Reply{"Sudah kami terima."}, std::nullopt, officer, trace);
  REQUIRE(first);
  // The retry is decided on the newer state (version 1) but its event ids
  // repeat, so the store answers with the first result.
  auto retry = d.cases->execute_and_wait(id, Reply{"Sudah kami terima."}, std::nullopt, officer, trace);
  REQUIRE(retry);
  CHECK(retry->version == first->version);
  CHECK(d.f.store->head() == 2);
}

TEST_CASE("commands without a version decide again after a conflict", "[server][cases][concurrency]") {
  Desk d;
  const auto id = d.cases->submit_and_wait(complaint(), citizen)->case_id;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto r = d.cases->execute_and_wait(id, Note{"catatan " + std::to_string(i)}, std::nullopt, officer);
      if (r) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 2);
  auto loaded = d.cases->load(id);
  REQUIRE(loaded);
  CHECK(loaded->second == 2);
}
