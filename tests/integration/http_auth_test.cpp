// Who may call what, over real HTTP: tokens, roles, and what each role sees
// of a reporter (CONTRACT.md §3.2, ops/API.md "Error codes").
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
using tanggap::testing::disable_staff;
using tanggap::testing::error_code;
using tanggap::testing::json_of;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;
using tanggap::testing::wait_until;

namespace {

void check_unauthenticated(const tanggap::server::ClientResponse& r) {
  CHECK(r.status == 401);
  CHECK(error_code(r) == "unauthenticated");
  CHECK(r.header("www-authenticate") == std::optional<std::string_view>("Bearer"));
}

}  // namespace

TEST_CASE("staff routes without a token are refused 401 with WWW-Authenticate", "[integration][http][auth]") {
  ReadyServerFixture s;
  const auto c = submit_case(s);
  check_unauthenticated(s.get("/api/v1/cases"));
  check_unauthenticated(s.get("/api/v1/cases/" + c.id));
  check_unauthenticated(s.post_json("/api/v1/cases/" + c.id + "/commands", R"({"type":"note","text":"x"})"));
  check_unauthenticated(s.get("/api/v1/events"));
  check_unauthenticated(s.post_json("/api/v1/admin/users", R"({"name":"x","role":"officer"})"));
}

TEST_CASE("a token that is not one the server gave out is refused 401", "[integration][http][auth]") {
  ReadyServerFixture s;
  const std::string forged(64, 'a');
  check_unauthenticated(s.get("/api/v1/cases", forged));
  check_unauthenticated(s.get("/api/v1/cases", "not even hex"));
  // A staff route that a citizen may also call still refuses a bad token rather than ignore it.
  check_unauthenticated(s.post_json("/api/v1/cases", ServerFixture::complaint_json(), forged));
}

TEST_CASE("a scheme other than Bearer is refused 401 even with a good token", "[integration][http][auth]") {
  ReadyServerFixture s;
  for (const std::string scheme : {"Basic ", "Token ", "bearer", ""}) {
    CAPTURE(scheme);
    auto r = s.request("GET", "/api/v1/cases", "", "", {{"Authorization", scheme + s.admin_token}});
    check_unauthenticated(r);
  }
  CHECK(s.get("/api/v1/cases", s.admin_token).status == 200);
}

TEST_CASE("an officer may not read the raw log or manage staff", "[integration][http][auth]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto supervisor = s.add_staff("sari", "supervisor");
  for (const auto& token : {officer, supervisor}) {
    auto events = s.get("/api/v1/events", token);
    CHECK(events.status == 403);
    CHECK(error_code(events) == "forbidden");
    auto users = s.post_json("/api/v1/admin/users", R"({"name":"joko","role":"admin"})", token);
    CHECK(users.status == 403);
    CHECK(error_code(users) == "forbidden");
    auto clock = s.post_json("/api/v1/admin/clock", R"({"now":"2031-01-01T00:00:00+07:00"})", token);
    CHECK(clock.status == 403);
  }
  CHECK(s.get("/api/v1/cases", officer).status == 200);
  CHECK(s.get("/api/v1/events", s.admin_token).status == 200);
}

TEST_CASE("a disabled account's token stops working", "[integration][http][auth]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  REQUIRE(s.get("/api/v1/cases", officer).status == 200);
  disable_staff(s, "budi");
  CHECK(wait_until([&] { return s.get("/api/v1/cases", officer).status == 401; }, std::chrono::seconds(5)));
  check_unauthenticated(s.get("/api/v1/cases", officer));
}

TEST_CASE("officers see the NIK masked, supervisors and admins see it whole", "[integration][http][auth]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto supervisor = s.add_staff("sari", "supervisor");
  const auto ppid = s.add_staff("dewi", "ppid");
  const auto c = submit_case(s);

  auto nik_seen_by = [&](const std::string& token) {
    auto r = s.get("/api/v1/cases/" + c.id, token);
    REQUIRE(r.status == 200);
    return json_of(r)["reporter"]["nik"].get<std::string>();
  };
  CHECK(nik_seen_by(officer) == "350812******0003");
  CHECK(nik_seen_by(ppid) == "350812******0003");
  CHECK(nik_seen_by(supervisor) == "3508124506780003");
  CHECK(nik_seen_by(s.admin_token) == "3508124506780003");
  CHECK(s.get("/api/v1/cases/" + c.id, officer).body.find("3508124506780003") == std::string::npos);
}

TEST_CASE("an anonymous case shows no reporter to anyone", "[integration][http][auth]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto supervisor = s.add_staff("sari", "supervisor");
  const auto c = submit_case(s, ServerFixture::complaint_json(R"("privacy":"anonymous")"));
  for (const auto& token : {officer, supervisor, s.admin_token}) {
    auto r = s.get("/api/v1/cases/" + c.id, token);
    REQUIRE(r.status == 200);
    const auto view = json_of(r);
    CHECK(view["privacy"] == "anonymous");
    CHECK(view["reporter"].is_null());
    CHECK(r.body.find("Siti") == std::string::npos);
    CHECK(r.body.find("3508124506780003") == std::string::npos);
  }
  auto events = s.get("/api/v1/events", s.admin_token);
  CHECK(events.body.find("Siti") == std::string::npos);
  CHECK(events.body.find("3508124506780003") == std::string::npos);
}
