// The officer's routes over real HTTP: the queue, one case, and every command
// (CONTRACT.md §3.2, ops/API.md "Case lifecycle").
#include "tests/support/http_test_helpers.h"
#include "tests/support/ready_server_fixture.h"
#include "tests/support/server_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <vector>

using nlohmann::json;
using tanggap::testing::case_json;
using tanggap::testing::error_code;
using tanggap::testing::error_field;
using tanggap::testing::json_of;
using tanggap::testing::log_head;
using tanggap::testing::projections_caught_up;
using tanggap::testing::send_command;
using tanggap::testing::ReadyServerFixture;
using tanggap::testing::ServerFixture;
using tanggap::testing::submit_case;

namespace {

// The ids of one queue page (the answer must be 200).
std::vector<std::string> queue_ids(ServerFixture& s, const std::string& token, const std::string& query) {
  auto r = s.get("/api/v1/cases" + query, token);
  INFO(query << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  const auto body = json_of(r);  // named: a range-for over a temporary's member dangles
  std::vector<std::string> ids;
  for (const auto& c : body["cases"]) ids.push_back(c["id"]);
  return ids;
}

std::set<std::string> as_set(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

// Runs one command that must succeed and checks the answer's version, status and events.
json run(ServerFixture& s, const std::string& token, const std::string& id, json command, std::uint64_t version,
         const std::string& status, const std::vector<std::string>& events) {
  command["expected_version"] = version - 1;
  auto r = send_command(s, token, id, command);
  INFO(command.dump() << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  const auto answer = json_of(r);
  CHECK(answer["version"] == version);
  CHECK(answer["status"] == status);
  CHECK(answer["events"] == json(events));
  return answer;
}

}  // namespace

TEST_CASE("the queue filters by status, service, office, unit, assignee and channel", "[integration][http][staff]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer", "linjamsos");
  const auto web_lumajang = submit_case(s);                                            // ADU, web
  const auto web_madiun = submit_case(s, case_json("usulan-dtsen", "kab-madiun"));     // DTK, web
  const auto walk_in = submit_case(s, case_json("pengaduan", "kab-pasuruan"), officer);  // ADU, walk_in
  const auto by_phone = submit_case(s, case_json("pengaduan", "kab-lumajang", {{"channel", "phone"}}), officer);
  REQUIRE(send_command(s, officer, web_lumajang.id,
                       {{"type", "assign"}, {"expected_version", 0}, {"unit", "linjamsos"}, {"officer", "budi"}})
              .status == 200);
  REQUIRE(projections_caught_up(s));

  const auto all = queue_ids(s, officer, "");
  CHECK(as_set(all) == std::set<std::string>{web_lumajang.id, web_madiun.id, walk_in.id, by_phone.id});
  REQUIRE(!all.empty());
  CHECK(all.front() == web_lumajang.id);  // newest activity first

  using Set = std::set<std::string>;
  CHECK(as_set(queue_ids(s, officer, "?status=in_progress")) == Set{web_lumajang.id});
  CHECK(as_set(queue_ids(s, officer, "?status=received")) == Set{web_madiun.id, walk_in.id, by_phone.id});
  CHECK(as_set(queue_ids(s, officer, "?status=closed")).empty());
  CHECK(as_set(queue_ids(s, officer, "?service=usulan-dtsen")) == Set{web_madiun.id});
  CHECK(as_set(queue_ids(s, officer, "?office=kab-pasuruan")) == Set{walk_in.id});
  CHECK(as_set(queue_ids(s, officer, "?unit=linjamsos")) == Set{web_lumajang.id});
  CHECK(as_set(queue_ids(s, officer, "?assignee=budi")) == Set{web_lumajang.id});
  CHECK(as_set(queue_ids(s, officer, "?assignee=nobody")).empty());
  CHECK(as_set(queue_ids(s, officer, "?channel=walk_in")) == Set{walk_in.id});
  CHECK(as_set(queue_ids(s, officer, "?channel=phone")) == Set{by_phone.id});
  CHECK(as_set(queue_ids(s, officer, "?channel=web")) == Set{web_lumajang.id, web_madiun.id});
  CHECK(as_set(queue_ids(s, officer, "?office=kab-lumajang&status=received")) == Set{by_phone.id});
  CHECK(as_set(queue_ids(s, officer, "?service=pengaduan&channel=web")) == Set{web_lumajang.id});

  auto row = json_of(s.get("/api/v1/cases?assignee=budi", officer))["cases"][0];
  CHECK(row["unit"] == "linjamsos");
  CHECK(row["version"] == 1);
  CHECK(row["channel"] == "web");
  CHECK(row["title"] == "PKH ibu saya belum cair");

  auto bad_status = s.get("/api/v1/cases?status=lost", officer);
  CHECK(bad_status.status == 422);
  CHECK(error_field(bad_status) == "status");
}

TEST_CASE("cursor paging of the queue visits every case exactly once", "[integration][http][staff]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  std::set<std::string> submitted;
  for (int i = 0; i < 7; ++i) submitted.insert(submit_case(s).id);
  REQUIRE(projections_caught_up(s));

  std::vector<std::string> seen;
  std::vector<std::size_t> page_sizes;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = s.get("/api/v1/cases?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), officer);
    REQUIRE(r.status == 200);
    const auto body = json_of(r);
    page_sizes.push_back(body["cases"].size());
    for (const auto& c : body["cases"]) seen.push_back(c["id"]);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  CAPTURE(page_sizes);
  CHECK(seen.size() == 7);
  CHECK(as_set(seen) == submitted);
  CHECK(page_sizes.front() == 3);
  for (const auto n : page_sizes) CHECK(n <= 3);
}

TEST_CASE("the queue refuses a forged cursor, a bad limit, a bad breached value and search", "[integration][http][staff]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  submit_case(s);

  auto forged = s.get("/api/v1/cases?cursor=not-a-cursor", officer);
  CHECK(forged.status == 400);
  CHECK(error_code(forged) == "malformed");
  CHECK(error_field(forged) == "cursor");

  for (const char* limit : {"0", "abc", "-1", "", "1.5", "99999"}) {
    CAPTURE(limit);
    auto r = s.get(std::string("/api/v1/cases?limit=") + limit, officer);
    CHECK(r.status == 422);
    CHECK(error_code(r) == "invalid_field");
    CHECK(error_field(r) == "limit");
  }
  CHECK(s.get("/api/v1/cases?limit=500", officer).status == 200);
  CHECK(s.get("/api/v1/cases?limit=600", officer).status == 200);  // capped at 500 (ops/API.md)

  // `breached` takes true or false; `q` (search) is not available yet.
  for (const char* refused : {"breached=1", "q=pkh"}) {
    CAPTURE(refused);
    auto r = s.get(std::string("/api/v1/cases?") + refused, officer);
    CHECK(r.status == 422);
    CHECK(error_code(r) == "invalid_field");
    CHECK(error_field(r) == std::string(refused).substr(0, std::string(refused).find('=')));
  }
}

TEST_CASE("staff read the whole case with its version and full timeline", "[integration][http][staff]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s, ServerFixture::complaint_json(R"("location":{"text":"Desa Sumbersuko","lat":-8.13,"lon":113.22})"));
  REQUIRE(send_command(s, officer, c.id, {{"type", "assign"}, {"expected_version", 0}, {"unit", "linjamsos"}, {"officer", "budi"}}).status == 200);
  REQUIRE(send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 1}, {"text", "Sudah ditelepon"}}).status == 200);

  auto r = s.get("/api/v1/cases/" + c.id, officer);
  REQUIRE(r.status == 200);
  const auto view = json_of(r);
  CHECK(view["id"] == c.id);
  CHECK(view["version"] == 2);
  CHECK(view["status"] == "in_progress");
  CHECK(view["channel"] == "web");
  CHECK(view["title"] == "PKH ibu saya belum cair");
  CHECK(view["body"] == "Sudah tiga bulan PKH belum cair.");
  CHECK(view["unit"] == "linjamsos");
  CHECK(view["assignee"] == "budi");
  CHECK(view["location"]["text"] == "Desa Sumbersuko");
  CHECK(view["reporter"]["name"] == "Siti Aminah");
  CHECK(view["reporter"]["phone"].get<std::string>().find("6281200001234") != std::string::npos);
  REQUIRE(view["timeline"].size() == 3);
  CHECK(view["timeline"][0]["type"] == "CaseSubmitted");
  CHECK(view["timeline"][0]["actor"]["kind"] == "citizen");
  CHECK(view["timeline"][1]["type"] == "CaseAssigned");
  CHECK(view["timeline"][2]["type"] == "NoteAdded");
  CHECK(view["timeline"][2]["data"]["text"] == "Sudah ditelepon");
  CHECK(view["timeline"][2]["actor"] == json{{"kind", "officer"}, {"id", "budi"}});
  for (std::size_t i = 0; i < 3; ++i) CHECK(view["timeline"][i]["version"] == i);
  CHECK(r.body.find("tracking_code_hash") == std::string::npos);

  SECTION("an unknown case is not found") {
    auto unknown = s.get("/api/v1/cases/" + c.id.substr(0, 9) + "000042", officer);
    CHECK(unknown.status == 404);
    CHECK(error_code(unknown) == "not_found");
  }
  SECTION("a case id that is not PREFIX-YYYY-NNNNNN is malformed") {
    auto garbage = s.get("/api/v1/cases/not-a-case-id", officer);
    CHECK(garbage.status == 400);
    CHECK(error_code(garbage) == "malformed");
    auto command = send_command(s, officer, "not-a-case-id", {{"type", "note"}, {"text", "x"}});
    CHECK(command.status == 400);
    CHECK(error_code(command) == "malformed");
  }
}

TEST_CASE("every complaint command moves the case on and answers the new version", "[integration][http][staff][commands]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer", "linjamsos");
  const auto c = submit_case(s);  // pengaduan at kab-lumajang, version 0

  run(s, officer, c.id, {{"type", "assign"}, {"unit", "linjamsos"}, {"officer", "budi"}}, 1, "in_progress", {"CaseAssigned"});
  run(s, officer, c.id, {{"type", "note"}, {"text", "Cek data DTKS"}}, 2, "in_progress", {"NoteAdded"});
  run(s, officer, c.id, {{"type", "reply"}, {"text", "Sedang kami periksa"}}, 3, "in_progress", {"OfficerReplied"});
  run(s, officer, c.id, {{"type", "advance"}, {"step", 2}}, 4, "in_progress", {"StepAdvanced"});
  run(s, officer, c.id, {{"type", "wait_for_citizen"}, {"reason", "Mohon kirim foto KK"}}, 5, "waiting_for_citizen", {"CitizenWaitStarted"});
  run(s, officer, c.id, {{"type", "resume"}}, 6, "in_progress", {"CitizenWaitEnded"});
  run(s, officer, c.id, {{"type", "escalate"}, {"reason", "Perlu keputusan kepala bidang"}}, 7, "in_progress", {"CaseEscalated"});
  run(s, officer, c.id, {{"type", "reclassify"}, {"service", "usulan-dtsen"}}, 8, "in_progress", {"CaseReclassified"});
  run(s, officer, c.id, {{"type", "resolve"}, {"resolution", "Sudah diusulkan ke DTSEN"}}, 9, "resolved", {"CaseResolved"});
  run(s, officer, c.id, {{"type", "close"}}, 10, "closed", {"CaseClosed"});
  run(s, officer, c.id, {{"type", "reopen"}, {"reason", "Warga belum menerima"}}, 11, "in_progress", {"CaseReopened"});
  run(s, officer, c.id, {{"type", "reject"}, {"reason", "Di luar kewenangan dinas"}}, 12, "rejected", {"CaseRejected"});

  auto view = json_of(s.get("/api/v1/cases/" + c.id, officer));
  CHECK(view["version"] == 12);
  CHECK(view["status"] == "rejected");
  CHECK(view["service"] == "usulan-dtsen");
  CHECK(view["escalation_level"] == 1);
  CHECK(view["reopen_count"] == 1);
  CHECK(view["timeline"].size() == 13);

  SECTION("a rejected case takes a note but nothing else") {
    run(s, officer, c.id, {{"type", "note"}, {"text", "Diteruskan ke Dinas Kesehatan"}}, 13, "rejected", {"NoteAdded"});
    auto reply = send_command(s, officer, c.id, {{"type", "reply"}, {"expected_version", 13}, {"text", "Halo"}});
    CHECK(reply.status == 422);
    CHECK(error_code(reply) == "illegal_transition");
  }
}

TEST_CASE("an information request is extended once, resolved with an outcome and objected to", "[integration][http][staff][commands]") {
  ReadyServerFixture s;
  const auto ppid = s.add_staff("dewi", "ppid", "ppid");
  const auto c = submit_case(s, case_json("permohonan-informasi", "kab-pasuruan"));
  CHECK(c.id.substr(0, 4) == "INF-");

  run(s, ppid, c.id, {{"type", "extend"}, {"reason", "Dokumen di arsip kecamatan"}}, 1, "received", {"DeadlineExtended"});
  auto again = send_command(s, ppid, c.id, {{"type", "extend"}, {"expected_version", 1}, {"reason", "Lagi"}});
  CHECK(again.status == 422);
  CHECK(error_code(again) == "illegal_transition");

  auto no_exemption = send_command(s, ppid, c.id, {{"type", "resolve"}, {"expected_version", 1},
                                                   {"resolution", "Sebagian diberikan"}, {"outcome", "partly_granted"}});
  CHECK(no_exemption.status == 422);
  CHECK(error_field(no_exemption) == "exemption");
  auto bad_outcome = send_command(s, ppid, c.id, {{"type", "resolve"}, {"expected_version", 1},
                                                  {"resolution", "x"}, {"outcome", "maybe"}});
  CHECK(bad_outcome.status == 422);
  CHECK(error_field(bad_outcome) == "outcome");

  run(s, ppid, c.id, {{"type", "resolve"}, {"resolution", "Sebagian diberikan"}, {"outcome", "partly_granted"},
                      {"exemption", "Pasal 17 huruf h"}}, 2, "resolved", {"CaseResolved"});
  auto resolved = json_of(s.get("/api/v1/cases/" + c.id, ppid));
  CHECK(resolved["extended"] == true);
  CHECK(resolved["outcome"] == "partly_granted");

  run(s, ppid, c.id, {{"type", "object"}, {"reason", "Saya keberatan atas penolakan sebagian"}}, 3, "in_progress", {"ObjectionFiled"});
  auto objected = json_of(s.get("/api/v1/cases/" + c.id, ppid));
  CHECK(objected["objection_filed"] == true);
  CHECK(objected["outcome"].is_null());  // decided again after the objection
  auto twice = send_command(s, ppid, c.id, {{"type", "object"}, {"expected_version", 3}, {"reason", "Lagi"}});
  CHECK(twice.status == 422);
  CHECK(error_code(twice) == "illegal_transition");
}

TEST_CASE("a command on a stale version is refused 409 and stores nothing", "[integration][http][staff][commands]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s);
  REQUIRE(send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 0}, {"text", "pertama"}}).status == 200);
  const auto head = log_head(s);

  auto stale = send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 0}, {"text", "kedua"}});
  CHECK(stale.status == 409);
  CHECK(error_code(stale) == "version_conflict");
  CHECK(log_head(s) == head);
  CHECK(json_of(s.get("/api/v1/cases/" + c.id, officer))["version"] == 1);
}

TEST_CASE("commands the case or the parser cannot take are refused 422 or 404", "[integration][http][staff][commands]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");
  const auto c = submit_case(s);
  const auto head = log_head(s);

  auto close = send_command(s, officer, c.id, {{"type", "close"}, {"expected_version", 0}});
  CHECK(close.status == 422);
  CHECK(error_code(close) == "illegal_transition");

  auto resume = send_command(s, officer, c.id, {{"type", "resume"}});
  CHECK(resume.status == 422);
  CHECK(error_code(resume) == "illegal_transition");

  auto unknown_type = send_command(s, officer, c.id, {{"type", "teleport"}, {"expected_version", 0}});
  CHECK(unknown_type.status == 422);
  CHECK(error_code(unknown_type) == "invalid_field");
  CHECK(error_field(unknown_type) == "type");

  auto unknown_field = send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", 0}, {"text", "x"}, {"colour", "red"}});
  CHECK(unknown_field.status == 422);
  CHECK(error_code(unknown_field) == "invalid_field");
  CHECK(error_field(unknown_field) == "colour");

  auto misspelt = send_command(s, officer, c.id, {{"type", "reject"}, {"expected_version", 0}, {"reson", "typo"}});
  CHECK(misspelt.status == 422);
  CHECK(error_field(misspelt) == "reson");

  auto empty_reason = send_command(s, officer, c.id, {{"type", "reject"}, {"expected_version", 0}, {"reason", "   "}});
  CHECK(empty_reason.status == 422);
  CHECK(error_field(empty_reason) == "reason");

  auto bad_step = send_command(s, officer, c.id, {{"type", "advance"}, {"expected_version", 0}, {"step", 9}});
  CHECK(bad_step.status == 422);
  CHECK(error_field(bad_step) == "step");

  auto negative_version = send_command(s, officer, c.id, {{"type", "note"}, {"expected_version", -1}, {"text", "x"}});
  CHECK(negative_version.status == 422);
  CHECK(error_field(negative_version) == "expected_version");

  auto no_case = send_command(s, officer, c.id.substr(0, 9) + "000077", {{"type", "note"}, {"text", "x"}});
  CHECK(no_case.status == 404);
  CHECK(error_code(no_case) == "not_found");

  CHECK(log_head(s) == head);
}

TEST_CASE("staff take a case walk-in or by phone, never as WhatsApp", "[integration][http][staff]") {
  ReadyServerFixture s;
  const auto officer = s.add_staff("budi", "officer");

  const auto walk_in = submit_case(s, ServerFixture::complaint_json(), officer);
  const auto by_phone = submit_case(s, ServerFixture::complaint_json(R"("channel":"phone")"), officer);
  const auto walk_in_named = submit_case(s, ServerFixture::complaint_json(R"("channel":"walk_in")"), officer);
  auto view = json_of(s.get("/api/v1/cases/" + walk_in.id, officer));
  CHECK(view["channel"] == "walk_in");
  CHECK(view["timeline"][0]["actor"] == json{{"kind", "officer"}, {"id", "budi"}});
  CHECK(json_of(s.get("/api/v1/cases/" + by_phone.id, officer))["channel"] == "phone");
  CHECK(json_of(s.get("/api/v1/cases/" + walk_in_named.id, officer))["channel"] == "walk_in");

  const auto head = log_head(s);
  auto whatsapp = s.post_json("/api/v1/cases", ServerFixture::complaint_json(R"("channel":"whatsapp")"), officer);
  CHECK(whatsapp.status == 422);
  CHECK(error_code(whatsapp) == "invalid_field");
  CHECK(error_field(whatsapp) == "channel");

  SECTION("a citizen cannot claim a staff channel") {
    auto citizen = s.post_json("/api/v1/cases", ServerFixture::complaint_json(R"("channel":"walk_in")"));
    CHECK(citizen.status == 422);
    CHECK(error_field(citizen) == "channel");
  }
  CHECK(log_head(s) == head);
}
