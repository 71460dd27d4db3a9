// tests/unit/domain/sla_test.cpp — SLA clocks folded from case events
// (evolve_sla), their deadlines with pauses (compute_schedule), and the SLA
// monitor's CheckSla decision: a warning at 75% of a limit, a breach past it,
// one escalation per new breach up to level 2, nothing twice (DOMAIN.md §2).
#include "events/domain/business_calendar.h"
#include "events/domain/case_decider.h"
#include "events/domain/sla.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

namespace d = tanggap::domain;
using Events = std::vector<d::CaseEvent>;

constexpr std::int32_t wib = 7 * 60;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::string_view office = "kab-lumajang";
const std::string holidays_version = "id-national@2025-09-19";

d::Instant at(std::string_view text) {
  const auto t = d::parse_instant(text);
  INFO(text);
  REQUIRE(t.has_value());
  return *t;
}

std::string show(d::Instant t) { return d::format_instant(t, wib); }
std::string show(const std::optional<d::Instant>& t) { return t ? show(*t) : std::string("(none)"); }

// Expects `got` to hold the local time `expected`; prints both.
void check_at(const std::optional<d::Instant>& got, std::string_view expected, std::string_view what) {
  INFO(what << ": expected " << expected << ", got " << show(got));
  REQUIRE(got.has_value());
  CHECK(*got == at(expected));
}

// ---- the world: one WIB office with the 2026 national calendar ----------------

d::ClosedDay closed(int month, int day, d::ClosureKind kind) {
  return {std::chrono::year{2026} / month / day, kind, ""};
}

d::CalendarSpec lumajang_calendar() {
  using K = d::ClosureKind;
  d::CalendarSpec s;
  s.id = std::string(office);
  s.holidays_version = holidays_version;
  s.utc_offset_minutes = wib;
  s.hours = d::default_office_hours();
  s.closed_days = {
      closed(1, 1, K::holiday),       closed(1, 16, K::holiday),      closed(2, 16, K::cuti_bersama),
      closed(2, 17, K::holiday),      closed(3, 18, K::cuti_bersama), closed(3, 19, K::holiday),
      closed(3, 20, K::cuti_bersama), closed(3, 21, K::holiday),      closed(3, 22, K::holiday),
      closed(3, 23, K::cuti_bersama), closed(3, 24, K::cuti_bersama), closed(4, 3, K::holiday),
      closed(4, 5, K::holiday),       closed(5, 1, K::holiday),       closed(5, 14, K::holiday),
      closed(5, 15, K::cuti_bersama), closed(5, 27, K::holiday),      closed(5, 28, K::cuti_bersama),
      closed(5, 31, K::holiday),      closed(6, 1, K::holiday),       closed(6, 16, K::holiday),
      closed(8, 17, K::holiday),      closed(8, 25, K::holiday),      closed(12, 24, K::cuti_bersama),
      closed(12, 25, K::holiday),
  };
  s.published_years = {2026};
  return s;
}

const d::Calendars& calendars() {
  static const d::Calendars c = [] {
    d::Calendars cal;
    cal.by_office.emplace(std::string(office), d::BusinessCalendar(lumajang_calendar()));
    return cal;
  }();
  return c;
}

d::Duration wd(std::uint32_t n) { return {n, d::ClockUnit::working_days}; }
d::Duration cd(std::uint32_t n) { return {n, d::ClockUnit::calendar_days}; }
d::Duration wm(std::uint32_t n) { return {n, d::ClockUnit::working_minutes}; }

d::Service service(std::string type, d::Target first_response, d::Target resolution) {
  d::Service s;
  s.type = std::move(type);
  s.office = std::string(office);
  s.name_id = s.type;
  s.name_en = s.type;
  s.steps = {d::ProcedureStep{"Verifikasi", {}, false}, d::ProcedureStep{"Tindak lanjut", {}, false}};
  s.first_response = std::move(first_response);
  s.resolution = std::move(resolution);
  return s;
}

d::Catalog make_catalog(bool with_keberatan) {
  d::Catalog cat;
  cat.types.push_back({"pengaduan", "ADU", "Pengaduan", "Complaint", d::Privacy::public_, false, false, true});
  cat.types.push_back({"konsultasi", "KON", "Konsultasi", "Consultation", d::Privacy::public_, false, false, true});
  cat.types.push_back({"permohonan-informasi", "INF", "Permohonan Informasi", "Information request",
                       d::Privacy::public_, true, false, false});
  cat.offices.push_back({std::string(office), "Dinas Sosial Kab. Lumajang", "", "", "", "Asia/Jakarta",
                         std::string(office), {}, {"petugas", "kabid-linjamsos", "kepala-dinas"}});
  cat.services.push_back(service("pengaduan", {wd(2), cd(14), "2x24 jam"}, {wd(5), cd(60), "Pasal 50(1)"}));
  cat.services.push_back(service("konsultasi", {wd(2), wd(2), ""}, {wd(2), wd(5), ""}));
  cat.services.push_back(
      service("permohonan-informasi", {wd(1), wd(1), "nomor registrasi"}, {wm(260), wd(10), "260 Menit"}));
  if (with_keberatan) {
    cat.types.push_back({"keberatan-informasi", "KBR", "Keberatan Informasi", "Objection", d::Privacy::public_,
                         false, true, false});
    cat.services.push_back(
        service("keberatan-informasi", {wd(2), wd(2), ""}, {wd(10), wd(30), "Pasal 36(2)"}));
  }
  const auto valid = d::validate(cat);
  INFO(valid);
  REQUIRE(valid.has_value());
  return cat;
}

const d::Catalog& catalog() {
  static const d::Catalog c = make_catalog(false);
  return c;
}

// ---- events ------------------------------------------------------------------

d::CaseSubmitted submitted(std::string_view when, std::string service = "pengaduan") {
  d::CaseSubmitted e;
  const bool information = service == "permohonan-informasi";
  e.case_id = information ? "INF-2026-000007" : "ADU-2026-000042";
  e.service = std::move(service);
  e.office = std::string(office);
  e.channel = d::Channel::whatsapp;
  e.title = "Bantuan PKH belum cair";
  e.body = "Sudah tiga bulan bantuan PKH ibu saya belum cair.";
  e.reporter = d::Reporter{"Sri Wahyuni", "+6281200001234", "", "", ""};
  e.step_total = 2;
  e.at = at(when);
  e.information_request = information;
  return e;
}
d::CaseSubmitted request_submitted(std::string_view when) { return submitted(when, "permohonan-informasi"); }

d::OfficerReplied replied(std::string_view when) { return {"Sedang kami periksa.", "siti", at(when)}; }
d::CitizenWaitStarted wait_started(std::string_view when) { return {"Mohon kirim foto KKS.", at(when)}; }
d::CitizenWaitEnded wait_ended(std::string_view when) { return {at(when)}; }
d::CaseResolved resolved(std::string_view when, std::optional<d::Outcome> outcome = std::nullopt) {
  return {"Selesai.", outcome, "", at(when)};
}

d::CaseState replay(const Events& events) {
  const d::CaseState s = d::fold(events);
  const std::string broken = d::broken_invariant(s);
  INFO(broken);
  CHECK(broken.empty());
  return s;
}

d::ClockSchedule schedule_of(const d::CaseState& s, d::SlaClock clock, std::string_view now,
                             const d::Catalog& cat = catalog()) {
  const auto schedule = d::compute_schedule(s.sla, cat, calendars(), at(now));
  INFO(schedule);
  REQUIRE(schedule.has_value());
  for (const d::ClockSchedule& c : *schedule)
    if (c.clock == clock) return c;
  FAIL("clock " << d::sla_clock_name(clock) << " has not started");
  return {};
}

d::Context monitor(std::string_view now, const d::Catalog& cat = catalog()) {
  return d::Context{at(now), d::Actor{"system", "sla-monitor"}, &cat, &calendars()};
}
d::Context monitor(d::Instant now, const d::Catalog& cat = catalog()) {
  return d::Context{now, d::Actor{"system", "sla-monitor"}, &cat, &calendars()};
}

Events check_sla(const d::CaseState& s, const d::Context& ctx) {
  const auto r = d::CaseDecider::decide(d::CheckSla{}, s, ctx);
  INFO((r.has_error() ? r.error().message : std::string{}));
  REQUIRE(r.has_value());
  return *r;
}

std::string describe(const Events& events) {
  std::string out;
  for (const d::CaseEvent& e : events) {
    out += out.empty() ? "" : ", ";
    out += d::event_type_name(e);
    if (const auto* w = std::get_if<d::SlaWarning>(&e)) out += std::string("(") + std::string(d::sla_clock_name(w->clock)) + ")";
    if (const auto* b = std::get_if<d::SlaBreached>(&e)) out += std::string("(") + std::string(d::sla_clock_name(b->clock)) + ")";
    if (const auto* x = std::get_if<d::CaseEscalated>(&e)) out += "(" + std::to_string(x->level) + ")";
  }
  return "[" + out + "]";
}

d::CaseState then(d::CaseState s, const Events& events) {
  for (const d::CaseEvent& e : events) s = d::CaseDecider::evolve(std::move(s), e);
  return s;
}

}  // namespace

// ---- clocks and deadlines -------------------------------------------------------

TEST_CASE("a complaint's clocks start at receipt with the catalog's promises", "[sla]") {
  const auto s = replay({submitted("2026-11-16T09:00+07:00")});
  const auto first = schedule_of(s, d::SlaClock::first_response, "2026-11-16T10:00+07:00");
  CHECK(first.state == d::ClockState::running);
  check_at(first.target_due, "2026-11-18T16:00+07:00", "first response target (2 working days)");
  check_at(first.due, "2026-11-30T23:59+07:00", "first response limit (14 calendar days)");
  const auto resolution = schedule_of(s, d::SlaClock::resolution, "2026-11-16T10:00+07:00");
  check_at(resolution.target_due, "2026-11-23T16:00+07:00", "resolution target (5 working days)");
  check_at(resolution.due, "2027-01-15T23:59+07:00", "resolution limit (60 calendar days)");
  CHECK(resolution.paused_ms == 0);
  CHECK(resolution.used_ms == hour_ms);  // elapsed, since the limit counts calendar days
}

TEST_CASE("a pause across a weekend moves a working-time deadline by the office time it covered", "[sla]") {
  // Information request: 260 working minutes / 10 working days. Unpaused, the
  // limit falls on Monday 30 Nov 16:00; the pause Fri 15:00 - Mon 09:00 covers
  // 1.5 h on Friday and 1.5 h on Monday, so the limit moves 3 office hours on.
  // Budget: Mon 16 Nov 09:00-16:00 (6 h) + ten full days (75 h) = 81 office hours.
  const Events events{request_submitted("2026-11-16T09:00+07:00"), wait_started("2026-11-20T15:00+07:00"),
                      wait_ended("2026-11-23T09:00+07:00")};
  const auto unpaused = schedule_of(replay({events.front()}), d::SlaClock::resolution, "2026-11-16T10:00+07:00");
  check_at(unpaused.due, "2026-11-30T16:00+07:00", "unpaused limit");

  const auto s = replay(events);
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-24T10:00+07:00");
  CHECK(r.state == d::ClockState::running);
  check_at(r.target_due, "2026-11-16T14:20+07:00", "target, reached before the pause");
  check_at(r.due, "2026-12-01T10:30+07:00", "limit moved by 3 office hours");
  const std::int64_t moved = calendars().for_office(office)->working_ms(*unpaused.due, *r.due);
  CHECK(moved == 3 * hour_ms);
  CHECK(r.budget_ms == 81 * hour_ms);
  CHECK(r.budget_ms == unpaused.budget_ms);
  check_at(r.warn_at, "2026-11-26T13:45+07:00", "75% of the 81 office hours (60.75 h), the pause skipped");
  CHECK(r.paused_ms == 66 * hour_ms);  // wall time, Fri 15:00 to Mon 09:00
  REQUIRE(s.sla.run(d::SlaClock::resolution).pauses.size() == 1);

  // The first response stopped when the citizen was asked for something.
  const auto first = schedule_of(s, d::SlaClock::first_response, "2026-11-24T10:00+07:00");
  CHECK(first.state == d::ClockState::stopped);
  CHECK(s.first_response_at == at("2026-11-20T15:00+07:00"));
}

TEST_CASE("a pause moves a calendar-days limit by wall time and a working-days target by office time", "[sla]") {
  const auto s = replay({submitted("2026-11-16T09:00+07:00"), wait_started("2026-11-20T15:00+07:00"),
                       wait_ended("2026-11-23T09:00+07:00")});
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-24T10:00+07:00");
  check_at(r.target_due, "2026-11-24T10:30+07:00", "5 working days + 3 office hours");
  check_at(r.due, "2027-01-18T17:59+07:00", "60 calendar days + 66 hours");
}

TEST_CASE("while paused before its deadline a clock has no due, and paused_ms counts wall time", "[sla]") {
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00"), wait_started("2026-11-20T15:00+07:00")});
  CHECK(s.status == d::CaseStatus::waiting_for_citizen);
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-21T12:00+07:00");
  CHECK(r.state == d::ClockState::paused);
  INFO("due " << show(r.due) << ", warn_at " << show(r.warn_at));
  CHECK_FALSE(r.due.has_value());
  CHECK_FALSE(r.warn_at.has_value());
  check_at(r.target_due, "2026-11-16T14:20+07:00", "a target reached before the pause stays known");
  CHECK(r.paused_ms == 21 * hour_ms);  // Fri 15:00 to Sat 12:00
  CHECK(r.used_ms == 34 * hour_ms + hour_ms / 2);  // Mon 6 + Tue-Thu 22.5 + Fri 6 office hours

  // The monitor records nothing for a paused clock with no due.
  CHECK(check_sla(s, monitor("2026-12-15T09:00+07:00")).empty());

  // A complaint's calendar-days limit is unknown as well while paused.
  const auto c = replay({submitted("2026-11-16T09:00+07:00"), wait_started("2026-11-20T15:00+07:00")});
  const auto cr = schedule_of(c, d::SlaClock::resolution, "2026-11-21T12:00+07:00");
  CHECK(cr.state == d::ClockState::paused);
  CHECK_FALSE(cr.due.has_value());
}

TEST_CASE("a reclassification recomputes the deadlines from the original receipt", "[sla]") {
  const d::CaseReclassified reclassified{"pengaduan", "permohonan-informasi", 2, at("2026-11-18T10:00+07:00"), true};
  const auto s = replay({submitted("2026-11-16T09:00+07:00"), reclassified});
  CHECK(s.sla.service == "permohonan-informasi");
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-18T11:00+07:00");
  CHECK(r.started_at == at("2026-11-16T09:00+07:00"));
  CHECK(r.limit.unit == d::ClockUnit::working_days);
  CHECK(r.limit.amount == 10);
  check_at(r.target_due, "2026-11-16T14:20+07:00", "260 working minutes from Monday 09:00");
  check_at(r.due, "2026-11-30T16:00+07:00", "10 working days from Monday");
  const auto first = schedule_of(s, d::SlaClock::first_response, "2026-11-18T11:00+07:00");
  CHECK(first.started_at == at("2026-11-16T09:00+07:00"));
  check_at(first.due, "2026-11-17T16:00+07:00", "the new service's first response, from receipt");
}

TEST_CASE("the first response clock stops at an officer's reply, not at a note or an escalation", "[sla]") {
  auto s = replay({submitted("2026-11-16T09:00+07:00"),
                 d::NoteAdded{"Cek data DTKS dulu.", "siti", at("2026-11-16T09:10+07:00")},
                 d::CaseEscalated{1, "perlu kabid", at("2026-11-16T09:20+07:00")}});
  CHECK_FALSE(s.first_response_at.has_value());
  CHECK(schedule_of(s, d::SlaClock::first_response, "2026-11-16T10:00+07:00").state == d::ClockState::running);

  s = then(s, {replied("2026-11-17T10:00+07:00")});
  CHECK(s.first_response_at == at("2026-11-17T10:00+07:00"));
  const auto first = schedule_of(s, d::SlaClock::first_response, "2026-11-20T10:00+07:00");
  CHECK(first.state == d::ClockState::stopped);
  CHECK(first.stopped_at == at("2026-11-17T10:00+07:00"));
  CHECK_FALSE(first.overdue(at("2026-12-20T10:00+07:00")));
  // A second reply does not move the stop.
  s = then(s, {replied("2026-11-18T10:00+07:00")});
  CHECK(s.first_response_at == at("2026-11-17T10:00+07:00"));
  // The resolution clock runs on.
  CHECK(schedule_of(s, d::SlaClock::resolution, "2026-11-20T10:00+07:00").state == d::ClockState::running);
}

TEST_CASE("the assignment that puts a received case in progress is a first response", "[sla]") {
  // The citizen's tracking page changes from "received" to "in progress".
  auto s = replay({submitted("2026-11-16T09:00+07:00"),
                 d::CaseAssigned{"bidang-linjamsos", "siti", at("2026-11-16T09:10+07:00")}});
  CHECK(s.first_response_at == at("2026-11-16T09:10+07:00"));
  // A later reassignment does not move it.
  s = then(s, {d::CaseAssigned{"bidang-rehsos", "budi", at("2026-11-17T09:10+07:00")}});
  CHECK(s.first_response_at == at("2026-11-16T09:10+07:00"));
}

TEST_CASE("an extension is given within the 10 working days, never after them", "[sla]") {
  // Received Monday 16 Nov 09:00: the 10 working days end Monday 30 Nov 16:00.
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00")});
  const auto extend = d::CaseCommand{d::Extend{"Data di tiga bidang."}};
  CHECK(d::CaseDecider::decide(extend, s, monitor("2026-11-30T15:59+07:00")).has_value());
  const auto late = d::CaseDecider::decide(extend, s, monitor("2026-11-30T16:01+07:00"));
  REQUIRE_FALSE(late);
  CHECK(late.error().code == tanggap::Errc::illegal_transition);
}

TEST_CASE("an extension adds 7 working days to an information request's 10-day limit", "[sla]") {
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00"),
                       d::DeadlineExtended{"Data di tiga bidang.", at("2026-11-26T10:00+07:00")}});
  CHECK(s.extended);
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-26T11:00+07:00");
  CHECK(r.limit.unit == d::ClockUnit::working_days);
  CHECK(r.limit.amount == 17);
  CHECK(r.target.amount == 260);  // the target is not extended
  check_at(r.due, "2026-12-09T16:00+07:00", "17 working days from Monday 16 Nov");
}

TEST_CASE("the extension stays with information requests: a reclassified case keeps the new service's limit", "[sla]") {
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00"),
                         d::DeadlineExtended{"Data di tiga bidang.", at("2026-11-18T10:00+07:00")},
                         d::CaseReclassified{"permohonan-informasi", "konsultasi", 2, at("2026-11-19T10:00+07:00"), false}});
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-19T11:00+07:00");
  CHECK(r.limit.amount == 5);  // not 5 + 7
  check_at(r.due, "2026-11-23T16:00+07:00", "konsultasi: 5 working days from Monday 16 Nov");
}

TEST_CASE("an objection starts the objection clock, which the next resolve stops", "[sla]") {
  const Events events{request_submitted("2026-10-05T09:00+07:00"),
                      resolved("2026-10-06T10:00+07:00", d::Outcome::granted),
                      d::ObjectionFiled{"Jawaban tidak lengkap.", at("2026-10-12T10:00+07:00")}};
  SECTION("no keberatan service: 30 working days (Pasal 36(2))") {
    auto s = replay(events);
    CHECK(s.status == d::CaseStatus::in_progress);
    const auto o = schedule_of(s, d::SlaClock::objection, "2026-10-13T10:00+07:00");
    CHECK(o.state == d::ClockState::running);
    CHECK(o.started_at == at("2026-10-12T10:00+07:00"));
    CHECK(o.limit.amount == 30);
    CHECK(o.limit.unit == d::ClockUnit::working_days);
    check_at(o.target_due, "2026-11-23T16:00+07:00", "target = limit = 30 working days");
    check_at(o.due, "2026-11-23T16:00+07:00", "30 working days from Monday 12 Oct");
    // The resolution clock stays stopped at the first resolve.
    const auto r = schedule_of(s, d::SlaClock::resolution, "2026-10-13T10:00+07:00");
    CHECK(r.state == d::ClockState::stopped);
    CHECK(r.stopped_at == at("2026-10-06T10:00+07:00"));

    s = then(s, {resolved("2026-10-29T10:00+07:00", d::Outcome::granted)});
    const auto stopped = schedule_of(s, d::SlaClock::objection, "2026-11-30T10:00+07:00");
    CHECK(stopped.state == d::ClockState::stopped);
    CHECK(stopped.stopped_at == at("2026-10-29T10:00+07:00"));
    CHECK_FALSE(stopped.overdue(at("2026-11-30T10:00+07:00")));
    CHECK(check_sla(s, monitor("2026-11-30T10:00+07:00")).empty());
  }
  SECTION("the office's keberatan-informasi service sets the promise") {
    const d::Catalog with_kbr = make_catalog(true);
    const auto o = schedule_of(replay(events), d::SlaClock::objection, "2026-10-13T10:00+07:00", with_kbr);
    check_at(o.target_due, "2026-10-26T16:00+07:00", "10 working days");
    check_at(o.due, "2026-11-23T16:00+07:00", "30 working days");
  }
}

TEST_CASE("a reopen resumes the resolution clock without the time while resolved", "[sla]") {
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00"), replied("2026-11-16T10:00+07:00"),
                       resolved("2026-11-17T09:00+07:00", d::Outcome::granted),
                       d::CaseReopened{"Belum lengkap.", at("2026-11-19T09:00+07:00")}});
  const auto r = schedule_of(s, d::SlaClock::resolution, "2026-11-19T10:00+07:00");
  CHECK(r.state == d::ClockState::running);
  // Resolved Tue 09:00 to Thu 09:00 = 15 office hours = 2 working days later.
  check_at(r.due, "2026-12-02T16:00+07:00", "10 working days + the 15 office hours while resolved");
}

// ---- the SLA monitor -------------------------------------------------------------

TEST_CASE("CheckSla warns once at 75% of a limit, then breaches and escalates once", "[sla]") {
  auto s = replay({submitted("2026-11-16T09:00+07:00")});
  const auto first = schedule_of(s, d::SlaClock::first_response, "2026-11-16T10:00+07:00");
  // 75% of 14 d 14 h 59 min after Mon 16 Nov 09:00.
  check_at(first.warn_at, "2026-11-27T08:14:15+07:00", "first response warn_at");
  const d::Instant warn_at = *first.warn_at;
  const d::Instant due = *first.due;

  SECTION("before 75%: nothing") {
    CHECK(check_sla(s, monitor(warn_at - std::chrono::milliseconds(1))).empty());
    CHECK(check_sla(s, monitor("2026-11-17T09:00+07:00")).empty());
  }

  SECTION("at warn_at: one warning, then nothing until the breach; past due: breach and level 1") {
    const Events warning = check_sla(s, monitor(warn_at));
    INFO(describe(warning));
    REQUIRE(warning.size() == 1);
    REQUIRE(std::holds_alternative<d::SlaWarning>(warning.front()));
    const auto& w = std::get<d::SlaWarning>(warning.front());
    CHECK(w.clock == d::SlaClock::first_response);
    CHECK(w.due == due);
    CHECK(w.calendar == holidays_version);
    CHECK(w.at == warn_at);

    s = then(s, warning);
    CHECK(s.sla.run(d::SlaClock::first_response).warned);
    CHECK(check_sla(s, monitor(warn_at)).empty());
    CHECK(check_sla(s, monitor(due)).empty());  // at the limit is not past it

    const d::Instant late = due + std::chrono::milliseconds(1);
    const Events breach = check_sla(s, monitor(late));
    INFO(describe(breach));
    REQUIRE(breach.size() == 2);
    REQUIRE(std::holds_alternative<d::SlaBreached>(breach[0]));
    CHECK(std::get<d::SlaBreached>(breach[0]).clock == d::SlaClock::first_response);
    CHECK(std::get<d::SlaBreached>(breach[0]).due == due);
    REQUIRE(std::holds_alternative<d::CaseEscalated>(breach[1]));
    CHECK(std::get<d::CaseEscalated>(breach[1]).level == 1);

    s = then(s, breach);
    CHECK(s.escalation_level == 1);
    CHECK(s.sla.run(d::SlaClock::first_response).breached);
    CHECK(d::broken_invariant(s).empty());
    // Idempotent: the monitor's retries write nothing.
    CHECK(check_sla(s, monitor(late)).empty());
    CHECK(check_sla(s, monitor("2026-12-10T09:00+07:00")).empty());
  }

  SECTION("the monitor's records do not count as activity") {
    const auto updated = s.updated_at;
    s = then(s, check_sla(s, monitor(warn_at)));
    CHECK(s.updated_at == updated);
  }
}

TEST_CASE("CheckSla: a clock that jumps straight past due gets warning and breach in one decision", "[sla]") {
  const auto s = replay({request_submitted("2026-11-16T09:00+07:00"), replied("2026-11-16T10:00+07:00")});
  const Events events = check_sla(s, monitor("2026-12-01T09:00+07:00"));
  INFO(describe(events));
  REQUIRE(events.size() == 3);
  REQUIRE(std::holds_alternative<d::SlaWarning>(events[0]));
  REQUIRE(std::holds_alternative<d::SlaBreached>(events[1]));
  REQUIRE(std::holds_alternative<d::CaseEscalated>(events[2]));
  CHECK(std::get<d::SlaWarning>(events[0]).clock == d::SlaClock::resolution);
  CHECK(std::get<d::SlaBreached>(events[1]).clock == d::SlaClock::resolution);
  CHECK(std::get<d::SlaBreached>(events[1]).due == at("2026-11-30T16:00+07:00"));
  CHECK(std::get<d::CaseEscalated>(events[2]).level == 1);
  CHECK(check_sla(then(s, events), monitor("2026-12-01T09:00+07:00")).empty());
}

TEST_CASE("CheckSla: breaches of both clocks escalate at most to level 2", "[sla]") {
  const auto count_escalations = [](const Events& events) {
    std::vector<std::uint32_t> levels;
    for (const auto& e : events)
      if (const auto* x = std::get_if<d::CaseEscalated>(&e)) levels.push_back(x->level);
    return levels;
  };
  SECTION("from level 0: two breaches noticed at once escalate one level, a later breach the next") {
    const auto s = replay({submitted("2026-11-16T09:00+07:00")});
    const Events events = check_sla(s, monitor("2027-01-20T09:00+07:00"));
    INFO(describe(events));
    CHECK(events.size() == 5);
    CHECK(count_escalations(events) == std::vector<std::uint32_t>{1});
    const auto after = then(s, events);
    CHECK(after.escalation_level == 1);
    CHECK(d::broken_invariant(after).empty());
    CHECK(check_sla(after, monitor("2027-01-21T09:00+07:00")).empty());
  }
  SECTION("already at level 1: the first breach goes to 2, the second escalates no further") {
    const auto s = replay({submitted("2026-11-16T09:00+07:00"),
                         d::CaseEscalated{1, "warga mengeluh di media sosial", at("2026-11-17T09:00+07:00")}});
    const Events events = check_sla(s, monitor("2027-01-20T09:00+07:00"));
    INFO(describe(events));
    CHECK(events.size() == 5);
    CHECK(count_escalations(events) == std::vector<std::uint32_t>{2});
    const auto after = then(s, events);
    CHECK(after.escalation_level == 2);
    CHECK(d::broken_invariant(after).empty());
  }
  SECTION("already at level 2: breaches are recorded, no escalation") {
    const auto s = replay({submitted("2026-11-16T09:00+07:00"),
                         d::CaseEscalated{1, "a", at("2026-11-17T09:00+07:00")},
                         d::CaseEscalated{2, "b", at("2026-11-17T10:00+07:00")}});
    const Events events = check_sla(s, monitor("2027-01-20T09:00+07:00"));
    INFO(describe(events));
    CHECK(events.size() == 4);
    CHECK(count_escalations(events).empty());
  }
}

TEST_CASE("CheckSla: a resolved or rejected case records nothing", "[sla]") {
  SECTION("resolved") {
    const auto s = replay({submitted("2026-11-16T09:00+07:00"), resolved("2026-11-17T09:00+07:00")});
    CHECK(check_sla(s, monitor("2027-03-01T09:00+07:00")).empty());
  }
  SECTION("resolved late: the stopped clock is overdue but the monitor records no breach afterwards") {
    const auto s = replay({request_submitted("2026-11-16T09:00+07:00"),
                         resolved("2026-12-03T09:00+07:00", d::Outcome::granted)});
    CHECK(schedule_of(s, d::SlaClock::resolution, "2026-12-04T09:00+07:00").overdue(at("2026-12-04T09:00+07:00")));
    CHECK(check_sla(s, monitor("2026-12-04T09:00+07:00")).empty());
  }
  SECTION("rejected") {
    const auto s = replay({submitted("2026-11-16T09:00+07:00"),
                         d::CaseRejected{"Bukan kewenangan dinas.", at("2026-11-17T09:00+07:00")}});
    CHECK(check_sla(s, monitor("2027-03-01T09:00+07:00")).empty());
  }
}

TEST_CASE("CheckSla needs the calendars", "[sla]") {
  const auto s = replay({submitted("2026-11-16T09:00+07:00")});
  d::Context ctx = monitor("2026-12-01T09:00+07:00");
  ctx.calendars = nullptr;
  const auto r = d::CaseDecider::decide(d::CheckSla{}, s, ctx);
  REQUIRE(r.has_error());
  CHECK(r.error().code == tanggap::Errc::not_ready);
}
