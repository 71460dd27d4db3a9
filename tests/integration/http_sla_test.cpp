// SLA clocks over HTTP: deadlines in the answers, the test clock moving time,
// warnings, breaches and escalations recorded exactly once (also across a
// restart), pauses, the breach board and the queue's breached filter.
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>

namespace tanggap::testing {
namespace {

using nlohmann::json;

// Monday 4 March 2030, 09:00 WIB: no holiday list covers 2030, so only
// weekends close the office, which keeps the expected times easy to check.
constexpr const char* monday_0900 = "2030-03-04T09:00:00+07:00";

json move_clock(ServerFixture& s, const std::string& now) {
  auto r = s.post_json("/api/v1/admin/clock", json{{"now", now}}.dump(), s.admin_token);
  REQUIRE(r.status == 200);
  return json_of(r);
}

json case_view(ServerFixture& s, const std::string& token, const std::string& id) {
  auto r = s.get("/api/v1/cases/" + id, token);
  REQUIRE(r.status == 200);
  return json_of(r);
}

// How many events of each SLA type a case holds, by "Type/clock".
std::map<std::string, int> sla_events(const json& view) {
  std::map<std::string, int> counts;
  for (const auto& e : view["timeline"]) {
    const std::string type = e["type"];
    if (type == "SlaWarning" || type == "SlaBreached") counts[type + "/" + e["data"]["clock"].get<std::string>()]++;
    if (type == "CaseEscalated") counts[type + "/" + std::to_string(e["data"]["level"].get<int>())]++;
  }
  return counts;
}

// The test clock keeps running after a move, so a case lands a few ms after
// the minute set: compare times to the second.
std::string to_second(const json& time) {
  const std::string t = time.get<std::string>();
  return t.substr(0, 19) + t.substr(23);  // drop ".mmm"
}

bool about(const json& ms, std::int64_t expected) {
  return std::llabs(ms.get<std::int64_t>() - expected) < 1000;
}

json clock_of(const json& view, const std::string& name) {
  for (const auto& c : view["sla"])
    if (c["clock"] == name) return c;
  FAIL("no clock " << name);
  return {};
}

}  // namespace

TEST_CASE("SLA warnings, breaches and escalations are recorded once, also across a restart",
          "[integration][http][sla]") {
  ReadyServerFixture s;
  move_clock(s, monday_0900);
  const std::string officer = s.add_staff("siti", "officer");

  const auto late = submit_case(s, case_json("pengaduan", "kab-lumajang"));
  const auto answered = submit_case(s, case_json("pengaduan", "kab-lumajang"));
  REQUIRE(send_command(s, officer, answered.id, {{"type", "reply"}, {"text", "Sedang kami periksa."}, {"expected_version", 0}}).status == 200);

  // "2x24 jam" at Lumajang is 15 working hours: Mon 09:00 → Wed 09:00.
  json view = case_view(s, officer, late.id);
  CHECK(to_second(view["first_response_due"]) == "2030-03-06T09:00:00+07:00");
  const json first = clock_of(view, "first_response");
  CHECK(first["state"] == "running");
  CHECK(to_second(first["due"]) == "2030-03-06T09:00:00+07:00");
  CHECK(to_second(first["warn_at"]) == "2030-03-05T13:45:00+07:00");  // 75%: 11.25 working hours
  CHECK(about(first["time_left_ms"], 48LL * 3600 * 1000));

  // Just before 75%: nothing.
  auto tick = move_clock(s, "2030-03-05T13:44:00+07:00");
  CHECK(tick["sla"]["warnings"] == 0);
  CHECK(sla_events(case_view(s, officer, late.id)).empty());

  // Past 75%: one warning for the late case, none for the answered one.
  tick = move_clock(s, "2030-03-05T13:46:00+07:00");
  CHECK(tick["sla"]["warnings"] == 1);
  CHECK(sla_events(case_view(s, officer, late.id)) == std::map<std::string, int>{{"SlaWarning/first_response", 1}});
  CHECK(sla_events(case_view(s, officer, answered.id)).empty());

  // Past the limit: the breach and an escalation to the head of division.
  tick = move_clock(s, "2030-03-06T09:01:00+07:00");
  CHECK(tick["sla"]["breaches"] == 1);
  CHECK(tick["sla"]["escalations"] == 1);
  view = case_view(s, officer, late.id);
  CHECK(view["escalation_level"] == 1);
  CHECK(clock_of(view, "first_response")["breached"] == true);
  CHECK(sla_events(view) == std::map<std::string, int>{
                                {"SlaWarning/first_response", 1}, {"SlaBreached/first_response", 1}, {"CaseEscalated/1", 1}});

  // The breach board lists it, most overdue first; the queue filter agrees.
  auto board = s.get("/api/v1/sla/breaches?clock=first_response", officer);
  REQUIRE(board.status == 200);
  auto listed = json_of(board)["breaches"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["id"] == late.id);
  CHECK(about(listed[0]["overdue_ms"], 60 * 1000));
  CHECK(listed[0]["escalation_level"] == 1);
  auto queue = json_of(s.get("/api/v1/cases?breached=true", officer));
  REQUIRE(queue["cases"].size() == 1);
  CHECK(queue["cases"][0]["id"] == late.id);
  CHECK(queue["cases"][0]["overdue"] == true);
  auto rest = json_of(s.get("/api/v1/cases?breached=false", officer));
  REQUIRE(rest["cases"].size() == 1);
  CHECK(rest["cases"][0]["id"] == answered.id);
  // As of a time before the deadline, nothing was overdue yet.
  CHECK(json_of(s.get("/api/v1/sla/breaches?at=2030-03-06T08:00:00%2B07:00", officer))["breaches"].empty());

  // A restart, and time moving on: nothing is recorded twice.
  s.restart();
  const std::string officer_again = s.add_staff("budi", "officer");
  tick = move_clock(s, "2030-03-06T10:00:00+07:00");
  CHECK(tick["sla"]["warnings"] == 0);
  CHECK(tick["sla"]["breaches"] == 0);
  CHECK(tick["sla"]["open_breaches"].get<int>() >= 1);
  CHECK(sla_events(case_view(s, officer_again, late.id)) ==
        std::map<std::string, int>{
            {"SlaWarning/first_response", 1}, {"SlaBreached/first_response", 1}, {"CaseEscalated/1", 1}});

  // Months later the resolution limit (60 calendar days) passes too: level 2,
  // the head of office, and the chain ends there.
  tick = move_clock(s, "2030-06-01T09:00:00+07:00");
  view = case_view(s, officer_again, late.id);
  CHECK(view["escalation_level"] == 2);
  CHECK(sla_events(view)["SlaBreached/resolution"] == 1);
  CHECK(sla_events(view)["CaseEscalated/2"] == 1);
  // The answered case breached its resolution clock too (it was never resolved).
  CHECK(case_view(s, officer_again, answered.id)["escalation_level"] == 1);
  tick = move_clock(s, "2030-06-02T09:00:00+07:00");
  CHECK(tick["sla"]["breaches"] == 0);
  CHECK(tick["sla"]["escalations"] == 0);
}

TEST_CASE("waiting for the citizen pauses the resolution clock and moves its deadline", "[integration][http][sla]") {
  ReadyServerFixture s;
  move_clock(s, monday_0900);
  const std::string officer = s.add_staff("siti", "officer");
  const auto c = submit_case(s, case_json("pengaduan", "kab-lumajang"));
  const json before = clock_of(case_view(s, officer, c.id), "resolution");
  CHECK(before["state"] == "running");

  move_clock(s, "2030-03-04T10:00:00+07:00");
  REQUIRE(send_command(s, officer, c.id, {{"type", "wait_for_citizen"}, {"reason", "Mohon kirim foto KK"}, {"expected_version", 0}}).status == 200);
  json paused = clock_of(case_view(s, officer, c.id), "resolution");
  CHECK(paused["state"] == "paused");
  CHECK(paused["due"].is_null());  // nobody knows yet when the citizen answers
  CHECK(case_view(s, officer, c.id)["resolution_due"].is_null());

  // Back after the weekend: Monday 09:00 → the next Monday 10:00 is paused.
  move_clock(s, "2030-03-11T10:00:00+07:00");
  REQUIRE(send_command(s, officer, c.id, {{"type", "resume"}, {"expected_version", 1}}).status == 200);
  json resumed = clock_of(case_view(s, officer, c.id), "resolution");
  CHECK(resumed["state"] == "running");
  CHECK(about(resumed["paused_ms"], 7LL * 24 * 3600 * 1000));
  // The resolution limit counts calendar days: the deadline moves by the 7 days paused.
  const auto due_before = domain::parse_instant(before["due"].get<std::string>());
  const auto due_after = domain::parse_instant(resumed["due"].get<std::string>());
  REQUIRE(due_before);
  REQUIRE(due_after);
  CHECK(about(json((*due_after - *due_before).count()), 7LL * 24 * 3600 * 1000));

  // The first response stopped when the citizen was asked: it is met.
  json first = clock_of(case_view(s, officer, c.id), "first_response");
  CHECK(first["state"] == "stopped");
  CHECK(first["overdue"] == false);
}

TEST_CASE("the breach board refuses what it cannot read", "[integration][http][sla]") {
  ReadyServerFixture s;
  const std::string officer = s.add_staff("siti", "officer");
  CHECK(s.get("/api/v1/sla/breaches").status == 401);
  CHECK(error_field(s.get("/api/v1/sla/breaches?clock=lunch", officer)) == "clock");
  CHECK(error_field(s.get("/api/v1/sla/breaches?at=yesterday", officer)) == "at");
  CHECK(error_field(s.get("/api/v1/sla/breaches?limit=0", officer)) == "limit");
  CHECK(error_code(s.get("/api/v1/sla/breaches?cursor=zzz", officer)) == "malformed");
  CHECK(error_field(s.get("/api/v1/cases?breached=maybe", officer)) == "breached");
  auto empty = s.get("/api/v1/sla/breaches", officer);
  REQUIRE(empty.status == 200);
  CHECK(json_of(empty)["breaches"].empty());
  // The readiness detail names the missing holiday years instead of hiding them.
  auto ready = json_of(s.get("/readyz"));
  CHECK(!ready["warnings"].empty());
}

}  // namespace tanggap::testing

namespace tanggap::testing {

TEST_CASE("warnings, breaches and escalations reach the officer and the level above", "[integration][http][sla]") {
  ReadyServerFixture s;
  move_clock(s, monday_0900);
  const std::string officer = s.add_staff("siti", "officer", "Linjamsos");
  const std::string head = s.add_staff("kabid", "supervisor", "Linjamsos");
  const std::string other_head = s.add_staff("kabid2", "supervisor", "Rehsos");
  const auto c = submit_case(s, case_json("pengaduan", "kab-lumajang"));
  REQUIRE(send_command(s, head, c.id, {{"type", "assign"}, {"unit", "Linjamsos"}, {"officer", "siti"}, {"expected_version", 0}}).status == 200);
  const auto kinds = [&](const std::string& token, const std::string& query = "") {
    auto r = s.get("/api/v1/notifications" + query, token);
    REQUIRE(r.status == 200);
    std::vector<std::string> out;
    const json body = json_of(r);  // a temporary's member would die before the loop
    for (const auto& n : body["notifications"]) {
      CHECK(n["id"] == c.id);
      out.push_back(n["kind"].get<std::string>());
    }
    return out;
  };
  CHECK(kinds(officer).empty());

  // The assignment put the case in progress (the citizen sees it): the first
  // response is met. Resolution's limit is 60 calendar days: 3 May, 23:59.
  move_clock(s, "2030-03-06T09:01:00+07:00");
  CHECK(kinds(officer).empty());
  CHECK(clock_of(case_view(s, officer, c.id), "first_response")["state"] == "stopped");
  move_clock(s, "2030-05-04T00:00:00+07:00");
  CHECK(kinds(officer) == std::vector<std::string>{"sla_warning", "sla_breach", "escalation"});
  CHECK(kinds(head) == std::vector<std::string>{"escalation"});
  CHECK(kinds(other_head).empty());
  CHECK(kinds(s.admin_token) == std::vector<std::string>{"escalation"});

  // A manual escalation takes the same path: level 2 reaches the head again.
  auto version = json_of(s.get("/api/v1/cases/" + c.id, officer))["version"].get<int>();
  REQUIRE(send_command(s, officer, c.id, {{"type", "escalate"}, {"reason", "Perlu keputusan Kepala Dinas"}, {"expected_version", version}}).status == 200);
  REQUIRE(projections_caught_up(s));
  auto feed = json_of(s.get("/api/v1/notifications", head));
  REQUIRE(feed["notifications"].size() == 2);
  CHECK(feed["notifications"][1]["level"] == 2);
  CHECK(feed["notifications"][1]["reason"] == "Perlu keputusan Kepala Dinas");
  // Paging: after the last position seen there is nothing new.
  const auto after = feed["next_after"].get<std::uint64_t>();
  CHECK(kinds(head, "?after=" + std::to_string(after)).empty());
  CHECK(error_field(s.get("/api/v1/notifications?after=-1", head)) == "after");
  CHECK(error_field(s.get("/api/v1/notifications?limit=0", head)) == "limit");
}

}  // namespace tanggap::testing
