// The response-time view (projections/response_time_view.h) fed by the real
// case commands and the office calendars in ops/calendar: hand-computed
// fixtures for a case crossing the Nyepi / Idul Fitri 2026 closures, a case
// paused while waiting for the citizen, and an information request that was
// extended, refused and objected to; then the report over them, and a
// rebuilt view equal to the live one.
#include "events/calendar_json.h"
#include "events/catalog_json.h"
#include "events/domain/case_id.h"
#include "projections/all_projections.h"
#include "projections/response_time_report.h"
#include "projections/response_time_view.h"
#include "server/case_commands.h"
#include "tests/support/store_fixture.h"

#include <catch2/catch.hpp>

#include <map>

using namespace tanggap;
using namespace tanggap::domain;
using tanggap::projections::CaseFact;
using tanggap::projections::ProjectionRunner;
using tanggap::testing::StoreFixture;

namespace {

constexpr std::int64_t hour = 3'600'000;

Instant at(std::string_view text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

std::chrono::sys_days day(std::string_view text) {
  auto d = parse_date(text);
  REQUIRE(d);
  return std::chrono::sys_days{*d};
}

struct World {
  StoreFixture f;
  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const domain::Calendars> calendars;
  Instant now;
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
    runner = std::make_unique<ProjectionRunner>(*f.store, 5);  // small batches: a case spans several
    projections::add_all_projections(*runner, *f.store, catalog, calendars);
  }

  std::string submit(std::string_view when, std::string service, std::string office, Channel channel) {
    now = at(when);
    Submit s;
    s.service = std::move(service);
    s.office = std::move(office);
    s.channel = channel;
    s.title = "Permohonan data penerima bantuan";
    s.body = "Mohon salinan data penerima PKH di desa kami.";
    s.reporter.name = "Siti Aminah";
    s.reporter.phone = "+6281200001234";
    s.reporter.email = "siti@example.id";
    auto r = cases->submit_and_wait(s, {"citizen", "+6281200001234"});
    REQUIRE(r);
    return r->case_id;
  }

  void run(std::string_view when, const std::string& id, CaseCommand command) {
    now = at(when);
    auto r = cases->execute_and_wait(id, std::move(command), std::nullopt, {"officer", "siti"});
    REQUIRE(r);
  }

  std::map<std::string, std::string> dump() {
    std::map<std::string, std::string> out;
    REQUIRE(f.store->scan_views("rt/", "rt/", [&](std::string_view k, std::string_view v) {
      out.emplace(k, v);
      return true;
    }));
    return out;
  }
};

// The three fixture cases of the file comment; ids in order.
struct Fixture {
  World w;
  std::string holiday, paused, request;
  Fixture() {
    // Tuesday 17 March 2026, 15:00 at Lumajang; answered Wednesday 25 March 08:30.
    // Wed 18 (cuti bersama), Thu 19 (Nyepi), Fri 20 (cuti bersama), the
    // weekend (Idul Fitri), Mon 23 and Tue 24 (cuti bersama) are closed:
    // office time is Tue 15:00-16:00 + Wed 07:30-08:30 = 2 h; elapsed is
    // 7 days 17.5 h = 185.5 h.
    holiday = w.submit("2026-03-17T15:00:00+07:00", "pengaduan", "kab-lumajang", Channel::whatsapp);
    w.run("2026-03-25T08:30:00+07:00", holiday, Reply{"Aduan Anda sedang kami periksa."});

    // Monday 4 March 2030, 09:00 (no holiday list covers 2030: weekends only).
    // Waits for the citizen from 10:00 to Wednesday 10:00, resolved at 11:00:
    // first response 1 h; resolution 09:00-10:00 + 10:00-11:00 = 2 h in
    // office and in calendar time (the 48 h wait is not counted). An
    // escalation on the way is counted.
    paused = w.submit("2030-03-04T09:00:00+07:00", "pengaduan", "kab-lumajang", Channel::web);
    w.run("2030-03-04T10:00:00+07:00", paused, WaitForCitizen{"Mohon kirim foto KKS."});
    w.run("2030-03-06T10:00:00+07:00", paused, Resume{});
    w.run("2030-03-06T10:30:00+07:00", paused, Assign{"bidang-linjamsos", "siti"});
    w.run("2030-03-06T10:45:00+07:00", paused, Escalate{"Perlu keputusan kepala bidang."});
    w.run("2030-03-06T11:00:00+07:00", paused, Resolve{"Bantuan sudah diusulkan.", std::nullopt, ""});

    // An information request at Kab. Pasuruan, Monday 4 March 2030 09:00:
    // extended, refused on Friday 15 March (working days after the 4th up to
    // the 15th: 5-8 and 11-15 = 9), then objected to.
    request = w.submit("2030-03-04T09:00:00+07:00", "permohonan-informasi", "kab-pasuruan", Channel::email);
    w.run("2030-03-04T09:30:00+07:00", request, Assign{"ppid", "siti"});
    w.run("2030-03-08T09:00:00+07:00", request, Extend{"Dokumen ada di arsip kecamatan."});
    w.run("2030-03-15T10:00:00+07:00", request,
          Resolve{"Informasi dikecualikan.", Outcome::rejected, "Pasal 17 huruf h"});
    w.run("2030-03-18T09:00:00+07:00", request, Object{"Saya keberatan atas penolakan."});
    REQUIRE(w.runner->catch_up());
  }

  std::vector<CaseFact> facts() {
    auto facts = projections::query_case_facts(*w.f.store, day("2026-01-01"), day("2030-12-31"));
    REQUIRE(facts);
    return *facts;
  }
};

}  // namespace

TEST_CASE("a first response across the Idul Fitri closures counts only office time", "[projections][report]") {
  Fixture fx;
  const auto facts = fx.facts();
  REQUIRE(facts.size() == 3);
  const CaseFact& f = facts[0];  // 2026 sorts first
  CHECK(f.received_day == day("2026-03-17"));
  CHECK(f.channel == Channel::whatsapp);
  CHECK(f.first_response_working_ms == 2 * hour);
  CHECK(f.first_response_calendar_ms == 185 * hour + hour / 2);
  CHECK(f.first_response_within_limit == true);  // 15 working hours
  CHECK_FALSE(f.resolved_at);
  CHECK_FALSE(f.resolution_working_ms);
  CHECK_FALSE(f.resolution_within_limit);
}

TEST_CASE("a wait for the citizen is left out of the resolution time", "[projections][report]") {
  Fixture fx;
  const auto facts = fx.facts();
  REQUIRE(facts.size() == 3);
  const CaseFact& f = facts[1].service == "pengaduan" ? facts[1] : facts[2];
  CHECK(f.unit == "bidang-linjamsos");
  CHECK(f.first_response_working_ms == hour);
  CHECK(f.first_response_calendar_ms == hour);
  CHECK(f.resolution_working_ms == 2 * hour);
  CHECK(f.resolution_calendar_ms == 2 * hour);
  CHECK(f.resolution_within_limit == true);
  CHECK(f.resolved_at == at("2030-03-06T11:00:00+07:00"));
  CHECK(f.escalations == 1);
  CHECK_FALSE(f.information_request);
}

TEST_CASE("an information request keeps its outcome, extension, objection and days to answer",
          "[projections][report]") {
  Fixture fx;
  const auto facts = fx.facts();
  REQUIRE(facts.size() == 3);
  const CaseFact& f = facts[1].service == "permohonan-informasi" ? facts[1] : facts[2];
  CHECK(f.information_request);
  CHECK(f.unit == "ppid");
  CHECK(f.outcome == Outcome::rejected);
  CHECK(f.exemption == "Pasal 17 huruf h");
  CHECK(f.extended);
  CHECK(f.objected);
  CHECK(f.working_days_to_answer == 9u);
  CHECK(f.resolution_within_limit == true);  // 10 + 7 working days
  CHECK(f.first_response_working_ms == hour / 2);
}

TEST_CASE("the report over the view gives the hand-computed numbers", "[projections][report]") {
  Fixture fx;
  using projections::ReportGroupBy;
  const projections::ReportRequest request{day("2026-03-01"), day("2030-03-31"), ReportGroupBy::unit,
                                           at("2030-03-20T09:00:00+07:00")};
  const auto report = projections::compute_response_time_report(fx.facts(), request, *fx.w.calendars);
  const auto& t = report.total;
  CHECK(t.received == 3);
  CHECK(t.resolved == 2);
  CHECK(t.open == 1);
  CHECK(t.backlog[4] == 1);  // the 2026 case, four years open
  CHECK(t.escalations == 1);
  CHECK(t.first_response.working.count == 3);
  CHECK(*t.first_response.working.median_hours == Approx(1.0));  // 0.5, 1, 2
  CHECK(*t.first_response.working.max_hours == Approx(2.0));
  CHECK(*t.first_response.calendar.max_hours == Approx(185.5));
  CHECK(t.resolution.working.count == 2);
  CHECK(*t.resolution.calendar.median_hours == Approx(2.0));  // 2 h and the request's
  CHECK(t.resolution.within_limit == 2);
  CHECK(t.information.received == 1);
  CHECK(t.information.rejected == 1);
  CHECK(*t.information.mean_working_days_to_answer == Approx(9.0));
  REQUIRE(report.groups.size() == 3);
  CHECK(report.groups[0].key == "bidang-linjamsos");
  CHECK(report.groups[1].key == "ppid");
  CHECK(report.groups[2].key == projections::unassigned_unit);
  CHECK(report.groups[2].open == 1);
}

TEST_CASE("a period scan returns only the cases received on its dates", "[projections][report]") {
  Fixture fx;
  auto march_2030 = projections::query_case_facts(*fx.w.f.store, day("2030-03-04"), day("2030-03-04"));
  REQUIRE(march_2030);
  CHECK(march_2030->size() == 2);
  auto none = projections::query_case_facts(*fx.w.f.store, day("2030-03-05"), day("2030-12-31"));
  REQUIRE(none);
  CHECK(none->empty());
  auto backwards = projections::query_case_facts(*fx.w.f.store, day("2030-03-04"), day("2026-01-01"));
  REQUIRE(backwards);
  CHECK(backwards->empty());
}

TEST_CASE("a rebuilt response-time view equals the live one", "[projections][report]") {
  Fixture fx;
  const auto live = fx.w.dump();
  std::size_t rows = 0;  // beside the runner's own keys ("rt/~...")
  for (const auto& [key, value] : live) rows += key.starts_with("rt/c/") || key.starts_with("rt/b/");
  CHECK(rows == 6);  // a fold row per case; each case alone in its (day, office, service, unit, channel)
  REQUIRE(fx.w.runner->rebuild());
  CHECK(fx.w.dump() == live);
}

TEST_CASE("a case's fact moves to its unit's bucket when it is assigned", "[projections][report]") {
  World w;
  const auto buckets = [&] {
    std::vector<std::string> keys;
    for (const auto& [key, value] : w.dump())
      if (key.starts_with("rt/b/")) keys.push_back(key);
    return keys;
  };
  const std::string id = w.submit("2030-03-04T09:00:00+07:00", "pengaduan", "kab-lumajang", Channel::web);
  REQUIRE(w.runner->catch_up());
  const auto unassigned = buckets();
  REQUIRE(unassigned.size() == 1);
  // Each step is its own round, so the fact is taken out of one stored bucket and put in another.
  w.run("2030-03-04T10:00:00+07:00", id, Assign{"bidang-rehsos", "siti"});
  REQUIRE(w.runner->catch_up());
  const auto assigned = buckets();
  REQUIRE(assigned.size() == 1);
  CHECK(assigned != unassigned);  // the empty bucket is gone
  w.run("2030-03-04T11:00:00+07:00", id, Resolve{"Sudah dibantu.", std::nullopt, ""});
  REQUIRE(w.runner->catch_up());
  CHECK(buckets() == assigned);
  auto facts = projections::query_case_facts(*w.f.store, day("2030-03-04"), day("2030-03-04"));
  REQUIRE(facts);
  REQUIRE(facts->size() == 1);
  CHECK(facts->front().unit == "bidang-rehsos");
  CHECK(facts->front().resolved_at == at("2030-03-04T11:00:00+07:00"));
  CHECK(facts->front().resolution_calendar_ms == 2 * hour);
}

TEST_CASE("a day of more cases than a bucket part holds is split into bounded rows, all counted",
          "[projections][report]") {
  World w;
  // Case 1 filed for real; its events copied under the numbers either side of
  // the first part boundary (4,095 and 4,096), as a day of thousands would number them.
  const std::string first = w.submit("2030-03-04T09:00:00+07:00", "pengaduan", "kab-lumajang", Channel::web);
  auto original = w.f.store->read_stream(case_stream(first));
  REQUIRE(original);
  int copied = 0;
  for (const std::uint32_t number : {projections::cases_per_part - 1, projections::cases_per_part}) {
    events::AppendRequest copy;
    copy.stream = case_stream(format_case_id({"ADU", 2030, number}));
    copy.expected = events::Expected::no_stream();
    for (const auto& e : original->events)
      copy.events.push_back({"copy-" + std::to_string(++copied), e.type, e.schema, e.actor, "", "", e.data});
    REQUIRE(w.f.store->append_and_wait(std::move(copy)));
  }
  const std::size_t n = 3;
  REQUIRE(w.runner->catch_up());
  std::size_t rows = 0;
  for (const auto& [key, value] : w.dump()) rows += key.starts_with("rt/b/");
  CHECK(rows == 2);
  auto facts = projections::query_case_facts(*w.f.store, day("2030-03-04"), day("2030-03-04"));
  REQUIRE(facts);
  CHECK(facts->size() == n);
  projections::ReportRequest request;
  request.from = day("2030-03-04");
  request.to = day("2030-03-04");
  request.group_by = projections::ReportGroupBy::service;
  request.as_of = at("2030-03-05T09:00:00+07:00");
  auto report = projections::query_response_time_report(*w.f.store, request, *w.calendars);
  REQUIRE(report);
  CHECK(report->total.received == n);
  REQUIRE(report->groups.size() == 1);  // the two parts are one service's cases
  CHECK(report->groups.front().received == n);
}

TEST_CASE("rows of the earlier one-row-per-case layout are refused, then rebuilt from the log",
          "[projections][report]") {
  Fixture fx;
  // The store as the previous version left it: a fact row per case under rt/f/, its fingerprint,
  // and the checkpoint at the head (nothing left to apply).
  events::ViewBatch earlier;
  earlier.erase_prefix("rt/");
  earlier.put("rt/~fingerprint", "response_time facts 1 folds 1 rules 0123");
  earlier.put("rt/f/2026-03-17/80000194ff5e4a80ADU-2026-000001", std::string("\x01\x00\x00", 3));
  REQUIRE(fx.w.f.store->commit(std::move(earlier)));
  auto refused = projections::query_case_facts(*fx.w.f.store, day("2026-01-01"), day("2030-12-31"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == Errc::not_ready);

  // What the server does at start: the runner sees another fingerprint, erases the rows and replays.
  ProjectionRunner runner(*fx.w.f.store, 5);
  runner.add(std::make_shared<projections::ResponseTimeProjection>(*fx.w.f.store, fx.w.catalog, fx.w.calendars));
  REQUIRE(runner.catch_up());
  const auto facts = fx.facts();
  REQUIRE(facts.size() == 3);
  CHECK(facts[0].first_response_working_ms == 2 * hour);
  for (const auto& [key, value] : fx.w.dump()) CHECK_FALSE(key.starts_with("rt/f/"));
}
