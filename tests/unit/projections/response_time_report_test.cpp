// The response-time report's arithmetic (projections/response_time_report.h)
// on hand-made facts: nearest-rank median and p90, shares within the limit,
// grouping, the period, the backlog's age buckets and the PPID figures.
// Every expected number below is worked out by hand in the comment beside it.
#include "events/domain/time.h"
#include "projections/response_time_report.h"
#include "projections/response_time_view.h"

#include <catch2/catch.hpp>

using namespace tanggap;
using namespace tanggap::domain;
using namespace tanggap::projections;
using std::chrono::sys_days;

namespace {

constexpr std::int64_t hour = 3'600'000;

Instant at(std::string_view text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

sys_days day(std::string_view text) {
  auto d = parse_date(text);
  REQUIRE(d);
  return sys_days{*d};
}

// A case received at `when` (WIB) at an office without a calendar.
CaseFact received(std::string_view when, Channel channel = Channel::web, std::string service = "pengaduan") {
  CaseFact f;
  f.received = at(when);
  f.received_day = std::chrono::floor<std::chrono::days>(f.received + std::chrono::hours(7));
  f.channel = channel;
  f.service = std::move(service);
  f.office = "kab-lumajang";
  return f;
}

// Resolved `hours` working hours (and twice that in calendar hours) after receipt.
CaseFact resolved(CaseFact f, std::int64_t hours, bool within = true) {
  f.first_response_working_ms = hours * hour / 2;
  f.first_response_calendar_ms = hours * hour;
  f.first_response_within_limit = true;
  f.resolution_working_ms = hours * hour;
  f.resolution_calendar_ms = 2 * hours * hour;
  f.resolution_within_limit = within;
  f.resolved_at = f.received + std::chrono::hours(2 * hours);
  return f;
}

ReportRequest period(std::string_view from, std::string_view to, ReportGroupBy by = ReportGroupBy::none,
                     std::string_view as_of = "2030-03-11T09:00:00+07:00") {
  return ReportRequest{day(from), day(to), by, at(as_of)};
}

const Calendars no_calendars;

}  // namespace

TEST_CASE("median and p90 are nearest-rank over the stopped clocks", "[projections][report]") {
  std::vector<CaseFact> facts;
  for (std::int64_t h : {5, 1, 4, 2, 3}) facts.push_back(resolved(received("2030-03-04T09:00:00+07:00"), h));
  auto report = compute_response_time_report(facts, period("2030-03-01", "2030-03-31"), no_calendars);
  const auto& res = report.total.resolution;
  // 1..5 h: rank ceil(0.5*5)=3 -> 3 h; rank ceil(0.9*5)=5 -> 5 h.
  CHECK(res.working.count == 5);
  CHECK(res.working.median_hours == Approx(3.0));
  CHECK(res.working.p90_hours == Approx(5.0));
  CHECK(res.working.max_hours == Approx(5.0));
  CHECK(res.calendar.median_hours == Approx(6.0));
  CHECK(report.total.first_response.working.median_hours == Approx(1.5));

  SECTION("an even count takes the lower middle") {
    facts.pop_back();  // 5, 1, 4, 2: rank 2 -> 2 h; rank ceil(3.6)=4 -> 5 h
    auto even = compute_response_time_report(facts, period("2030-03-01", "2030-03-31"), no_calendars);
    CHECK(even.total.resolution.working.median_hours == Approx(2.0));
    CHECK(even.total.resolution.working.p90_hours == Approx(5.0));
  }
  SECTION("ten values put the p90 at the ninth") {
    for (std::int64_t h : {10, 9, 8, 7, 6}) facts.push_back(resolved(received("2030-03-04T09:00:00+07:00"), h));
    auto ten = compute_response_time_report(facts, period("2030-03-01", "2030-03-31"), no_calendars);
    CHECK(ten.total.resolution.working.median_hours == Approx(5.0));
    CHECK(ten.total.resolution.working.p90_hours == Approx(9.0));
    CHECK(ten.total.resolution.working.max_hours == Approx(10.0));
  }
}

TEST_CASE("a group with no stopped clock has no times, not zeros", "[projections][report]") {
  std::vector<CaseFact> facts{received("2030-03-04T09:00:00+07:00")};
  auto report = compute_response_time_report(facts, period("2030-03-01", "2030-03-31"), no_calendars);
  CHECK(report.total.received == 1);
  CHECK(report.total.open == 1);
  CHECK(report.total.resolution.working.count == 0);
  CHECK_FALSE(report.total.resolution.working.median_hours);
  CHECK_FALSE(report.total.resolution.within_limit_share());
}

TEST_CASE("shares within the limit, breaches and escalations add up per group", "[projections][report]") {
  auto late = resolved(received("2030-03-04T09:00:00+07:00", Channel::whatsapp), 40, false);
  late.breaches = 1;
  late.escalations = 2;
  std::vector<CaseFact> facts{resolved(received("2030-03-04T09:00:00+07:00", Channel::whatsapp), 2),
                              resolved(received("2030-03-05T09:00:00+07:00", Channel::whatsapp), 3), late,
                              resolved(received("2030-03-05T10:00:00+07:00", Channel::email), 1)};
  auto report = compute_response_time_report(facts, period("2030-03-01", "2030-03-31", ReportGroupBy::channel),
                                             no_calendars);
  REQUIRE(report.groups.size() == 2);
  CHECK(report.groups[0].key == "email");  // keys ascending
  CHECK(report.groups[1].key == "whatsapp");
  const auto& wa = report.groups[1];
  CHECK(wa.received == 3);
  CHECK(wa.resolution.measured == 3);
  CHECK(wa.resolution.within_limit == 2);
  CHECK(*wa.resolution.within_limit_share() == Approx(2.0 / 3.0));
  CHECK(wa.breaches == 1);
  CHECK(wa.escalations == 2);
  CHECK(wa.resolution.working.median_hours == Approx(3.0));  // 2, 3, 40
  CHECK(report.total.received == 4);
  CHECK(report.total.resolution.within_limit == 3);
}

TEST_CASE("a case counts in the period and month of its local date of receipt", "[projections][report]") {
  // 2030-03-31T20:00Z is 1 April 03:00 WIB: April's, not March's.
  std::vector<CaseFact> facts{received("2030-03-31T20:00:00Z"), received("2030-03-31T16:00:00Z"),
                              received("2030-02-28T09:00:00+07:00"), received("2030-04-01T09:00:00+07:00")};
  auto march = compute_response_time_report(facts, period("2030-03-01", "2030-03-31", ReportGroupBy::month,
                                                          "2030-04-10T09:00:00+07:00"),
                                            no_calendars);
  CHECK(march.total.received == 1);  // only 31 March 23:00 WIB
  auto spring = compute_response_time_report(facts, period("2030-02-01", "2030-04-30", ReportGroupBy::month,
                                                           "2030-04-10T09:00:00+07:00"),
                                             no_calendars);
  REQUIRE(spring.groups.size() == 3);
  CHECK(spring.groups[0].key == "2030-02");
  CHECK(spring.groups[1].key == "2030-03");
  CHECK(spring.groups[2].key == "2030-04");
  CHECK(spring.groups[1].received == 1);
  CHECK(spring.groups[2].received == 2);
}

TEST_CASE("open cases are aged into the backlog buckets as of the report", "[projections][report]") {
  // As of Monday 11 March 2030 09:00 WIB, weekdays only (no calendar):
  std::vector<CaseFact> facts{
      received("2030-03-08T09:00:00+07:00"),  // Fri: working days in (8, 11] = 1      -> 0-2
      received("2030-03-04T09:00:00+07:00"),  // Mon: 5,6,7,8,11 = 5                    -> 3-5
      received("2030-02-25T09:00:00+07:00"),  // Mon: 26,27,28,1,4..8,11 = 10           -> 6-15
      received("2030-01-21T09:00:00+07:00"),  // 35 working days, 49 calendar days      -> 16 wd to 60 days
      received("2029-12-01T09:00:00+07:00"),  // 100 calendar days                      -> over 60 days
      // resolved after as_of: open as of the report
      resolved(received("2030-03-11T08:00:00+07:00"), 1),
      // resolved before as_of: not in the backlog
      resolved(received("2030-03-04T09:00:00+07:00"), 1),
  };
  auto report = compute_response_time_report(facts, period("2029-12-01", "2030-03-31"), no_calendars);
  CHECK(report.total.received == 7);
  CHECK(report.total.open == 6);
  CHECK(report.total.resolved == 1);
  CHECK(report.total.backlog == std::array<std::uint64_t, backlog_bucket_count>{2, 1, 1, 1, 1});
}

TEST_CASE("information requests give the PPID's annual figures", "[projections][report]") {
  auto request = [](std::string_view when, std::optional<Outcome> outcome, std::string exemption,
                    std::uint32_t days) {
    CaseFact f = resolved(received(when, Channel::email, "permohonan-informasi"), 3);
    f.information_request = true;
    f.outcome = outcome;
    f.exemption = std::move(exemption);
    f.working_days_to_answer = days;
    return f;
  };
  auto extended = request("2030-03-05T09:00:00+07:00", Outcome::rejected, "Pasal 17 huruf h", 12);
  extended.extended = true;
  extended.objected = true;
  CaseFact waiting = received("2030-03-06T09:00:00+07:00", Channel::web, "permohonan-informasi");
  waiting.information_request = true;
  std::vector<CaseFact> facts{request("2030-03-04T09:00:00+07:00", Outcome::granted, "", 2),
                              request("2030-03-04T10:00:00+07:00", Outcome::partly_granted, "Pasal 17 huruf h", 4),
                              extended,
                              request("2030-03-05T10:00:00+07:00", Outcome::rejected, "Pasal 17 huruf j", 6),
                              waiting,
                              resolved(received("2030-03-04T09:00:00+07:00"), 1)};  // a complaint: not counted
  auto report = compute_response_time_report(facts, period("2030-03-01", "2030-03-31", ReportGroupBy::service),
                                             no_calendars);
  const auto& info = report.total.information;
  CHECK(info.received == 5);
  CHECK(info.answered == 4);
  CHECK(info.granted == 1);
  CHECK(info.partly_granted == 1);
  CHECK(info.rejected == 2);
  CHECK(info.extended == 1);
  CHECK(info.objected == 1);
  CHECK(*info.mean_working_days_to_answer == Approx(6.0));  // (2 + 4 + 12 + 6) / 4
  REQUIRE(info.exemptions.size() == 2);
  CHECK(info.exemptions[0].exemption == "Pasal 17 huruf h");
  CHECK(info.exemptions[0].rejected == 1);
  CHECK(info.exemptions[0].partly_granted == 1);
  CHECK(info.exemptions[1].exemption == "Pasal 17 huruf j");
  CHECK(info.exemptions[1].rejected == 1);
  REQUIRE(report.groups.size() == 2);
  CHECK(report.groups[0].key == "pengaduan");
  CHECK(report.groups[0].information.received == 0);
  CHECK(report.groups[1].information.received == 5);
}

TEST_CASE("group_by names parse and unknown ones are refused", "[projections][report]") {
  CHECK(parse_group_by("") == ReportGroupBy::none);
  CHECK(parse_group_by("month") == ReportGroupBy::month);
  CHECK(parse_group_by("unit") == ReportGroupBy::unit);
  CHECK_FALSE(parse_group_by("Month"));
  CHECK_FALSE(parse_group_by("kecamatan"));
  CHECK_FALSE(parse_group_by(std::string_view("month\0", 6)));
}

TEST_CASE("a fact row survives its codec and damaged bytes are refused", "[projections][report]") {
  CaseFact f = resolved(received("2030-03-04T09:00:00+07:00", Channel::lapor, "permohonan-informasi"), 7, false);
  f.unit = "bidang-linjamsos";
  f.information_request = true;
  f.outcome = Outcome::partly_granted;
  f.exemption = "Pasal 17 huruf h";
  f.extended = true;
  f.working_days_to_answer = 9;
  f.breaches = 2;
  const std::string bytes = encode_fact(f);
  auto back = decode_fact(bytes);
  REQUIRE(back);
  CHECK(*back == f);
  CHECK(decode_fact(encode_fact(received("2030-03-04T09:00:00+07:00"))).value() ==
        received("2030-03-04T09:00:00+07:00"));

  // Every truncation, and every single-byte change of the header, is an error or a fact, never a crash.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto cut = decode_fact(std::string_view(bytes).substr(0, n));
    REQUIRE_FALSE(cut);
    CHECK(cut.error().code == Errc::storage_failed);
  }
  for (std::size_t i = 0; i < bytes.size(); ++i)
    for (int v : {0x00, 0x7f, 0xff}) {
      std::string changed = bytes;
      changed[i] = static_cast<char>(v);
      auto r = decode_fact(changed);
      if (!r) CHECK(r.error().code == Errc::storage_failed);
    }
  CHECK_FALSE(decode_fact(bytes + "x"));
}
