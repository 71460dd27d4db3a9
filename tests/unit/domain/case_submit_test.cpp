// The case vocabulary's wire names, and which submissions open a case.
#include "tests/unit/domain/case_fixture.h"

#include <catch2/catch.hpp>

using namespace tanggap;
using namespace tanggap::testing::cases;
using d::CaseDecider;

TEST_CASE("every wire name parses back to the value it names", "[domain][case]") {
  for (auto c : {d::Channel::web, d::Channel::whatsapp, d::Channel::telegram, d::Channel::email,
                 d::Channel::walk_in, d::Channel::phone, d::Channel::lapor})
    CHECK(d::parse_channel(d::channel_name(c)) == c);
  for (auto s : {d::CaseStatus::none, d::CaseStatus::received, d::CaseStatus::in_progress,
                 d::CaseStatus::waiting_for_citizen, d::CaseStatus::resolved,
                 d::CaseStatus::closed, d::CaseStatus::rejected})
    CHECK(d::parse_status(d::status_name(s)) == s);
  for (auto o : {d::Outcome::granted, d::Outcome::partly_granted, d::Outcome::rejected})
    CHECK(d::parse_outcome(d::outcome_name(o)) == o);
  for (auto u : {d::ClockUnit::working_minutes, d::ClockUnit::working_hours,
                 d::ClockUnit::working_days, d::ClockUnit::calendar_days,
                 d::ClockUnit::calendar_hours})
    CHECK(d::parse_unit(d::unit_name(u)) == u);
  for (auto p : {d::Privacy::public_, d::Privacy::confidential, d::Privacy::anonymous})
    CHECK(d::parse_privacy(d::privacy_name(p)) == p);

  CHECK(d::channel_name(d::Channel::walk_in) == "walk_in");
  CHECK(d::status_name(d::CaseStatus::waiting_for_citizen) == "waiting_for_citizen");
  CHECK(d::outcome_name(d::Outcome::partly_granted) == "partly_granted");
  CHECK(d::privacy_name(d::Privacy::public_) == "public");
  CHECK(d::unit_name(d::ClockUnit::working_minutes) == "working_minutes");
  CHECK_FALSE(d::parse_channel("WhatsApp"));
  CHECK_FALSE(d::parse_status(""));
  CHECK_FALSE(d::parse_privacy("public_"));
  CHECK_FALSE(d::parse_unit("days"));
  CHECK_FALSE(d::parse_outcome("granted "));
}

TEST_CASE("event and command type names are the wire types", "[domain][case]") {
  CHECK(d::event_type_name(d::OfficerReplied{}) == "OfficerReplied");
  CHECK(d::event_type_name(d::CitizenWaitStarted{}) == "CitizenWaitStarted");
  CHECK(d::event_type_name(d::ObjectionFiled{}) == "ObjectionFiled");
  CHECK(d::command_type_name(d::WaitForCitizen{}) == "wait_for_citizen");
  CHECK(d::command_type_name(d::Reclassify{}) == "reclassify");
  CHECK(d::command_type_name(d::Object{}) == "object");
}

TEST_CASE("a valid submission records the case with its office, steps and time",
          "[domain][case]") {
  const auto e = only<d::CaseSubmitted>(when({}, complaint(), ctx(t0())));
  CHECK(e.case_id == "ADU-2026-000042");
  CHECK(e.service == "pengaduan");
  CHECK(e.office == lumajang);
  CHECK(e.channel == d::Channel::whatsapp);
  CHECK(e.reporter.name == "Sri Wahyuni");
  CHECK(e.privacy == d::Privacy::public_);
  CHECK(e.step_total == 3);
  CHECK(e.at == t0());
  CHECK_FALSE(e.information_request);

  const auto s = CaseDecider::evolve({}, e);
  CHECK(s.status == d::CaseStatus::received);
  CHECK(s.submitted_at == t0());
  CHECK(s.events == 1);
  CHECK_FALSE(s.first_response_at);
  CHECK(d::broken_invariant(s).empty());
}

TEST_CASE("a submission names its office unless only one office offers the service",
          "[domain][case]") {
  SECTION("the only office offering the service is taken") {
    auto c = request();
    c.office.clear();
    const auto e = only<d::CaseSubmitted>(when({}, c));
    CHECK(e.office == lumajang);
    CHECK(e.information_request);
    CHECK(e.step_total == 2);
  }
  SECTION("two offices offering the service ask for the office") {
    auto c = complaint();
    c.office.clear();
    const auto r = when({}, c);
    require_refused(r, Errc::invalid_field, "office");
    CHECK(r.error().message.find("name the office") != std::string::npos);
  }
  SECTION("the other office's own version of the service is used") {
    auto c = complaint();
    c.office = std::string(jayapura);
    const auto e = only<d::CaseSubmitted>(when({}, c));
    CHECK(e.office == jayapura);
    CHECK(e.step_total == 2);
  }
}

TEST_CASE("a submission for an unknown service or office is refused", "[domain][case]") {
  auto c = complaint();
  SECTION("unknown service") {
    c.service = "pengaduan-jalan";
    require_refused(when({}, c), Errc::invalid_field, "service");
  }
  SECTION("unknown office") {
    c.office = "kab-atlantis";
    require_refused(when({}, c), Errc::invalid_field, "office");
  }
  SECTION("an office that does not offer the service") {
    c.case_id = "KON-2026-000001";
    c.service = "konsultasi";
    require_refused(when({}, c), Errc::invalid_field, "office");
  }
}

TEST_CASE("a case is submitted only once", "[domain][case]") {
  const auto s = given({complaint_submitted()});
  const auto r = when(s, complaint());
  require_refused(r, Errc::illegal_transition);
  CHECK(r.error().message.find("already exists") != std::string::npos);
  require_refused(when(given({complaint_submitted(), rejected()}), complaint()),
                  Errc::illegal_transition);
}

TEST_CASE("a submission needs a title and a body within their limits", "[domain][case]") {
  auto c = complaint();
  SECTION("blank title") {
    c.title = " \t ";
    require_refused(when({}, c), Errc::invalid_field, "title");
  }
  SECTION("blank body") {
    c.body = "\n";
    require_refused(when({}, c), Errc::invalid_field, "body");
  }
  SECTION("the title counts characters, not bytes") {
    std::string title;
    for (int i = 0; i < 200; ++i) title += "é";  // 400 bytes, 200 characters
    c.title = title;
    CHECK(when({}, c).has_value());
    c.title = title + "x";
    require_refused(when({}, c), Errc::invalid_field, "title");
  }
  SECTION("the body is at most 10000 bytes") {
    c.body = std::string(10'000, 'b');
    CHECK(when({}, c).has_value());
    c.body = std::string(10'001, 'b');
    require_refused(when({}, c), Errc::invalid_field, "body");
  }
}

TEST_CASE("a submission without privacy takes the service's default", "[domain][case]") {
  auto c = complaint();
  c.case_id = "KKS-2026-000003";
  c.service = "lapor-kks";
  CHECK(only<d::CaseSubmitted>(when({}, c)).privacy == d::Privacy::confidential);
  c.privacy = d::Privacy::public_;
  c.privacy_given = true;
  CHECK(only<d::CaseSubmitted>(when({}, c)).privacy == d::Privacy::public_);
}

TEST_CASE("an anonymous submission drops the name but keeps the contact", "[domain][case]") {
  auto c = complaint();
  c.privacy = d::Privacy::anonymous;
  c.privacy_given = true;
  c.reporter = d::Reporter{"Sri Wahyuni", "+6281200001234", "sri@example.org",
                           "3508014107900001", "99887766"};
  const auto e = only<d::CaseSubmitted>(when({}, c));
  CHECK(e.privacy == d::Privacy::anonymous);
  CHECK(e.reporter.name.empty());
  CHECK(e.reporter.nik.empty());
  CHECK(e.reporter.phone == "+6281200001234");
  CHECK(e.reporter.email == "sri@example.org");
  CHECK(e.reporter.chat_id == "99887766");

  c.reporter.name.clear();
  CHECK(when({}, c).has_value());
}

TEST_CASE("an information request cannot be anonymous", "[domain][case]") {
  auto c = request();
  c.privacy = d::Privacy::anonymous;
  c.privacy_given = true;
  require_refused(when({}, c), Errc::invalid_field, "privacy");
}

TEST_CASE("a named submission needs the reporter's name", "[domain][case]") {
  auto c = complaint();
  c.reporter.name = "   ";
  require_refused(when({}, c), Errc::invalid_field, "reporter.name");
  c.privacy = d::Privacy::confidential;
  c.privacy_given = true;
  require_refused(when({}, c), Errc::invalid_field, "reporter.name");
}

TEST_CASE("a case id has the right shape and the service's prefix", "[domain][case]") {
  auto c = complaint();
  for (const char* bad : {"", "ADU-2026-42", "adu-2026-000042", "ADU-2026-000042 ",
                          "ADU_2026_000042", "AD1-2026-000042", "ADU-26-00000042"}) {
    CAPTURE(bad);
    c.case_id = bad;
    require_refused(when({}, c), Errc::malformed, "case_id");
  }
  c.case_id = "INF-2026-000042";
  const auto r = when({}, c);
  require_refused(r, Errc::malformed, "case_id");
  CHECK(r.error().message.find("ADU") != std::string::npos);
}

TEST_CASE("occurred_on is a real date not after the office's today", "[domain][case]") {
  auto c = complaint();
  SECTION("empty and past dates are fine") {
    CHECK(when({}, c).has_value());
    c.occurred_on = "2026-11-01";
    CHECK(only<d::CaseSubmitted>(when({}, c)).occurred_on == "2026-11-01");
  }
  SECTION("not a date") {
    for (const char* bad : {"2026-02-30", "2026-13-01", "01-11-2026", "2026-11-1", "kemarin"}) {
      CAPTURE(bad);
      c.occurred_on = bad;
      require_refused(when({}, c), Errc::invalid_field, "occurred_on");
    }
  }
  SECTION("today is the office's local date") {
    // 23 Nov 2026 16:30 UTC is 23:30 in Lumajang and 01:30 on the 24th in Jayapura.
    const auto late = t0() + std::chrono::hours{14} + std::chrono::minutes{30};
    c.occurred_on = "2026-11-24";
    require_refused(when({}, c, ctx(late)), Errc::invalid_field, "occurred_on");
    c.office = std::string(jayapura);
    CHECK(when({}, c, ctx(late)).has_value());
    c.occurred_on = "2026-11-25";
    require_refused(when({}, c, ctx(late)), Errc::invalid_field, "occurred_on");
  }
}

TEST_CASE("the tracking code hash is 64 lowercase hex digits", "[domain][case]") {
  auto c = complaint();
  for (const std::string& bad : {std::string{}, std::string(63, 'a'), std::string(65, 'a'),
                                 std::string(64, 'A'), std::string(63, 'a') + "g"}) {
    c.tracking_code_hash = bad;
    require_refused(when({}, c), Errc::malformed, "tracking_code_hash");
  }
  c.tracking_code_hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  CHECK(when({}, c).has_value());
}

TEST_CASE("a submission's text is trimmed and its location checked", "[domain][case]") {
  auto c = complaint();
  c.title = "  Bantuan PKH belum cair \n";
  c.body = "\tSudah tiga bulan.  ";
  c.reporter.name = " Sri Wahyuni ";
  c.location = d::Location{"  Desa Tempeh Lor ", -8.2, 113.2};
  const auto e = only<d::CaseSubmitted>(when({}, c));
  CHECK(e.title == "Bantuan PKH belum cair");
  CHECK(e.body == "Sudah tiga bulan.");
  CHECK(e.reporter.name == "Sri Wahyuni");
  CHECK(e.location.text == "Desa Tempeh Lor");

  c.location.lat = 91.0;
  require_refused(when({}, c), Errc::invalid_field, "location.lat");
  c.location.lat = -8.2;
  c.location.lon = 181.0;
  require_refused(when({}, c), Errc::invalid_field, "location.lon");
}
