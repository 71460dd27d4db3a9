// The admin's routes and the operations routes over real HTTP: the raw log,
// staff accounts, the test clock, health, readiness, metrics and the OpenAPI
// document (CONTRACT.md §3.2, §3.3, §5).
#include "server/api.h"
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>
#include <sstream>

using nlohmann::json;
using tanggap::testing::error_code;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::log_head;
using tanggap::testing::send_command;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;
using tanggap::testing::wait_until;

namespace {

bool is_hex64(const json& v) { return v.is_string() && std::regex_match(v.get<std::string>(), std::regex("[0-9a-f]{64}")); }

// The value of the first sample line that starts with `series` (name and labels), or -1.
double sample(const std::string& metrics, const std::string& series) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

bool has_line_with(const std::string& metrics, std::initializer_list<std::string_view> parts) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line)) {
    bool all = true;
    for (const auto p : parts) all = all && line.find(p) != std::string::npos;
    if (all) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the raw log shows every event in its envelope, hash-chained and gap-free", "[integration][http][admin]") {
  ReadyServerFixture s;
  auto submitted = s.post_json("/api/v1/cases", ServerFixture::complaint_json());
  REQUIRE(submitted.status == 201);
  const std::string id = json_of(submitted)["id"];
  const auto officer = s.add_staff("budi", "officer");
  REQUIRE(send_command(s, officer, id, {{"type", "note"}, {"expected_version", 0}, {"text", "catatan"}}).status == 200);

  auto r = s.get("/api/v1/events", s.admin_token);
  REQUIRE(r.status == 200);
  const auto page = json_of(r);
  const auto& events = page["events"];
  REQUIRE(events.size() == 4);  // admin account, the case, budi's account, the note
  CHECK(page["head"] == 4);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    CAPTURE(e.dump());
    CHECK(e["position"] == i + 1);
    for (const char* key : {"stream", "id", "type", "recorded_at", "correlation_id", "causation_id"}) CHECK(e[key].is_string());
    CHECK(e["version"].is_number_unsigned());
    CHECK(e["schema"].is_number_unsigned());
    CHECK(e["actor"]["kind"].is_string());
    CHECK(e["actor"]["id"].is_string());
    CHECK(e["data"].is_object());
    CHECK(is_hex64(e["prev_hash"]));
    CHECK(is_hex64(e["hash"]));
    CHECK(e["hash"] != e["prev_hash"]);
    if (i > 0) CHECK(e["prev_hash"] == events[i - 1]["hash"]);
  }
  CHECK(events[0]["type"] == "StaffAccountCreated");
  CHECK(events[0]["stream"] == "staff-admin");
  CHECK(events[1]["type"] == "CaseSubmitted");
  CHECK(events[1]["stream"] == "case-" + id);
  CHECK(events[1]["version"] == 0);
  CHECK(events[1]["actor"] == json{{"kind", "citizen"}, {"id", "web"}});
  CHECK(events[1]["correlation_id"] == std::string(submitted.header("x-request-id").value_or("?")));
  CHECK(events[3]["type"] == "NoteAdded");
  CHECK(events[3]["version"] == 1);
  CHECK(events[3]["actor"] == json{{"kind", "officer"}, {"id", "budi"}});
  CHECK(events[3]["data"]["text"] == "catatan");

  SECTION("after and limit page through the log") {
    auto middle = json_of(s.get("/api/v1/events?after=1&limit=2", s.admin_token));
    REQUIRE(middle["events"].size() == 2);
    CHECK(middle["events"][0]["position"] == 2);
    CHECK(middle["events"][1]["position"] == 3);
    CHECK(middle["events"][0]["hash"] == events[1]["hash"]);
    CHECK(json_of(s.get("/api/v1/events?after=4", s.admin_token))["events"].empty());
  }
  SECTION("after and limit must be numbers in range") {
    for (const char* query : {"?limit=0", "?limit=1001", "?limit=ten", "?after=-1", "?after=x"}) {
      CAPTURE(query);
      auto bad = s.get(std::string("/api/v1/events") + query, s.admin_token);
      CHECK(bad.status == 422);
      CHECK(error_code(bad) == "invalid_field");
      CHECK(error_field(bad) == (std::string(query).find("limit") != std::string::npos ? "limit" : "after"));
    }
    CHECK(s.get("/api/v1/events?limit=1000", s.admin_token).status == 200);
  }
}

TEST_CASE("an admin creates a staff account whose token works at once", "[integration][http][admin]") {
  ReadyServerFixture s;
  const auto c = submit_case(s);
  auto r = s.post_json("/api/v1/admin/users", R"({"name":"joko","role":"supervisor","unit":"linjamsos"})", s.admin_token);
  REQUIRE(r.status == 201);
  const auto answer = json_of(r);
  CHECK(answer["name"] == "joko");
  CHECK(answer["role"] == "supervisor");
  CHECK(answer["unit"] == "linjamsos");
  REQUIRE(is_hex64(answer["token"]));
  const std::string token = answer["token"];

  auto seen = s.get("/api/v1/cases/" + c.id, token);  // no wait: the answer came once the token works
  REQUIRE(seen.status == 200);
  CHECK(json_of(seen)["reporter"]["nik"] == "3508124506780003");  // a supervisor sees it whole
  CHECK(r.body.find(token) != std::string::npos);

  const auto head = log_head(s);
  SECTION("a name taken is a duplicate") {
    auto again = s.post_json("/api/v1/admin/users", R"({"name":"joko","role":"officer"})", s.admin_token);
    CHECK(again.status == 409);
    CHECK(error_code(again) == "duplicate");
  }
  SECTION("a role that does not exist is refused naming the role") {
    auto bad = s.post_json("/api/v1/admin/users", R"({"name":"tono","role":"janitor"})", s.admin_token);
    CHECK(bad.status == 422);
    CHECK(error_code(bad) == "invalid_field");
    CHECK(error_field(bad) == "role");
  }
  SECTION("a name that cannot be a stream name is refused naming the name") {
    auto bad = s.post_json("/api/v1/admin/users", R"({"name":"Joko Widodo","role":"officer"})", s.admin_token);
    CHECK(bad.status == 422);
    CHECK(error_field(bad) == "name");
  }
  CHECK(log_head(s) == head);
}

TEST_CASE("the test clock route does not exist without --test-clock", "[integration][http][admin]") {
  ReadyServerFixture s({}, false);
  auto r = s.post_json("/api/v1/admin/clock", R"({"now":"2030-03-01T09:00:00+07:00"})", s.admin_token);
  CHECK(r.status == 404);
  CHECK(error_code(r) == "not_found");
  auto c = submit_case(s);
  CHECK(c.id.substr(4, 4) != "2030");
}

TEST_CASE("the test clock moves forward and never back", "[integration][http][admin]") {
  ReadyServerFixture s;
  auto moved = s.post_json("/api/v1/admin/clock", R"({"now":"2030-03-01T09:00:00+07:00"})", s.admin_token);
  REQUIRE(moved.status == 200);
  CHECK_THAT(json_of(moved)["now"].get<std::string>(), Catch::StartsWith("2030-03-01T09:00"));

  // The server lives in 2030 now: case ids carry the year, the views the time.
  const auto c = submit_case(s);
  CHECK(c.id == "ADU-2030-000001");
  auto view = json_of(s.get("/api/v1/track/" + c.id + "?code=" + c.tracking_code));
  CHECK_THAT(view["submitted_at"].get<std::string>(), Catch::StartsWith("2030-03-01T09:0"));

  auto back = s.post_json("/api/v1/admin/clock", R"({"now":"2029-12-31T09:00:00+07:00"})", s.admin_token);
  CHECK(back.status == 422);
  CHECK(error_code(back) == "invalid_field");
  CHECK(error_field(back) == "now");

  auto nonsense = s.post_json("/api/v1/admin/clock", R"({"now":"tomorrow"})", s.admin_token);
  CHECK(nonsense.status == 422);
  CHECK(error_field(nonsense) == "now");

  auto further = s.post_json("/api/v1/admin/clock", R"({"now":"2030-06-01T00:00:00Z"})", s.admin_token);
  CHECK(further.status == 200);
  CHECK_THAT(json_of(further)["now"].get<std::string>(), Catch::StartsWith("2030-06-01T07:00"));
}

TEST_CASE("healthz answers ok and readyz lists the projections", "[integration][http][ops]") {
  ReadyServerFixture s;
  auto health = s.get("/healthz");
  CHECK(health.status == 200);
  CHECK(json_of(health) == json{{"status", "ok"}});

  submit_case(s);
  auto ready = s.get("/readyz");
  REQUIRE(ready.status == 200);
  const auto body = json_of(ready);
  CHECK(body["status"] == "ready");
  CHECK(body["head"] == 2);
  std::set<std::string> names;
  for (const auto& p : body["projections"]) {
    names.insert(p["name"].get<std::string>());
    CHECK(p["checkpoint"].is_number_unsigned());
    CHECK(p["lag"].is_number_unsigned());
    CHECK(p["error"].is_null());
  }
  CHECK(names.count("case_status") == 1);
  CHECK(names.count("staff") == 1);
}

TEST_CASE("metrics are Prometheus text with requests by route, appends, group commits and projection lag",
          "[integration][http][ops]") {
  ReadyServerFixture s;
  REQUIRE(s.get("/api/v1/services").status == 200);
  auto before = s.get("/metrics");
  REQUIRE(before.status == 200);
  CHECK_THAT(std::string(before.header("content-type").value_or("")), Catch::StartsWith("text/plain; version=0.0.4"));
  const std::string& m = before.body;
  CHECK(m.find("# TYPE tanggap_http_requests_total counter") != std::string::npos);
  CHECK(has_line_with(m, {"tanggap_http_requests_total{", "route=\"/api/v1/services\"", "method=\"GET\"", "status=\"200\""}));
  CHECK(has_line_with(m, {"tanggap_projection_lag_events{", "projection=\"case_status\""}));
  CHECK(m.find("tanggap_group_commit_events") != std::string::npos);
  const double appended = sample(m, "tanggap_events_appended_total");
  const double groups = sample(m, "tanggap_group_commit_events_count");
  REQUIRE(appended >= 0);
  REQUIRE(groups >= 0);

  // One case and one command: two events appended, in (at least) one group each.
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s);
  REQUIRE(send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 0}, {"text", "x"}}).status == 200);
  std::string after;
  CHECK(wait_until(
      [&] {
        after = s.get("/metrics").body;
        return sample(after, "tanggap_events_appended_total") == appended + 3;  // the account, the case, the note
      },
      std::chrono::seconds(3)));
  CAPTURE(after);
  CHECK(sample(after, "tanggap_group_commit_events_count") >= groups + 2);
  CHECK(has_line_with(after, {"tanggap_http_requests_total{", "route=\"/api/v1/cases/{id}/commands\"", "status=\"200\""}));
}

TEST_CASE("the OpenAPI document is OpenAPI 3 and names every route", "[integration][http][ops]") {
  ReadyServerFixture s;
  auto r = s.get("/openapi.json");
  REQUIRE(r.status == 200);
  const auto doc = json_of(r);
  REQUIRE(doc.is_object());
  CHECK_THAT(doc["openapi"].get<std::string>(), Catch::StartsWith("3."));
  // Every route the server answers, from its own router: a new route without
  // its documentation fails here.
  tanggap::server::Api api(*s.app, s.app->metrics());
  REQUIRE(api.router().routes().size() >= 20);
  for (const auto& route : api.router().routes()) {
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CAPTURE(route.method, route.pattern);
    CHECK(doc["paths"].contains(route.pattern));
    if (doc["paths"].contains(route.pattern)) CHECK(doc["paths"][route.pattern].contains(method));
  }
}
