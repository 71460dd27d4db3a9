// Refusals over real HTTP: validation of a submission, bodies the server does
// not take, idempotency keys, unknown routes and methods. Every refusal has
// the error shape with a stable code and, where there is one, the field; and
// a refused request stores nothing (CONTRACT.md §3, ops/API.md).
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
using tanggap::testing::case_json;
using tanggap::testing::error_code;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::log_head;
using tanggap::testing::send_command;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;

namespace {

// The error shape: {"error": {"code", "message", "field"?}} and nothing else.
void check_error_shape(const tanggap::server::ClientResponse& r) {
  const auto body = json_of(r);
  REQUIRE(body.is_object());
  CHECK(body.size() == 1);
  REQUIRE(body.contains("error"));
  CHECK(body["error"]["code"].is_string());
  CHECK(body["error"]["message"].is_string());
  CHECK(!body["error"]["message"].get<std::string>().empty());
  CHECK(r.header("content-type") == std::optional<std::string_view>("application/json; charset=utf-8"));
}

json complaint() { return json::parse(ServerFixture::complaint_json()); }

}  // namespace

TEST_CASE("a submission with a bad field is refused 422 naming the field, and stores nothing", "[integration][http][errors]") {
  ReadyServerFixture s;
  const auto head = log_head(s);

  struct Case {
    const char* what;
    json body;
    const char* field;
  };
  std::vector<Case> cases;
  {
    auto b = complaint();
    b["reporter"]["phone"] = "12345";
    cases.push_back({"a phone number that is no phone number", b, "reporter.phone"});
  }
  {
    auto b = complaint();
    b["reporter"]["nik"] = "3508124513780003";  // month 13
    cases.push_back({"a NIK with birth month 13", b, "reporter.nik"});
  }
  {
    auto b = complaint();
    b["service"] = "pengaduan-ufo";
    cases.push_back({"a service that does not exist", b, "service"});
  }
  {
    auto b = complaint();
    b["colour"] = "merah";
    cases.push_back({"an unknown top-level key", b, "colour"});
  }
  {
    auto b = complaint();
    b["reporter"]["age"] = 40;
    cases.push_back({"an unknown key of the reporter", b, "reporter.age"});
  }
  {
    auto b = complaint();
    b["title"] = "";
    cases.push_back({"an empty title", b, "title"});
  }
  {
    auto b = complaint();
    b["title"] = "   ";
    cases.push_back({"a title of spaces", b, "title"});
  }
  {
    auto b = complaint();
    b["title"] = 42;
    cases.push_back({"a title that is no string", b, "title"});
  }
  {
    auto b = complaint();
    b["office"] = "kab-atlantis";
    cases.push_back({"an office that does not exist", b, "office"});
  }
  {
    auto b = complaint();
    b["privacy"] = "secret";
    cases.push_back({"a privacy that does not exist", b, "privacy"});
  }
  {
    auto b = complaint();
    b["occurred_on"] = "2999-01-01";
    cases.push_back({"a date in the future", b, "occurred_on"});
  }
  {
    auto b = complaint();
    b["reporter"]["name"] = "";
    cases.push_back({"no name on a case that is not anonymous", b, "reporter.name"});
  }
  cases.push_back({"an anonymous information request",
                   json::parse(case_json("permohonan-informasi", "kab-pasuruan", {{"privacy", "anonymous"}})), "privacy"});

  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto r = s.post_json("/api/v1/cases", c.body.dump());
    CHECK(r.status == 422);
    CHECK(error_code(r) == "invalid_field");
    CHECK(error_field(r) == c.field);
    check_error_shape(r);
  }
  CHECK(log_head(s) == head);
}

TEST_CASE("bodies that are not a JSON object of the right size and type are refused, storing nothing", "[integration][http][errors]") {
  ReadyServerFixture s([](tanggap::server::Config& c) { c.limits.max_body_bytes = 4096; });
  const auto head = log_head(s);
  std::uint64_t stored = 0;

  SECTION("malformed JSON is 400 malformed") {
    auto r = s.post_json("/api/v1/cases", R"({"service":"pengaduan",)");
    CHECK(r.status == 400);
    CHECK(error_code(r) == "malformed");
    check_error_shape(r);
  }
  SECTION("a JSON array is 400 malformed") {
    auto r = s.post_json("/api/v1/cases", "[" + ServerFixture::complaint_json() + "]");
    CHECK(r.status == 400);
    CHECK(error_code(r) == "malformed");
  }
  SECTION("JSON nested deeper than 32 levels is 400 malformed") {
    std::string deep = std::string(40, '[') + std::string(40, ']');
    auto r = s.post_json("/api/v1/cases", R"({"service":"pengaduan","location":)" + deep + "}");
    CHECK(r.status == 400);
    CHECK(error_code(r) == "malformed");
    // 32 levels is still fine as JSON (and then refused for its content, not its depth)
    std::string shallow = std::string(30, '[') + std::string(30, ']');
    auto ok_depth = s.post_json("/api/v1/cases", R"({"service":"pengaduan","location":{"text":)" + shallow + "}}");
    CHECK(ok_depth.status == 422);
  }
  SECTION("a body sent as text/plain is 415") {
    auto r = s.request("POST", "/api/v1/cases", ServerFixture::complaint_json(), "", {{"Content-Type", "text/plain"}});
    CHECK(r.status == 415);
    CHECK(error_code(r) == "unsupported_media_type");
    auto none = s.request("POST", "/api/v1/cases", ServerFixture::complaint_json());
    CHECK(none.status == 415);
  }
  SECTION("a body larger than limits.max_body_bytes is 413") {
    auto big = complaint();
    big["body"] = std::string(5000, 'x');
    auto r = s.post_json("/api/v1/cases", big.dump());
    CHECK(r.status == 413);
    CHECK(error_code(r) == "body_too_large");
    check_error_shape(r);
    // just under the limit is taken
    auto fits = complaint();
    fits["body"] = std::string(3000, 'x');
    CHECK(s.post_json("/api/v1/cases", fits.dump()).status == 201);
    stored = 1;
  }
  CHECK(log_head(s) == head + stored);
}

TEST_CASE("a retried submission with the same Idempotency-Key gets the first answer and stores nothing", "[integration][http][errors][idempotency]") {
  ReadyServerFixture s;
  const tanggap::server::Fields key{{"Idempotency-Key", "9a1c7e1e-5d0c-4c52-9d0e-0f6f1c2a7b11"}};
  auto first = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "", key);
  REQUIRE(first.status == 201);
  const auto head = log_head(s);

  auto second = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "", key);
  CHECK(second.status == 201);
  CHECK(second.body == first.body);
  CHECK(json_of(second)["id"] == json_of(first)["id"]);
  CHECK(json_of(second)["tracking_code"] == json_of(first)["tracking_code"]);
  CHECK(second.header("location") == first.header("location"));
  CHECK(log_head(s) == head);

  SECTION("the same key with another body is refused naming the header") {
    auto other = s.post_json("/api/v1/cases", ServerFixture::complaint_json(R"("privacy":"confidential")"), "", key);
    CHECK(other.status == 422);
    CHECK(error_code(other) == "invalid_field");
    CHECK(error_field(other) == "Idempotency-Key");
    CHECK(log_head(s) == head);
  }
  SECTION("another key is another case") {
    auto fresh = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "", {{"Idempotency-Key", "another"}});
    CHECK(fresh.status == 201);
    CHECK(json_of(fresh)["id"] != json_of(first)["id"]);
    CHECK(log_head(s) == head + 1);
  }
  SECTION("an empty key is refused") {
    auto empty = s.post_json("/api/v1/cases", ServerFixture::complaint_json(), "", {{"Idempotency-Key", ""}});
    CHECK(empty.status == 422);
    CHECK(error_field(empty) == "Idempotency-Key");
  }
}

TEST_CASE("a retried command with the same Idempotency-Key answers the first result and appends nothing", "[integration][http][errors][idempotency]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s);
  const tanggap::server::Fields key{{"Idempotency-Key", "reply-1"}};
  const json reply = {{"type", "reply"}, {"expected_version", 0}, {"text", "Sedang kami periksa"}};

  auto first = send_command(s, officer, c.id, reply, key);
  REQUIRE(first.status == 200);
  CHECK(json_of(first)["version"] == 1);
  const auto head = log_head(s);

  // expected_version 0 is stale by now: only the stored answer can make this a 200.
  auto second = send_command(s, officer, c.id, reply, key);
  CHECK(second.status == 200);
  CHECK(second.body == first.body);
  CHECK(log_head(s) == head);
  CHECK(json_of(s.get("/api/v1/cases/" + c.id, officer))["version"] == 1);

  auto other = send_command(s, officer, c.id, {{"type", "reply"}, {"expected_version", 1}, {"text", "Lain"}}, key);
  CHECK(other.status == 422);
  CHECK(error_field(other) == "Idempotency-Key");
  CHECK(log_head(s) == head);
}

TEST_CASE("an unknown route is 404 and a known route with another method is 405 with Allow", "[integration][http][errors]") {
  ReadyServerFixture s;
  auto unknown = s.get("/api/v1/nothing-here");
  CHECK(unknown.status == 404);
  CHECK(error_code(unknown) == "not_found");
  check_error_shape(unknown);
  CHECK(s.get("/").status == 404);
  CHECK(s.get("/api/v1/cases/ADU-2026-000001/commands/extra").status == 404);

  auto wrong = s.request("DELETE", "/api/v1/cases");
  CHECK(wrong.status == 405);
  CHECK(error_code(wrong) == "method_not_allowed");
  check_error_shape(wrong);
  CHECK(wrong.header("allow") == std::optional<std::string_view>("POST, GET"));

  auto post_health = s.request("POST", "/healthz", "{}", "", {{"Content-Type", "application/json"}});
  CHECK(post_health.status == 405);
  CHECK(post_health.header("allow") == std::optional<std::string_view>("GET"));

  auto get_commands = s.get("/api/v1/cases/ADU-2026-000001/commands");
  CHECK(get_commands.status == 405);
  CHECK(get_commands.header("allow") == std::optional<std::string_view>("POST"));
}
