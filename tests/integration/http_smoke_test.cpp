#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using tanggap::testing::ServerFixture;
using nlohmann::json;

TEST_CASE("a citizen submits a complaint and tracks it with the code", "[integration][http]") {
  ServerFixture s;
  auto submitted = s.post_json("/api/v1/cases", ServerFixture::complaint_json());
  REQUIRE(submitted.status == 201);
  const auto answer = json::parse(submitted.body);
  const std::string id = answer["id"];
  const std::string code = answer["tracking_code"];
  CHECK(id == "ADU-2026-000001");
  CHECK(submitted.header("x-request-id"));
  auto tracked = s.get("/api/v1/track/" + id + "?code=" + code);
  REQUIRE(tracked.status == 200);
  CHECK(json::parse(tracked.body)["status"] == "received");
  CHECK(tracked.body.find("Siti") == std::string::npos);
  CHECK(tracked.body.find("6281200001234") == std::string::npos);
}
