// tests/unit/domain/business_calendar_test.cpp — office-time arithmetic on
// hard dates (DOMAIN.md §2 "Clock kinds", "2x24 jam"; §6 working week, time
// zones, the 2026 holiday list). Every instant is written as local ISO text
// and compared with the expected local time, so a failure reads as a date.
#include "events/domain/business_calendar.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace d = tanggap::domain;
using namespace std::chrono_literals;

constexpr std::int32_t wib = 7 * 60;
constexpr std::int32_t wita = 8 * 60;
constexpr std::int32_t wit = 9 * 60;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t minute_ms = 60'000;

d::Instant at(std::string_view text) {
  const auto t = d::parse_instant(text);
  INFO(text);
  REQUIRE(t.has_value());
  return *t;
}

d::ClosedDay closed(int month, int day, d::ClosureKind kind, std::string name) {
  return {std::chrono::year{2026} / month / day, kind, std::move(name)};
}

// The SKB 1497/2025, 2/2025, 5/2025: 17 holidays and 8 cuti bersama (DOMAIN.md §6).
std::vector<d::ClosedDay> national_2026() {
  using K = d::ClosureKind;
  return {
      closed(1, 1, K::holiday, "Tahun Baru 2026 Masehi"),
      closed(1, 16, K::holiday, "Isra Mikraj"),
      closed(2, 16, K::cuti_bersama, "Tahun Baru Imlek 2577"),
      closed(2, 17, K::holiday, "Tahun Baru Imlek 2577"),
      closed(3, 18, K::cuti_bersama, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
      closed(3, 19, K::holiday, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
      closed(3, 20, K::cuti_bersama, "Idul Fitri 1447 H"),
      closed(3, 21, K::holiday, "Idul Fitri 1447 H"),
      closed(3, 22, K::holiday, "Idul Fitri 1447 H"),
      closed(3, 23, K::cuti_bersama, "Idul Fitri 1447 H"),
      closed(3, 24, K::cuti_bersama, "Idul Fitri 1447 H"),
      closed(4, 3, K::holiday, "Wafat Yesus Kristus"),
      closed(4, 5, K::holiday, "Kebangkitan Yesus Kristus (Paskah)"),
      closed(5, 1, K::holiday, "Hari Buruh Internasional"),
      closed(5, 14, K::holiday, "Kenaikan Yesus Kristus"),
      closed(5, 15, K::cuti_bersama, "Kenaikan Yesus Kristus"),
      closed(5, 27, K::holiday, "Idul Adha 1447 H"),
      closed(5, 28, K::cuti_bersama, "Idul Adha 1447 H"),
      closed(5, 31, K::holiday, "Hari Raya Waisak 2570 BE"),
      closed(6, 1, K::holiday, "Hari Lahir Pancasila"),
      closed(6, 16, K::holiday, "Tahun Baru Islam 1448 H"),
      closed(8, 17, K::holiday, "Hari Kemerdekaan Republik Indonesia"),
      closed(8, 25, K::holiday, "Maulid Nabi Muhammad SAW"),
      closed(12, 24, K::cuti_bersama, "Hari Raya Natal"),
      closed(12, 25, K::holiday, "Hari Raya Natal"),
  };
}

d::CalendarSpec spec(std::int32_t offset = wib, std::string id = "kab-lumajang") {
  d::CalendarSpec s;
  s.id = std::move(id);
  s.holidays_version = "id-national@2025-09-19";
  s.utc_offset_minutes = offset;
  s.hours = d::default_office_hours();
  s.closed_days = national_2026();
  s.published_years = {2026};
  return s;
}

d::BusinessCalendar calendar(d::CalendarSpec s = spec()) {
  const auto valid = d::validate(s);
  INFO(valid);
  REQUIRE(valid.has_value());
  return d::BusinessCalendar(std::move(s));
}

d::Duration working_days(std::uint32_t n) { return {n, d::ClockUnit::working_days}; }
d::Duration working_hours(std::uint32_t n) { return {n, d::ClockUnit::working_hours}; }
d::Duration working_minutes(std::uint32_t n) { return {n, d::ClockUnit::working_minutes}; }
d::Duration calendar_days(std::uint32_t n) { return {n, d::ClockUnit::calendar_days}; }
d::Duration calendar_hours(std::uint32_t n) { return {n, d::ClockUnit::calendar_hours}; }

// deadline(receipt, duration) is the expected local time, both printed on failure.
void check_deadline(const d::BusinessCalendar& cal, std::string_view receipt, d::Duration duration,
                    std::string_view expected) {
  const std::int32_t offset = cal.spec().utc_offset_minutes;
  const d::Instant got = cal.deadline(at(receipt), duration);
  INFO("received " << receipt << ", " << duration.amount << ' ' << d::unit_name(duration.unit));
  INFO("expected " << expected << ", got " << d::format_instant(got, offset));
  CHECK(got == at(expected));
}

}  // namespace

TEST_CASE("the default office week is 7.5 hours a day, Friday with the longer break", "[calendar]") {
  const auto cal = calendar();
  // Monday 23 Nov 2026 and Friday 20 Nov 2026, whole days.
  CHECK(cal.working_ms(at("2026-11-23T00:00+07:00"), at("2026-11-24T00:00+07:00")) == 7 * hour_ms + 30 * minute_ms);
  CHECK(cal.working_ms(at("2026-11-20T00:00+07:00"), at("2026-11-21T00:00+07:00")) == 7 * hour_ms + 30 * minute_ms);
  CHECK(cal.working_ms(at("2026-11-21T00:00+07:00"), at("2026-11-23T00:00+07:00")) == 0);  // Sat, Sun
  const auto national = national_2026();
  CHECK(national.size() == 25);
  CHECK(std::count_if(national.begin(), national.end(), [](const d::ClosedDay& c) {
          return c.kind == d::ClosureKind::cuti_bersama;
        }) == 8);
}

TEST_CASE("working days end at the close of office on the N-th working day after receipt", "[calendar]") {
  const auto cal = calendar();
  SECTION("received Friday 15:55, before closing: Monday is the 1st, Tuesday the 2nd") {
    check_deadline(cal, "2026-11-20T15:55:00+07:00", working_days(2), "2026-11-24T16:00:00+07:00");
  }
  SECTION("received Friday 17:00, after closing: counts from Monday") {
    check_deadline(cal, "2026-11-20T17:00:00+07:00", working_days(2), "2026-11-25T16:00:00+07:00");
  }
  SECTION("received Friday exactly at the close 16:30: counts from Monday") {
    check_deadline(cal, "2026-11-20T16:30:00+07:00", working_days(2), "2026-11-25T16:00:00+07:00");
  }
  SECTION("received on Saturday: counts from Monday") {
    check_deadline(cal, "2026-11-21T10:00:00+07:00", working_days(1), "2026-11-24T16:00:00+07:00");
  }
  SECTION("received during the lunch break: the same day, which opens again at 13:00") {
    check_deadline(cal, "2026-11-23T12:30:00+07:00", working_days(1), "2026-11-24T16:00:00+07:00");
  }
  SECTION("the N-th day is a Friday: its later close") {
    check_deadline(cal, "2026-11-23T09:00:00+07:00", working_days(4), "2026-11-27T16:30:00+07:00");
  }
  SECTION("2 working days from Tuesday 17 March 2026 skip Nyepi, Idul Fitri and their cuti bersama") {
    check_deadline(cal, "2026-03-17T10:00:00+07:00", working_days(2), "2026-03-26T16:00:00+07:00");
  }
}

TEST_CASE("\"2x24 jam\" is 15 working hours (DOMAIN.md §2)", "[calendar]") {
  const auto cal = calendar();
  SECTION("Monday 10:00 to Wednesday 10:00 in a normal week") {
    check_deadline(cal, "2026-11-23T10:00:00+07:00", working_hours(15), "2026-11-25T10:00:00+07:00");
  }
  SECTION("over a weekend: Friday 10:00 to Tuesday 10:00") {
    check_deadline(cal, "2026-11-20T10:00:00+07:00", working_hours(15), "2026-11-24T10:00:00+07:00");
  }
  SECTION("across the seven closed days of Nyepi and Idul Fitri: Tue 17 Mar 15:00 to Thu 26 Mar 15:00") {
    check_deadline(cal, "2026-03-17T15:00:00+07:00", working_hours(15), "2026-03-26T15:00:00+07:00");
  }
}

TEST_CASE("working minutes count office time only (seed 004's 260 minutes)", "[calendar]") {
  const auto cal = calendar();
  SECTION("across the end of office hours: 120 min on Monday, 140 on Tuesday") {
    check_deadline(cal, "2026-11-23T14:00:00+07:00", working_minutes(260), "2026-11-24T09:50:00+07:00");
  }
  SECTION("received during the lunch break: counts from 13:00") {
    check_deadline(cal, "2026-11-23T12:30:00+07:00", working_minutes(260), "2026-11-24T08:50:00+07:00");
  }
  SECTION("received during the Friday break (11:30-13:00)") {
    // 13:00-16:30 = 210 min on Friday, 50 on Monday.
    check_deadline(cal, "2026-11-20T11:45:00+07:00", working_minutes(260), "2026-11-23T08:20:00+07:00");
  }
  SECTION("received on a Saturday: from Monday 07:30, 270 min in the morning") {
    check_deadline(cal, "2026-11-21T10:00:00+07:00", working_minutes(260), "2026-11-23T11:50:00+07:00");
  }
  SECTION("running into the lunch break: the morning ends at 12:00, the rest after 13:00") {
    check_deadline(cal, "2026-11-23T11:00:00+07:00", working_minutes(90), "2026-11-23T13:30:00+07:00");
  }
}

TEST_CASE("the same local receipt in WIB, WITA and WIT has the same local deadline", "[calendar]") {
  const auto wib_cal = calendar(spec(wib, "wib"));
  const auto wita_cal = calendar(spec(wita, "wita"));
  const auto wit_cal = calendar(spec(wit, "wit"));

  SECTION("2 working days from Friday 15:55 local") {
    check_deadline(wib_cal, "2026-11-20T15:55:00+07:00", working_days(2), "2026-11-24T16:00:00+07:00");
    check_deadline(wita_cal, "2026-11-20T15:55:00+08:00", working_days(2), "2026-11-24T16:00:00+08:00");
    check_deadline(wit_cal, "2026-11-20T15:55:00+09:00", working_days(2), "2026-11-24T16:00:00+09:00");
    const d::Instant in_wib = wib_cal.deadline(at("2026-11-20T15:55:00+07:00"), working_days(2));
    const d::Instant in_wita = wita_cal.deadline(at("2026-11-20T15:55:00+08:00"), working_days(2));
    const d::Instant in_wit = wit_cal.deadline(at("2026-11-20T15:55:00+09:00"), working_days(2));
    INFO(d::format_instant(in_wib) << ' ' << d::format_instant(in_wita) << ' ' << d::format_instant(in_wit));
    CHECK(in_wib == at("2026-11-24T09:00:00Z"));
    CHECK(in_wib - in_wita == 1h);
    CHECK(in_wita - in_wit == 1h);
  }
  SECTION("260 working minutes from Monday 14:00 local") {
    check_deadline(wita_cal, "2026-11-23T14:00:00+08:00", working_minutes(260), "2026-11-24T09:50:00+08:00");
    check_deadline(wit_cal, "2026-11-23T14:00:00+09:00", working_minutes(260), "2026-11-24T09:50:00+09:00");
  }
  SECTION("the same UTC instant is Friday after closing in WIT but Friday afternoon in WIB") {
    // 08:00Z: 15:00 WIB (1.5 h left on Friday), 17:00 WIT (closed: counts from Monday).
    check_deadline(wib_cal, "2026-11-20T08:00:00Z", working_days(1), "2026-11-23T16:00:00+07:00");
    check_deadline(wit_cal, "2026-11-20T08:00:00Z", working_days(1), "2026-11-24T16:00:00+09:00");
  }
  SECTION("calendar days end at 23:59 local on day N") {
    check_deadline(wib_cal, "2026-11-20T15:55:00+07:00", calendar_days(14), "2026-12-04T23:59:00+07:00");
    check_deadline(wit_cal, "2026-11-20T15:55:00+09:00", calendar_days(14), "2026-12-04T23:59:00+09:00");
    // 23:30 WIT is still 14:30Z of the same day: the local day counts, not the UTC one.
    check_deadline(wit_cal, "2026-11-20T23:30:00+09:00", calendar_days(1), "2026-11-21T23:59:00+09:00");
    // 00:30 WIB on the 21st is 17:30Z on the 20th.
    check_deadline(wib_cal, "2026-11-21T00:30:00+07:00", calendar_days(1), "2026-11-22T23:59:00+07:00");
  }
  SECTION("calendar hours are elapsed time, 24/7, weekends and holidays included") {
    check_deadline(wib_cal, "2026-11-20T18:00:00+07:00", calendar_hours(48), "2026-11-22T18:00:00+07:00");
    check_deadline(wit_cal, "2026-11-20T18:00:00+09:00", calendar_hours(2), "2026-11-20T20:00:00+09:00");
    check_deadline(wib_cal, "2026-03-19T08:00:00+07:00", calendar_hours(24), "2026-03-20T08:00:00+07:00");
  }
}

TEST_CASE("working_ms counts office time between two instants", "[calendar]") {
  const auto cal = calendar();
  SECTION("across a weekend: Friday 15:00-16:30 and Monday 07:30-09:00") {
    CHECK(cal.working_ms(at("2026-11-20T15:00+07:00"), at("2026-11-23T09:00+07:00")) == 3 * hour_ms);
  }
  SECTION("across a holiday: Monday 17 August 2026 is closed") {
    CHECK(cal.working_ms(at("2026-08-14T15:00+07:00"), at("2026-08-18T09:00+07:00")) == 3 * hour_ms);
  }
  SECTION("across a cuti bersama: Thursday 24 December 2026 (and the 25th) are closed") {
    // Wed 23 Dec 15:00-16:00, Mon 28 Dec 07:30-08:30.
    CHECK(cal.working_ms(at("2026-12-23T15:00+07:00"), at("2026-12-28T08:30+07:00")) == 2 * hour_ms);
  }
  SECTION("across a lunch break") {
    CHECK(cal.working_ms(at("2026-11-23T11:00+07:00"), at("2026-11-23T14:00+07:00")) == 2 * hour_ms);
    CHECK(cal.working_ms(at("2026-11-20T11:00+07:00"), at("2026-11-20T13:30+07:00")) == 1 * hour_ms);
    CHECK(cal.working_ms(at("2026-11-23T12:10+07:00"), at("2026-11-23T12:50+07:00")) == 0);
  }
  SECTION("empty or reversed intervals are 0") {
    CHECK(cal.working_ms(at("2026-11-23T10:00+07:00"), at("2026-11-23T10:00+07:00")) == 0);
    CHECK(cal.working_ms(at("2026-11-23T11:00+07:00"), at("2026-11-23T10:00+07:00")) == 0);
  }
  SECTION("in another zone the local hours count") {
    const auto wit_cal = calendar(spec(wit, "wit"));
    // 00:00Z-02:00Z is 09:00-11:00 WIT (2 h office) but 07:00-09:00 WIB (1.5 h).
    CHECK(wit_cal.working_ms(at("2026-11-23T00:00Z"), at("2026-11-23T02:00Z")) == 2 * hour_ms);
    CHECK(cal.working_ms(at("2026-11-23T00:00Z"), at("2026-11-23T02:00Z")) == 90 * minute_ms);
  }
}

TEST_CASE("add_working_ms spends office time", "[calendar]") {
  const auto cal = calendar();
  const auto show = [&](d::Instant t) { return d::format_instant(t, wib); };
  SECTION("zero is the start itself, even outside office hours") {
    for (const char* text : {"2026-11-23T10:00+07:00", "2026-11-21T10:00+07:00", "2026-11-23T12:30+07:00"}) {
      INFO(text);
      CHECK(cal.add_working_ms(at(text), 0) == at(text));
    }
  }
  SECTION("ending exactly at a close returns the close, not the next opening") {
    const d::Instant friday_close = cal.add_working_ms(at("2026-11-20T15:00+07:00"), 90 * minute_ms);
    INFO(show(friday_close));
    CHECK(friday_close == at("2026-11-20T16:30+07:00"));
    const d::Instant lunch = cal.add_working_ms(at("2026-11-23T11:00+07:00"), 60 * minute_ms);
    INFO(show(lunch));
    CHECK(lunch == at("2026-11-23T12:00+07:00"));
  }
  SECTION("one millisecond more goes to the next opening") {
    const d::Instant next = cal.add_working_ms(at("2026-11-20T15:00+07:00"), 90 * minute_ms + 1);
    INFO(show(next));
    CHECK(next == at("2026-11-23T07:30:00.001+07:00"));
  }
  SECTION("working_ms and add_working_ms are inverse on office time") {
    const d::Instant from = at("2026-03-17T15:00+07:00");
    const d::Instant to = at("2026-03-26T15:00+07:00");
    const std::int64_t ms = cal.working_ms(from, to);
    CHECK(ms == 15 * hour_ms);
    const d::Instant back = cal.add_working_ms(from, ms);
    INFO(show(back));
    CHECK(back == to);
  }
}

TEST_CASE("holiday_gaps names the years without a published list", "[calendar]") {
  const d::Instant now = at("2026-11-23T09:00+07:00");
  SECTION("2027 not yet published") {
    d::Calendars calendars;
    calendars.by_office.emplace("kab-lumajang", calendar(spec(wib, "kab-lumajang")));
    const auto gaps = d::holiday_gaps(calendars, now);
    REQUIRE(gaps.size() == 1);
    INFO(gaps.front());
    CHECK(gaps.front().find("2027") != std::string::npos);
  }
  SECTION("offices sharing one holiday list get one line") {
    d::Calendars calendars;
    calendars.by_office.emplace("kab-lumajang", calendar(spec(wib, "id-jatim")));
    calendars.by_office.emplace("kab-madiun", calendar(spec(wib, "id-jatim")));
    CHECK(d::holiday_gaps(calendars, now).size() == 1);
  }
  SECTION("none when both years are published") {
    auto s = spec();
    s.published_years = {2026, 2027};
    d::Calendars calendars;
    calendars.by_office.emplace("kab-lumajang", calendar(s));
    CHECK(d::holiday_gaps(calendars, now).empty());
  }
  SECTION("a year without a list still counts weekends") {
    const auto cal = calendar();
    CHECK_FALSE(cal.holidays_published(2027));
    // Fri 1 Jan 2027 is New Year in reality, but not in the (unpublished) data.
    check_deadline(cal, "2026-12-31T10:00:00+07:00", working_days(1), "2027-01-01T16:30:00+07:00");
  }
}

TEST_CASE("cuti bersama closes the office unless it keeps a duty roster", "[calendar]") {
  const auto wednesday_18_march = std::chrono::sys_days{std::chrono::year{2026} / 3 / 18};
  const auto thursday_19_march = std::chrono::sys_days{std::chrono::year{2026} / 3 / 19};
  SECTION("closed by default") {
    const auto cal = calendar();
    CHECK_FALSE(cal.is_working_day(wednesday_18_march));
    CHECK_FALSE(cal.is_working_day(thursday_19_march));
  }
  SECTION("open_on_cuti_bersama: the cuti bersama is a working day, the holiday is not") {
    auto s = spec();
    s.open_on_cuti_bersama = true;
    const auto cal = calendar(s);
    CHECK(cal.is_working_day(wednesday_18_march));
    CHECK_FALSE(cal.is_working_day(thursday_19_march));
    // Tue 17 Mar 15:00: 1 h, Wed 18 7.5 h, (Thu 19 closed), Fri 20 07:30-11:30 and 13:00-15:30.
    check_deadline(cal, "2026-03-17T15:00:00+07:00", working_hours(15), "2026-03-20T15:30:00+07:00");
    check_deadline(cal, "2026-03-17T10:00:00+07:00", working_days(2), "2026-03-20T16:30:00+07:00");
  }
}

TEST_CASE("validate refuses a calendar the arithmetic cannot use", "[calendar]") {
  SECTION("a week without office hours") {
    auto s = spec();
    for (auto& day : s.hours) day.clear();
    CHECK(d::validate(s).has_error());
  }
  SECTION("overlapping spans") {
    auto s = spec();
    s.hours[1] = {{8 * 60, 12 * 60}, {11 * 60, 16 * 60}};
    CHECK(d::validate(s).has_error());
  }
  SECTION("an offset outside -12:00..+14:00") {
    auto s = spec();
    s.utc_offset_minutes = 15 * 60;
    CHECK(d::validate(s).has_error());
  }
}
