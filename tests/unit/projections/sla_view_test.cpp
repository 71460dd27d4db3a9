// The SLA view (projections/sla_view.h): its deadline indexes, query_overdue
// with cursor paging, query_sla_due, a rebuild, and the runner's fingerprint
// reset (projections/projection_runner.cpp, reset_if_reshaped).
#include "events/calendar_json.h"
#include "events/catalog_json.h"
#include "events/domain/case_decider.h"
#include "events/domain/sla.h"
#include "projections/all_projections.h"
#include "projections/sla_view.h"
#include "server/case_commands.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

using namespace tanggap;
using namespace tanggap::domain;
using tanggap::projections::OverdueClock;
using tanggap::projections::ProjectionRunner;
using tanggap::projections::SlaProjection;
using tanggap::testing::StoreFixture;

namespace {

Instant at(std::string_view text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

// The instant in an index key "sla/<f>/<clock>/<16 hex><case id>".
Instant index_time(std::string_view key) {
  const std::string_view hex = key.substr(8, 16);
  std::uint64_t v = std::stoull(std::string(hex), nullptr, 16);
  return Instant{std::chrono::milliseconds{static_cast<std::int64_t>(v ^ (std::uint64_t{1} << 63))}};
}

struct World {
  StoreFixture f;
  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const domain::Calendars> calendars;
  Instant now = at("2026-11-23T09:00:00+07:00");  // a Monday
  std::unique_ptr<server::CaseCommands> cases;
  std::unique_ptr<ProjectionRunner> runner;

  World() {
    auto loaded = events::load_catalog(testing::source_dir() / "ops" / "catalog");
    REQUIRE(loaded);
    catalog = std::make_shared<const Catalog>(std::move(*loaded));
    auto loaded_calendars = events::load_calendars(testing::source_dir() / "ops" / "calendar", *catalog);
    REQUIRE(loaded_calendars);
    calendars = std::make_shared<const domain::Calendars>(std::move(*loaded_calendars));
    cases = std::make_unique<server::CaseCommands>(*f.store, catalog, [this] { return now; },
                                                   server::CaseCommands::Defer{}, calendars);
    runner = std::make_unique<ProjectionRunner>(*f.store, 7);  // small batches: rows span batches
    projections::add_all_projections(*runner, *f.store, catalog, calendars);
  }

  // Submits at `now` (then moves `now` one minute on).
  std::string submit(std::string service = "pengaduan", std::string office = "kab-lumajang") {
    Submit s;
    s.service = std::move(service);
    s.office = std::move(office);
    s.title = "Bantuan belum cair";
    s.body = "PKH ibu saya belum cair sejak tiga bulan.";
    s.reporter.name = "Siti Aminah";
    s.reporter.phone = "+6281200001234";
    auto r = cases->submit_and_wait(s, {"citizen", "+6281200001234"});
    REQUIRE(r);
    now += std::chrono::minutes(1);
    return r->case_id;
  }

  // Runs at `now` (then moves `now` one minute on).
  server::Executed run(const std::string& id, CaseCommand command, Actor actor = {"officer", "siti"}) {
    auto r = cases->execute_and_wait(id, std::move(command), std::nullopt, std::move(actor));
    REQUIRE(r);
    now += std::chrono::minutes(1);
    return *r;
  }

  void catch_up() { REQUIRE(runner->catch_up()); }

  ClockSchedule schedule(const std::string& id, SlaClock clock) {
    auto loaded = cases->load(id);
    REQUIRE(loaded);
    auto s = compute_schedule(loaded->first.sla, *catalog, *calendars, now);
    REQUIRE(s);
    for (const auto& c : *s)
      if (c.clock == clock) return c;
    FAIL("clock not started");
    return {};
  }
  Instant due(const std::string& id, SlaClock clock) {
    auto s = schedule(id, clock);
    REQUIRE(s.due);
    return *s.due;
  }
  Instant warn_at(const std::string& id, SlaClock clock) {
    auto s = schedule(id, clock);
    REQUIRE(s.warn_at);
    return *s.warn_at;
  }

  std::map<std::string, std::string> dump(std::string_view prefix = "sla/") {
    std::map<std::string, std::string> out;
    REQUIRE(f.store->scan_views(prefix, "", [&](std::string_view k, std::string_view v) {
      out.emplace(k, v);
      return true;
    }));
    return out;
  }

  // The index entries of one case: "d0" -> its time (family letter, clock digit).
  std::map<std::string, Instant> indexes(const std::string& id) {
    std::map<std::string, Instant> out;
    for (const auto& [key, value] : dump()) {
      if (key.starts_with("sla/c/") || key.starts_with("sla/~")) continue;
      REQUIRE(key.size() > 8 + 16);
      if (key.substr(8 + 16) != id) continue;
      CHECK(value.empty());
      out.emplace(fmt::format("{}{}", key[4], key[6]), index_time(key));
    }
    return out;
  }

  std::vector<OverdueClock> overdue(Instant when, std::optional<SlaClock> clock = std::nullopt) {
    auto page = projections::query_overdue(*f.store, clock, when, 1000);
    REQUIRE(page);
    CHECK(page->next_cursor.empty());
    return page->clocks;
  }

  std::vector<std::string> sla_due(Instant when, std::size_t limit = 100) {
    auto ids = projections::query_sla_due(*f.store, when, limit);
    REQUIRE(ids);
    return *ids;
  }
};

std::set<std::string> names(const std::map<std::string, Instant>& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m) out.insert(k);
  return out;
}

using Names = std::set<std::string>;
constexpr auto ms1 = std::chrono::milliseconds(1);

}  // namespace

TEST_CASE("a case is overdue only once its limit has passed", "[projections][sla]") {
  World w;
  const Instant received = w.now;
  const auto id = w.submit();
  w.catch_up();

  // Lumajang, Monday 09:00: 15 office hours end Wednesday 09:00 (7.5 h a day);
  // 60 calendar days end on 22 January at 23:59 local.
  const Instant fr_due = w.due(id, SlaClock::first_response);
  const Instant res_due = w.due(id, SlaClock::resolution);
  CHECK(fr_due == at("2026-11-25T09:00:00+07:00"));
  CHECK(res_due == at("2027-01-22T23:59:00+07:00"));
  CHECK(w.warn_at(id, SlaClock::first_response) == at("2026-11-24T13:45:00+07:00"));
  CHECK(w.warn_at(id, SlaClock::resolution) == received + (res_due - received) * 3 / 4);

  // The index holds exactly what compute_schedule says.
  const auto idx = w.indexes(id);
  CHECK(names(idx) == Names{"d0", "w0", "b0", "d1", "w1", "b1"});
  CHECK(idx.at("d0") == fr_due);
  CHECK(idx.at("b0") == fr_due);
  CHECK(idx.at("w0") == w.warn_at(id, SlaClock::first_response));
  CHECK(idx.at("d1") == res_due);

  CHECK(w.overdue(received).empty());
  CHECK(w.overdue(fr_due - ms1).empty());
  CHECK(w.overdue(fr_due).empty());  // at the limit is not past it
  auto one = w.overdue(fr_due + ms1);
  REQUIRE(one.size() == 1);
  CHECK(one[0].case_id == id);
  CHECK(one[0].clock == SlaClock::first_response);
  CHECK(one[0].due == fr_due);

  CHECK(w.overdue(res_due).size() == 1);
  auto both = w.overdue(res_due + ms1);
  REQUIRE(both.size() == 2);
  CHECK(both[0].clock == SlaClock::first_response);
  CHECK(both[1].clock == SlaClock::resolution);
  CHECK(both[1].due == res_due);
  CHECK(both[1].case_id == id);

  auto only_resolution = w.overdue(res_due + ms1, SlaClock::resolution);
  REQUIRE(only_resolution.size() == 1);
  CHECK(only_resolution[0].clock == SlaClock::resolution);
  CHECK(w.overdue(res_due + ms1, SlaClock::objection).empty());
  auto only_first = w.overdue(res_due + ms1, SlaClock::first_response);
  REQUIRE(only_first.size() == 1);
  CHECK(only_first[0].due == fr_due);
}

TEST_CASE("overdue clocks come most overdue first across clocks", "[projections][sla]") {
  World w;
  // c: first response never given, due two office days after Monday 09:00.
  const auto c = w.submit("pengaduan", "kab-lumajang");
  // a: answered at once; its resolution (15 working days) falls in mid-December.
  const auto a = w.submit("usulan-dtsen", "kab-lumajang");
  w.run(a, Reply{"Sedang kami proses."});
  // b: received the day before a's resolution falls due; its first response falls after it.
  w.now = at("2026-12-11T09:00:00+07:00");
  const auto b = w.submit("pengaduan", "kab-lumajang");
  w.catch_up();

  const Instant c_fr = w.due(c, SlaClock::first_response);
  const Instant a_res = w.due(a, SlaClock::resolution);
  const Instant b_fr = w.due(b, SlaClock::first_response);
  REQUIRE(c_fr < a_res);
  REQUIRE(a_res < b_fr);
  CHECK(a_res == at("2026-12-14T16:00:00+07:00"));

  const Instant query = at("2026-12-31T00:00:00+07:00");  // before any 60-day limit
  auto all = w.overdue(query);
  REQUIRE(all.size() == 3);
  CHECK(all[0].case_id == c);
  CHECK(all[0].clock == SlaClock::first_response);
  CHECK(all[0].due == c_fr);
  CHECK(all[1].case_id == a);
  CHECK(all[1].clock == SlaClock::resolution);
  CHECK(all[1].due == a_res);
  CHECK(all[2].case_id == b);
  CHECK(all[2].clock == SlaClock::first_response);
  CHECK(all[2].due == b_fr);

  auto first = w.overdue(query, SlaClock::first_response);
  REQUIRE(first.size() == 2);
  CHECK(first[0].case_id == c);
  CHECK(first[1].case_id == b);
  auto resolution = w.overdue(query, SlaClock::resolution);
  REQUIRE(resolution.size() == 1);
  CHECK(resolution[0].case_id == a);

  // Between c's and a's limits only c is overdue.
  auto early = w.overdue(a_res);
  REQUIRE(early.size() == 1);
  CHECK(early[0].case_id == c);
}

TEST_CASE("overdue clocks page with cursors, without duplicates or gaps", "[projections][sla]") {
  World w;
  // Received on a Sunday: every case's first response falls due at the same
  // instant (15 office hours from Monday's opening), so only the case id
  // orders them and the pages must split a run of equal deadlines.
  w.now = at("2026-11-22T10:00:00+07:00");
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i) ids.push_back(w.submit());
  w.catch_up();
  const Instant fr_due = w.due(ids[0], SlaClock::first_response);
  CHECK(fr_due == at("2026-11-24T16:00:00+07:00"));
  CHECK(w.due(ids[24], SlaClock::first_response) == fr_due);
  std::vector<std::string> sorted_ids = ids;
  std::sort(sorted_ids.begin(), sorted_ids.end());
  CHECK(sorted_ids == ids);  // ids are allocated in order

  const Instant query = at("2026-12-01T00:00:00+07:00");
  std::vector<std::size_t> sizes;
  std::vector<std::string> seen;
  std::string cursor;
  for (int page_no = 0; page_no < 10; ++page_no) {
    auto page = projections::query_overdue(*w.f.store, SlaClock::first_response, query, 10, cursor);
    REQUIRE(page);
    sizes.push_back(page->clocks.size());
    for (const auto& c : page->clocks) {
      CHECK(c.clock == SlaClock::first_response);
      CHECK(c.due == fr_due);
      seen.push_back(c.case_id);
    }
    cursor = page->next_cursor;
    if (cursor.empty()) break;
  }
  CHECK(sizes == std::vector<std::size_t>{10, 10, 5});
  CHECK(seen == ids);

  SECTION("every clock, unfiltered, pages the same way") {
    // Both clocks overdue: 50 clocks, the 25 first responses first (equal due).
    const Instant late = at("2027-03-01T00:00:00+07:00");
    auto whole = projections::query_overdue(*w.f.store, std::nullopt, late, 100);
    REQUIRE(whole);
    REQUIRE(whole->clocks.size() == 50);
    CHECK(whole->next_cursor.empty());
    std::vector<std::pair<std::string, SlaClock>> expected, paged;
    for (const auto& c : whole->clocks) expected.emplace_back(c.case_id, c.clock);
    CHECK(whole->clocks[24].clock == SlaClock::first_response);
    CHECK(whole->clocks[25].clock == SlaClock::resolution);
    std::string next;
    int pages = 0;
    do {
      auto page = projections::query_overdue(*w.f.store, std::nullopt, late, 7, next);
      REQUIRE(page);
      ++pages;
      CHECK(page->clocks.size() == (pages <= 7 ? 7u : 1u));
      for (const auto& c : page->clocks) paged.emplace_back(c.case_id, c.clock);
      next = page->next_cursor;
    } while (!next.empty() && pages < 20);
    CHECK(pages == 8);
    CHECK(paged == expected);
  }
  SECTION("a page size of exactly the count leaves no cursor") {
    auto page = projections::query_overdue(*w.f.store, SlaClock::first_response, query, 25);
    REQUIRE(page);
    CHECK(page->clocks.size() == 25);
    CHECK(page->next_cursor.empty());
  }
  SECTION("forged cursors are refused as malformed") {
    auto good = projections::query_overdue(*w.f.store, SlaClock::first_response, query, 10);
    REQUIRE(good);
    REQUIRE(!good->next_cursor.empty());
    std::string bad_clock = good->next_cursor;
    bad_clock[17] = '7';  // "<16 hex>.<clock>.<case id>": no clock 7
    std::string bad_id = good->next_cursor.substr(0, 19) + "../../etc/passwd";
    for (const std::string& forged : {std::string("../../etc/passwd"), std::string("x"), bad_clock, bad_id,
                                      std::string("zzzzzzzzzzzzzzzz.0.") + ids[0]}) {
      auto page = projections::query_overdue(*w.f.store, std::nullopt, query, 10, forged);
      REQUIRE(page.has_error());
      CHECK(page.error().code == Errc::malformed);
    }
  }
}

TEST_CASE("the indexes follow a case's clocks through its life", "[projections][sla]") {
  World w;
  const auto id = w.submit();
  w.catch_up();
  CHECK(names(w.indexes(id)) == Names{"d0", "w0", "b0", "d1", "w1", "b1"});
  const Instant res_due = w.due(id, SlaClock::resolution);
  const Instant far = at("2027-12-31T00:00:00+07:00");
  CHECK(w.overdue(far).size() == 2);

  // An officer's reply stops the first-response clock.
  w.run(id, Reply{"Sedang kami cek ke pendamping PKH."});
  w.catch_up();
  auto idx = w.indexes(id);
  CHECK(names(idx) == Names{"d1", "w1", "b1"});
  CHECK(idx.at("d1") == res_due);
  auto left = w.overdue(far);
  REQUIRE(left.size() == 1);
  CHECK(left[0].clock == SlaClock::resolution);

  // Waiting for the citizen before the limit: the deadline is unknown.
  const Instant wait_from = w.now;
  w.run(id, WaitForCitizen{"Mohon kirim foto KK"});
  w.catch_up();
  CHECK(w.indexes(id).empty());
  CHECK(w.overdue(far).empty());
  CHECK(w.sla_due(far).empty());
  CHECK(w.dump().count("sla/c/" + id) == 1);  // the row stays

  // Back three days later: the deadline moves by the pause (elapsed time).
  w.now = wait_from + std::chrono::days(3);
  w.run(id, Resume{});
  w.catch_up();
  idx = w.indexes(id);
  CHECK(names(idx) == Names{"d1", "w1", "b1"});
  const Instant resumed_due = res_due + std::chrono::days(3);
  CHECK(idx.at("d1") == resumed_due);
  CHECK(w.due(id, SlaClock::resolution) == resumed_due);
  auto back = w.overdue(far);
  REQUIRE(back.size() == 1);
  CHECK(back[0].due == resumed_due);
  CHECK(w.overdue(resumed_due).empty());

  // Resolved: every clock stopped, nothing indexed.
  const Instant resolved_at = w.now;
  w.run(id, Resolve{"Sudah cair per 1 Desember", std::nullopt, ""});
  w.catch_up();
  CHECK(w.indexes(id).empty());
  CHECK(w.overdue(far).empty());
  CHECK(w.sla_due(far).empty());

  // Reopened ten days on: resolution runs again, the resolved stretch not counted.
  w.now = resolved_at + std::chrono::days(10);
  const Instant reopened_at = w.now;
  w.run(id, Reopen{"Ternyata belum cair"});
  w.catch_up();
  idx = w.indexes(id);
  CHECK(names(idx) == Names{"d1", "w1", "b1"});
  const Instant reopened_due = resumed_due + (reopened_at - resolved_at);
  CHECK(idx.at("d1") == reopened_due);
  auto again = w.overdue(far);
  REQUIRE(again.size() == 1);
  CHECK(again[0].case_id == id);
  CHECK(again[0].clock == SlaClock::resolution);
  CHECK(again[0].due == reopened_due);
}

TEST_CASE("a wait that starts after the first-response limit stops that clock late", "[projections][sla]") {
  World w;
  const auto id = w.submit();
  w.catch_up();
  const Instant fr_due = w.due(id, SlaClock::first_response);
  w.now = fr_due + std::chrono::hours(1);
  w.run(id, WaitForCitizen{"Mohon kirim foto KK"});  // stops first response late, pauses resolution
  w.catch_up();
  // First response stopped (late) leaves the index; resolution is paused before its limit.
  CHECK(w.indexes(id).empty());
  CHECK(w.overdue(at("2027-12-31T00:00:00+07:00")).empty());
}

TEST_CASE("query_sla_due lists a case until the monitor's check records it", "[projections][sla]") {
  World w;
  const auto id = w.submit();
  const auto quiet = w.submit();
  w.run(quiet, Reply{"Sedang kami cek."});
  w.catch_up();
  const Instant warn = w.warn_at(id, SlaClock::first_response);
  const Instant due = w.due(id, SlaClock::first_response);
  const Instant quiet_warn = w.warn_at(quiet, SlaClock::resolution);
  REQUIRE(warn < due);
  REQUIRE(due < quiet_warn);

  CHECK(w.sla_due(warn - ms1).empty());
  CHECK(w.sla_due(warn) == std::vector<std::string>{id});  // at or before `now`

  // The monitor's check at the warning records it; the view catches up.
  w.now = warn + std::chrono::minutes(5);
  auto warned = w.run(id, CheckSla{}, {"system", "sla-monitor"});
  REQUIRE(warned.events.size() == 1);
  REQUIRE(std::holds_alternative<SlaWarning>(warned.events[0]));
  CHECK(std::get<SlaWarning>(warned.events[0]).clock == SlaClock::first_response);
  CHECK(std::get<SlaWarning>(warned.events[0]).due == due);
  CHECK(w.sla_due(w.now).size() == 1);  // the view has not seen it yet
  w.catch_up();
  CHECK(w.sla_due(w.now).empty());
  CHECK(w.sla_due(due - ms1).empty());
  CHECK(names(w.indexes(id)) == Names{"d0", "b0", "d1", "w1", "b1"});

  // Past the limit: the breach is due, then recorded (with an escalation).
  CHECK(w.sla_due(due + ms1) == std::vector<std::string>{id});
  w.now = due + std::chrono::minutes(1);
  auto breached = w.run(id, CheckSla{}, {"system", "sla-monitor"});
  REQUIRE(breached.events.size() == 2);
  CHECK(std::holds_alternative<SlaBreached>(breached.events[0]));
  CHECK(std::holds_alternative<CaseEscalated>(breached.events[1]));
  w.catch_up();
  CHECK(w.sla_due(w.now).empty());
  CHECK(names(w.indexes(id)) == Names{"d0", "d1", "w1", "b1"});
  // Still overdue: a recorded breach is not an answer.
  auto overdue = w.overdue(w.now);
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].case_id == id);
  CHECK(overdue[0].due == due);

  // Later both cases' resolution warnings fall due: earliest first, each once.
  const Instant id_res_warn = w.warn_at(id, SlaClock::resolution);
  REQUIRE(id_res_warn < quiet_warn);  // received a minute earlier
  const Instant later = quiet_warn + ms1;
  CHECK(w.sla_due(later) == std::vector<std::string>{id, quiet});
  CHECK(w.sla_due(later, 1) == std::vector<std::string>{id});
  CHECK(w.sla_due(quiet_warn - ms1) == std::vector<std::string>{id});
  CHECK(w.sla_due(id_res_warn - ms1).empty());
}

TEST_CASE("query_sla_due returns the earliest due cases when there are more than the limit",
          "[projections][sla]") {
  World w;
  // x and y answered at once: only their resolution clocks run, warning about
  // 45 days on. Twelve more arrive after those warnings; their first-response
  // warnings (a different index) come later still.
  const auto x = w.submit();
  const auto y = w.submit();
  w.run(x, Reply{"Sedang kami cek."});
  w.run(y, Reply{"Sedang kami cek."});
  w.catch_up();
  const Instant x_warn = w.warn_at(x, SlaClock::resolution);
  const Instant y_warn = w.warn_at(y, SlaClock::resolution);
  REQUIRE(x_warn < y_warn);
  w.now = y_warn + std::chrono::minutes(1);
  std::vector<std::string> late;
  for (int i = 0; i < 12; ++i) late.push_back(w.submit());
  w.catch_up();
  Instant query = y_warn;
  for (const auto& id : late) {
    REQUIRE(w.warn_at(id, SlaClock::first_response) > y_warn);
    query = std::max(query, w.warn_at(id, SlaClock::first_response));
  }
  REQUIRE(query < w.due(x, SlaClock::resolution));

  const auto all = w.sla_due(query, 100);
  REQUIRE(all.size() == 14);
  CHECK(all[0] == x);
  CHECK(all[1] == y);
  CHECK(w.sla_due(query, 2) == std::vector<std::string>{x, y});
  CHECK(w.sla_due(query, 3) == std::vector<std::string>{x, y, late[0]});
}

TEST_CASE("a rebuilt SLA view equals the live one", "[projections][sla][rebuild]") {
  World w;
  w.runner->start();
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i)
    ids.push_back(w.submit(i % 3 == 0 ? "usulan-dtsen" : "pengaduan", i % 2 == 0 ? "kab-lumajang" : "kab-madiun"));
  const auto info = w.submit("permohonan-informasi", "kab-pasuruan");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    switch (i % 4) {
      case 0: w.run(ids[i], Reply{"Sedang kami cek."}); break;
      case 1:
        w.run(ids[i], WaitForCitizen{"Mohon kirim foto KK"});
        if (i % 8 == 1) {
          w.now += std::chrono::hours(30);
          w.run(ids[i], Resume{});
        }
        break;
      case 2:
        w.run(ids[i], Resolve{"Selesai", std::nullopt, ""});
        if (i % 8 == 2) w.run(ids[i], Reopen{"Belum selesai"});
        break;
      default: break;  // left running
    }
  }
  w.run(info, Extend{"Dokumen di arsip daerah"});
  w.run(info, Resolve{"Sebagian diberikan", Outcome::partly_granted, "Pasal 17 huruf h"});
  w.run(info, Object{"Informasi tidak lengkap"});
  // The monitor's records, four days in: warnings and breaches on the rest.
  w.now += std::chrono::days(4);
  for (const auto& id : ids) w.run(id, CheckSla{}, {"system", "sla-monitor"});
  REQUIRE(w.runner->wait_for(w.f.store->head(), std::chrono::seconds(10)));
  w.runner->stop();

  const auto live = w.dump();
  REQUIRE(!live.empty());
  std::size_t rows = 0, index_keys = 0;
  for (const auto& [k, v] : live) (k.starts_with("sla/c/") ? rows : index_keys) += 1;
  CHECK(rows == ids.size() + 1);
  CHECK(index_keys > 0);
  CHECK(names(w.indexes(info)).count("d2") == 1);  // the objection clock runs

  REQUIRE(w.runner->rebuild());
  const auto rebuilt = w.dump();
  CHECK(rebuilt == live);
  CHECK(w.f.store->checkpoint(SlaProjection::projection_name).value() == w.f.store->head());
}

namespace {

// A projection that records which events it saw, under keys naming its fingerprint.
class Counting final : public projections::Projection {
 public:
  explicit Counting(std::string fingerprint) : fingerprint_(std::move(fingerprint)) {}
  std::string_view name() const override { return "counting"; }
  std::string_view key_prefix() const override { return "cnt/"; }
  std::string fingerprint() const override { return fingerprint_; }
  Result<void> apply(const std::vector<events::RecordedEvent>& events, events::ViewBatch& batch) override {
    ++calls;
    for (const auto& e : events) {
      applied.push_back(e.position);
      batch.put(fmt::format("cnt/{}/{:04}", fingerprint_, e.position), e.stream);
    }
    return {};
  }
  int calls = 0;
  std::vector<events::Position> applied;

 private:
  std::string fingerprint_;
};

std::map<std::string, std::string> dump(events::EventStore& store, std::string_view prefix) {
  std::map<std::string, std::string> out;
  REQUIRE(store.scan_views(prefix, "", [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  }));
  return out;
}

}  // namespace

TEST_CASE("a projection whose fingerprint changed is erased and replayed", "[projections][sla][fingerprint]") {
  StoreFixture f;
  for (int i = 0; i < 3; ++i) REQUIRE(f.store->append_and_wait(testing::make_append("test-1", events::Expected::any())));
  REQUIRE(f.store->head() == 3);

  {
    ProjectionRunner runner(*f.store);
    auto p = std::make_shared<Counting>("A");
    runner.add(p);
    REQUIRE(runner.catch_up());
    CHECK(p->applied == std::vector<events::Position>{1, 2, 3});
    CHECK(f.store->checkpoint("counting").value() == 3);
    CHECK(dump(*f.store, "cnt/") == std::map<std::string, std::string>{{"cnt/A/0001", "test-1"},
                                                                      {"cnt/A/0002", "test-1"},
                                                                      {"cnt/A/0003", "test-1"},
                                                                      {"cnt/~fingerprint", "A"}});
  }
  SECTION("an unchanged fingerprint resumes from the checkpoint") {
    REQUIRE(f.store->append_and_wait(testing::make_append("test-1", events::Expected::any())));
    ProjectionRunner runner(*f.store);
    auto p = std::make_shared<Counting>("A");
    runner.add(p);
    CHECK(runner.status().at(0).checkpoint == 3);
    CHECK(dump(*f.store, "cnt/").size() == 4);
    REQUIRE(runner.catch_up());
    CHECK(p->applied == std::vector<events::Position>{4});
    CHECK(dump(*f.store, "cnt/").size() == 5);
    CHECK(f.store->checkpoint("counting").value() == 4);
  }
  SECTION("a changed fingerprint erases the rows and the checkpoint, then replays") {
    ProjectionRunner runner(*f.store);
    auto p = std::make_shared<Counting>("B");
    runner.add(p);
    // Erased at add(), before anything is applied.
    CHECK(p->calls == 0);
    CHECK(runner.status().at(0).checkpoint == 0);
    CHECK(f.store->checkpoint("counting").value() == 0);
    CHECK(dump(*f.store, "cnt/") == std::map<std::string, std::string>{{"cnt/~fingerprint", "B"}});
    REQUIRE(runner.catch_up());
    CHECK(p->applied == std::vector<events::Position>{1, 2, 3});
    CHECK(f.store->checkpoint("counting").value() == 3);
    const auto rows = dump(*f.store, "cnt/");
    CHECK(rows.count("cnt/A/0001") == 0);
    CHECK(rows == std::map<std::string, std::string>{{"cnt/B/0001", "test-1"},
                                                    {"cnt/B/0002", "test-1"},
                                                    {"cnt/B/0003", "test-1"},
                                                    {"cnt/~fingerprint", "B"}});
    // And once more with B: nothing replayed.
    ProjectionRunner again(*f.store);
    auto q = std::make_shared<Counting>("B");
    again.add(q);
    REQUIRE(again.catch_up());
    CHECK(q->calls == 0);
    CHECK(q->applied.empty());
    CHECK(dump(*f.store, "cnt/") == rows);
  }
  SECTION("rows from before fingerprints existed are erased") {
    events::ViewBatch legacy;
    legacy.erase(std::string("cnt/~fingerprint"));
    REQUIRE(f.store->commit(std::move(legacy)));
    ProjectionRunner runner(*f.store);
    auto p = std::make_shared<Counting>("A");
    runner.add(p);
    CHECK(runner.status().at(0).checkpoint == 0);
    REQUIRE(runner.catch_up());
    CHECK(p->applied == std::vector<events::Position>{1, 2, 3});
    CHECK(dump(*f.store, "cnt/").size() == 4);
  }
}

TEST_CASE("a changed calendar recomputes every SLA row", "[projections][sla][fingerprint]") {
  World w;
  const auto id = w.submit();  // Monday 09:00, Lumajang: first response due Wednesday 09:00
  const auto other = w.submit("pengaduan", "kab-madiun");
  w.catch_up();
  const auto before = w.dump();
  const Instant fr_due = w.due(id, SlaClock::first_response);
  REQUIRE(fr_due == at("2026-11-25T09:00:00+07:00"));
  REQUIRE(w.dump().at("sla/~fingerprint") == SlaProjection(*w.f.store, w.catalog, w.calendars).fingerprint());

  // Lumajang closes on Tuesday 24 November: the limit moves one office day on.
  auto changed = std::make_shared<domain::Calendars>(*w.calendars);
  CalendarSpec spec = changed->for_office("kab-lumajang")->spec();
  spec.closed_days.push_back({std::chrono::year{2026} / 11 / 24, ClosureKind::local, "Banjir"});
  std::sort(spec.closed_days.begin(), spec.closed_days.end(), [](const ClosedDay& a, const ClosedDay& b) {
    return std::chrono::sys_days{a.date} < std::chrono::sys_days{b.date};
  });
  REQUIRE(validate(spec));
  changed->by_office.erase("kab-lumajang");
  changed->by_office.emplace("kab-lumajang", BusinessCalendar(spec));
  std::shared_ptr<const domain::Calendars> changed_const = changed;

  const auto old_fp = SlaProjection(*w.f.store, w.catalog, w.calendars).fingerprint();
  const auto new_fp = SlaProjection(*w.f.store, w.catalog, changed_const).fingerprint();
  REQUIRE(old_fp != new_fp);
  // The same rules give the same fingerprint.
  CHECK(SlaProjection(*w.f.store, w.catalog, std::make_shared<const domain::Calendars>(*w.calendars)).fingerprint() ==
        old_fp);

  w.runner.reset();
  {
    ProjectionRunner runner(*w.f.store);
    runner.add(std::make_shared<SlaProjection>(*w.f.store, w.catalog, changed_const));
    CHECK(w.dump() == std::map<std::string, std::string>{{"sla/~fingerprint", new_fp}});
    CHECK(w.f.store->checkpoint(SlaProjection::projection_name).value() == 0);
    REQUIRE(runner.catch_up());
  }
  CHECK(w.f.store->checkpoint(SlaProjection::projection_name).value() == w.f.store->head());
  const auto moved = w.indexes(id);
  CHECK(moved.at("d0") == at("2026-11-26T09:00:00+07:00"));
  CHECK(w.indexes(other) == [&] {
    std::map<std::string, Instant> out;
    for (const auto& [k, v] : before)
      if (!k.starts_with("sla/c/") && !k.starts_with("sla/~") && k.substr(8 + 16) == other)
        out.emplace(fmt::format("{}{}", k[4], k[6]), index_time(k));
    return out;
  }());
  auto overdue = w.overdue(at("2026-11-25T12:00:00+07:00"));
  CHECK(overdue.empty());

  // Back to the published calendar: the rows are those of the first run again.
  {
    ProjectionRunner runner(*w.f.store);
    runner.add(std::make_shared<SlaProjection>(*w.f.store, w.catalog, w.calendars));
    REQUIRE(runner.catch_up());
  }
  CHECK(w.dump() == before);
}
