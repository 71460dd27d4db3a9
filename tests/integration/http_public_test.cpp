// The citizen's routes over real HTTP: the catalog, submitting a case, and
// tracking it with the tracking code (CONTRACT.md §3.1).
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

using nlohmann::json;
using tanggap::testing::case_json;
using tanggap::testing::error_code;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::send_command;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::set<std::string> office_ids(const json& catalog) {
  std::set<std::string> ids;
  for (const auto& o : catalog["offices"]) ids.insert(o["id"].get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("the service catalog lists every office with its services", "[integration][http][public]") {
  ReadyServerFixture s;
  auto r = s.get("/api/v1/services");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == std::optional<std::string_view>("application/json; charset=utf-8"));
  const auto catalog = json_of(r);
  REQUIRE(catalog.is_object());
  CHECK(office_ids(catalog) ==
        std::set<std::string>{"kab-lumajang", "kab-madiun", "kab-pasuruan", "kab-purwakarta", "kota-pasuruan"});
  for (const auto& office : catalog["offices"]) {
    CAPTURE(office["id"]);
    CHECK(office["name"].is_string());
    CHECK(office["address"].is_string());
    CHECK(office["time_zone"] == "Asia/Jakarta");
    REQUIRE(office["services"].is_array());
    bool has_complaints = false;
    for (const auto& service : office["services"]) {
      if (service["id"] == "pengaduan") {
        has_complaints = true;
        CHECK(service["prefix"] == "ADU");
        CHECK(service["steps"].size() == 5);
        CHECK(service["first_response"]["limit"]["amount"].is_number());
        CHECK(service["resolution"]["target"]["unit"].is_string());
      }
    }
    CHECK(has_complaints);
  }
}

TEST_CASE("the catalog narrowed to one office shows only that office", "[integration][http][public]") {
  ReadyServerFixture s;
  auto r = s.get("/api/v1/services?office=kab-lumajang");
  REQUIRE(r.status == 200);
  const auto catalog = json_of(r);
  CHECK(office_ids(catalog) == std::set<std::string>{"kab-lumajang"});
  std::set<std::string> services;
  for (const auto& service : catalog["offices"][0]["services"]) services.insert(service["id"].get<std::string>());
  CHECK(services == std::set<std::string>{"pengaduan", "usulan-dtsen"});
}

TEST_CASE("the catalog of an unknown office is not found", "[integration][http][public]") {
  ReadyServerFixture s;
  auto r = s.get("/api/v1/services?office=kab-atlantis");
  CHECK(r.status == 404);
  CHECK(error_code(r) == "not_found");
  CHECK(error_field(r) == "office");
}

TEST_CASE("a citizen's submission is answered 201 with the id, the tracking code and a Location", "[integration][http][public]") {
  ReadyServerFixture s;
  auto r = s.post_json("/api/v1/cases", ServerFixture::complaint_json());
  REQUIRE(r.status == 201);
  const auto answer = json_of(r);
  const std::string id = answer["id"];
  CHECK(std::regex_match(id, std::regex("ADU-[0-9]{4}-000001")));
  CHECK(std::regex_match(answer["tracking_code"].get<std::string>(), std::regex("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}")));
  CHECK(answer["status"] == "received");
  CHECK(answer.contains("first_response_due"));
  CHECK(answer.contains("resolution_due"));
  CHECK(r.header("location") == std::optional<std::string_view>("/api/v1/track/" + id));

  SECTION("the next case of the same service takes the next number") {
    auto second = submit_case(s);
    CHECK(second.id == id.substr(0, 9) + "000002");
    CHECK(second.tracking_code != answer["tracking_code"]);
  }
  SECTION("another service numbers its cases with its own prefix") {
    auto other = submit_case(s, case_json("usulan-dtsen", "kab-madiun"));
    CHECK(std::regex_match(other.id, std::regex("DTK-[0-9]{4}-000001")));
  }
}

TEST_CASE("a citizen tracks a case with the code, also typing the id loosely", "[integration][http][public]") {
  ReadyServerFixture s;
  const auto c = submit_case(s);
  const std::string year = c.id.substr(4, 4);

  auto exact = s.get("/api/v1/track/" + c.id + "?code=" + c.tracking_code);
  REQUIRE(exact.status == 200);
  const auto view = json_of(exact);
  CHECK(view["id"] == c.id);
  CHECK(view["service"] == "pengaduan");
  CHECK(view["status"] == "received");
  CHECK(view["step"]["index"] == 0);
  CHECK(view["step"]["total"] == 5);
  CHECK(view["submitted_at"].is_string());
  CHECK(view["updated_at"].is_string());
  CHECK(view.contains("first_response_due"));
  CHECK(view.contains("resolution_due"));
  CHECK(view["timeline"].is_array());
  CHECK(exact.header("cache-control") == std::optional<std::string_view>("no-store"));

  auto loose = s.get("/api/v1/track/adu%20" + year + "%201?code=" + lower(c.tracking_code));
  REQUIRE(loose.status == 200);
  CHECK(json_of(loose)["id"] == c.id);
}

TEST_CASE("a wrong tracking code and an unknown case get byte-identical 404 answers", "[integration][http][public]") {
  ReadyServerFixture s;
  const auto c = submit_case(s);
  const std::string wrong_code = c.tracking_code == "22222222" ? "33333333" : "22222222";
  const std::string unknown_id = c.id.substr(0, 9) + "000099";

  auto wrong = s.get("/api/v1/track/" + c.id + "?code=" + wrong_code);
  auto unknown = s.get("/api/v1/track/" + unknown_id + "?code=" + c.tracking_code);
  auto no_code = s.get("/api/v1/track/" + c.id);
  auto garbage_id = s.get("/api/v1/track/not-a-case?code=" + c.tracking_code);
  CHECK(wrong.status == 404);
  CHECK(unknown.status == 404);
  CHECK(no_code.status == 404);
  CHECK(garbage_id.status == 404);
  CHECK(error_code(wrong) == "not_found");
  CHECK(wrong.body == unknown.body);
  CHECK(wrong.body == no_code.body);
  CHECK(wrong.body == garbage_id.body);
}

TEST_CASE("the public view carries no personal data and no internal notes, but replies and status changes",
          "[integration][http][public]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("rina", "officer", "linjamsos");
  const auto c = submit_case(s, ServerFixture::complaint_json(R"("privacy":"public")"));
  const std::string note = "Catatan internal: pelapor kerabat kepala desa";
  const std::string reply = "Berkas Ibu sudah kami terima dan sedang diperiksa";
  const std::string resolution = "PKH sudah cair pada 20 November";

  REQUIRE(send_command(s, officer, c.id, {{"type", "assign"}, {"expected_version", 0}, {"unit", "unit-rahasia"}, {"officer", "rina"}}).status == 200);
  REQUIRE(send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 1}, {"text", note}}).status == 200);
  REQUIRE(send_command(s, officer, c.id, {{"type", "reply"}, {"expected_version", 2}, {"text", reply}}).status == 200);
  REQUIRE(send_command(s, officer, c.id, {{"type", "resolve"}, {"expected_version", 3}, {"resolution", resolution}}).status == 200);

  auto r = s.get("/api/v1/track/" + c.id + "?code=" + c.tracking_code);
  REQUIRE(r.status == 200);
  for (const char* secret : {"Siti", "Aminah", "6281200001234", "0812", "3508124506780003", "350812", "reporter",
                             "Catatan internal", "unit-rahasia", "rina"}) {
    CAPTURE(secret);
    CHECK(r.body.find(secret) == std::string::npos);
  }
  const auto view = json_of(r);
  CHECK(view["status"] == "resolved");
  std::vector<std::string> kinds;
  bool received_seen = false, reply_seen = false, resolved_seen = false, in_progress_seen = false;
  for (const auto& entry : view["timeline"]) {
    kinds.push_back(entry["kind"]);
    CHECK(entry["at"].is_string());
    if (entry["kind"] == "status" && entry["status"] == "received") received_seen = true;
    if (entry["kind"] == "reply") reply_seen = entry["text"] == reply;
    if (entry["kind"] == "status" && entry["status"] == "in_progress") in_progress_seen = true;
    if (entry["kind"] == "status" && entry["status"] == "resolved") resolved_seen = entry["text"] == resolution;
  }
  CAPTURE(kinds);
  CHECK(received_seen);
  CHECK(in_progress_seen);
  CHECK(reply_seen);
  CHECK(resolved_seen);
  CHECK(kinds == std::vector<std::string>{"status", "status", "reply", "status"});  // the note shows nowhere
}

TEST_CASE("tracking shows an officer's reply as soon as the reply is acknowledged", "[integration][http][public]") {
  // ops/API.md: reads of one case see a write as soon as it is acknowledged,
  // also when the view of an earlier version was already served.
  ReadyServerFixture s;
  const auto officer = s.add_staff("rina", "officer");
  const auto c = submit_case(s);
  const std::string track = "/api/v1/track/" + c.id + "?code=" + c.tracking_code;
  REQUIRE(s.get(track).status == 200);
  for (int i = 1; i <= 20; ++i) {
    CAPTURE(i);
    const std::string text = "Balasan nomor " + std::to_string(i);
    auto replied = send_command(s, officer, c.id, {{"type", "reply"}, {"expected_version", i - 1}, {"text", text}});
    REQUIRE(replied.status == 200);
    auto r = s.get(track);
    REQUIRE(r.status == 200);
    const auto view = json_of(r);
    REQUIRE(!view["timeline"].empty());
    CHECK(view["timeline"].back()["text"] == text);
  }
}
