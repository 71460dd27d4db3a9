// The JSON codecs of case and staff events: exact round trips, canonical
// bytes, hostile data that must come back as an error (never a throw or a
// crash), and the upcasting hook.
#include "events/case_event_json.h"
#include "events/staff_event_json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace d = tanggap::domain;
using tanggap::Errc;
using namespace tanggap::events;
using json = nlohmann::json;

namespace {

const d::Instant t0 = d::Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}} +
                      std::chrono::hours{2} + std::chrono::minutes{15} +
                      std::chrono::milliseconds{2117};
const d::Instant t1 = t0 + std::chrono::milliseconds{86'400'001};

// Unicode, quotes, a backslash, a newline, a control character and a NUL.
const std::string tricky = std::string("Bu, PKH kulo dereng cair 🙏 — “tolong” \\ \"x\"\n\x01") +
                           std::string(1, '\0') + "end";

d::CaseSubmitted submitted() {
  d::CaseSubmitted e;
  e.case_id = "ADU-2026-000042";
  e.service = "pengaduan";
  e.office = "kab-lumajang";
  e.channel = d::Channel::whatsapp;
  e.title = "PKH belum cair";
  e.body = tricky;
  e.reporter = d::Reporter{"Siti Rahayu", "+6281200001234", "siti@example.id",
                           "3508124506780003", "123456789"};
  e.privacy = d::Privacy::confidential;
  e.location = d::Location{"Desa Tempeh, RT 02/RW 05", -8.2089123456789, 113.1574};
  e.occurred_on = "2026-11-20";
  e.tracking_code_hash = std::string(64, 'c');
  e.step_total = 8;
  e.at = t0;
  e.information_request = true;
  return e;
}

std::vector<d::CaseEvent> every_case_event() {
  d::CaseSubmitted anonymous;  // defaults: empty strings, no lat/lon, epoch time
  anonymous.privacy = d::Privacy::anonymous;
  anonymous.location.lat = 0.0;  // set but zero: must stay set
  return {submitted(),
          anonymous,
          d::CaseAssigned{"Linjamsos", "siti", t0},
          d::OfficerReplied{"Sudah kami teruskan ke Kemensos. Matur nuwun 🙏", "siti", t1},
          d::NoteAdded{tricky, "budi", t1},
          d::StepAdvanced{3, 8, "Musyawarah desa/kelurahan", t1},
          d::CitizenWaitStarted{"mohon kirim foto KK", t1},
          d::CitizenWaitEnded{t1},
          d::CaseEscalated{2, "lewat batas 2x24 jam", t1},
          d::CaseResolved{"Data sudah diperbaiki", std::nullopt, "", t1},
          d::CaseResolved{"Sebagian data dikecualikan", d::Outcome::partly_granted,
                          "Pasal 17 huruf h", t1},
          d::CaseClosed{t1},
          d::CaseReopened{"belum cair juga", t1},
          d::CaseRejected{"bukan kewenangan Dinas Sosial", t1},
          d::CaseReclassified{"pengaduan", "permohonan-informasi", 4294967295u, t1, true},
          d::CaseReclassified{"permohonan-informasi", "pengaduan", 0, t1, false},
          d::DeadlineExtended{"data di bidang lain", t1},
          d::ObjectionFiled{"jawaban tidak lengkap", t1},
          d::SlaWarning{d::SlaClock::resolution, t1, "id-national@2025-09-19", t1},
          d::SlaBreached{d::SlaClock::objection, t1, "id-national@2025-09-19", t1}};
}

std::vector<d::StaffEvent> every_staff_event() {
  return {d::StaffAccountCreated{"siti", d::Role::ppid, "Bidang Linjamsos — PPID", std::string(64, 'a'), t0},
          d::StaffAccountCreated{"a", d::Role::officer, "", std::string(64, '0'), d::Instant{}},
          d::StaffRoleChanged{d::Role::officer, d::Role::admin, t1},
          d::StaffRoleChanged{d::Role::supervisor, d::Role::ppid, t1},
          d::StaffTokenRotated{std::string(64, 'f'), t1},
          d::StaffAccountDisabled{"pindah tugas ke Dinas Kesehatan", t1},
          d::StaffAccountDisabled{"", t1}};
}

// Encoding writes every field, so equal bytes after a round trip mean every
// field came back: compare bytes, not structs (the event types have no ==).
void require_case_round_trip(const d::CaseEvent& event) {
  const EncodedEvent enc = encode_case_event(event);
  INFO(enc.type << " " << enc.data);
  CHECK(enc.type == d::event_type_name(event));
  CHECK(enc.schema == 1);
  const auto back = decode_case_event(enc.type, enc.schema, enc.data);
  REQUIRE(back.has_value());
  CHECK(back->index() == event.index());
  CHECK(encode_case_event(*back).data == enc.data);
}

void require_staff_round_trip(const d::StaffEvent& event) {
  const EncodedEvent enc = encode_staff_event(event);
  INFO(enc.type << " " << enc.data);
  CHECK(enc.type == d::staff_event_type_name(event));
  CHECK(enc.schema == 1);
  const auto back = decode_staff_event(enc.type, enc.schema, enc.data);
  REQUIRE(back.has_value());
  CHECK(back->index() == event.index());
  CHECK(encode_staff_event(*back).data == enc.data);
}

void require_malformed(std::string_view type, std::string_view data, std::uint32_t schema = 1) {
  INFO(type << " " << data.substr(0, 200));
  tanggap::Result<d::CaseEvent> r = tanggap::fail(Errc::storage_failed, "not run");
  REQUIRE_NOTHROW(r = decode_case_event(type, schema, data));
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::malformed);
  CHECK_FALSE(r.error().message.empty());
}

// Every key path of a JSON object, nested ones as "reporter.nik".
void key_paths(const json& j, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [key, value] : j.items()) {
    out.push_back(prefix + key);
    if (value.is_object()) key_paths(value, prefix + key + ".", out);
  }
}

json without(json j, const std::string& path) {
  const auto dot = path.find('.');
  if (dot == std::string::npos) j.erase(path);
  else j[path.substr(0, dot)].erase(path.substr(dot + 1));
  return j;
}

}  // namespace

TEST_CASE("every case event type survives a round trip exactly", "[events][codec]") {
  std::set<std::size_t> covered;
  for (const auto& e : every_case_event()) {
    require_case_round_trip(e);
    covered.insert(e.index());
  }
  CHECK(covered.size() == std::variant_size_v<d::CaseEvent>);  // a new type needs a sample here
}

TEST_CASE("every staff event type survives a round trip exactly", "[events][codec]") {
  std::set<std::size_t> covered;
  for (const auto& e : every_staff_event()) {
    require_staff_round_trip(e);
    covered.insert(e.index());
  }
  CHECK(covered.size() == std::variant_size_v<d::StaffEvent>);
}

TEST_CASE("a decoded CaseSubmitted has every field of the original", "[events][codec]") {
  const auto enc = encode_case_event(submitted());
  const auto back = decode_case_event(enc.type, enc.schema, enc.data);
  REQUIRE(back.has_value());
  const auto& e = std::get<d::CaseSubmitted>(*back);
  CHECK(e.case_id == "ADU-2026-000042");
  CHECK(e.channel == d::Channel::whatsapp);
  CHECK(e.body == tricky);
  CHECK(e.reporter.nik == "3508124506780003");
  CHECK(e.reporter.chat_id == "123456789");
  CHECK(e.privacy == d::Privacy::confidential);
  CHECK(e.location.lat == -8.2089123456789);
  CHECK(e.location.lon == 113.1574);
  CHECK(e.step_total == 8);
  CHECK(e.information_request);
  CHECK(e.at == t0);
}

TEST_CASE("a recorded event is decoded once and its copies decode their own data", "[events][codec]") {
  const auto enc = encode_case_event(submitted());
  RecordedEvent recorded;
  recorded.type = enc.type;
  recorded.schema = enc.schema;
  recorded.data = enc.data;
  const auto& first = case_event_of(recorded);
  REQUIRE(first.has_value());
  CHECK(std::get<d::CaseSubmitted>(*first).case_id == "ADU-2026-000042");
  CHECK(&case_event_of(recorded) == &first);  // kept, not decoded again

  RecordedEvent copy = recorded;
  copy.data = "{\"truncated";
  const auto& broken = case_event_of(copy);  // not the original's decoding
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().code == Errc::malformed);
  CHECK(&case_event_of(copy) == &broken);
  CHECK(case_event_of(recorded).has_value());
}

TEST_CASE("encoded data is compact JSON with sorted keys, UTC instants and enum names",
          "[events][codec]") {
  CHECK(encode_case_event(d::CaseAssigned{"Linjamsos", "siti", t0}).data ==
        R"({"at":"2026-11-22T02:15:02.117Z","officer":"siti","unit":"Linjamsos"})");
  CHECK(encode_case_event(d::CaseResolved{"ok", d::Outcome::rejected, "Pasal 17", t0}).data ==
        R"({"at":"2026-11-22T02:15:02.117Z","exemption":"Pasal 17","outcome":"rejected","resolution":"ok"})");
  CHECK(encode_staff_event(d::StaffRoleChanged{d::Role::officer, d::Role::ppid, t0}).data ==
        R"({"at":"2026-11-22T02:15:02.117Z","from":"officer","to":"ppid"})");
  const auto j = json::parse(encode_case_event(submitted()).data);
  CHECK(j["channel"] == "whatsapp");
  CHECK(j["privacy"] == "confidential");
  CHECK(j["body"] == tricky);  // non-ASCII stays UTF-8, not \u escapes
  CHECK(encode_case_event(submitted()).data.find("🙏") != std::string::npos);
}

TEST_CASE("empty optionals are left out and come back empty", "[events][codec]") {
  const auto resolved = encode_case_event(d::CaseResolved{"selesai", std::nullopt, "", t0});
  CHECK(resolved.data.find("outcome") == std::string::npos);
  const auto back = decode_case_event(resolved.type, 1, resolved.data);
  REQUIRE(back.has_value());
  CHECK_FALSE(std::get<d::CaseResolved>(*back).outcome.has_value());

  d::CaseSubmitted e = submitted();
  e.location = d::Location{"", std::nullopt, 110.5};
  const auto enc = encode_case_event(e);
  CHECK(enc.data.find("\"lat\"") == std::string::npos);
  const auto loc = std::get<d::CaseSubmitted>(*decode_case_event(enc.type, 1, enc.data)).location;
  CHECK_FALSE(loc.lat.has_value());
  CHECK(loc.lon == 110.5);
}

TEST_CASE("invalid UTF-8 in a text is encoded with replacement characters, not thrown",
          "[events][codec]") {
  EncodedEvent enc;
  REQUIRE_NOTHROW(enc = encode_case_event(d::NoteAdded{"abc\xff\xfe" "def", "budi", t0}));
  const auto back = decode_case_event(enc.type, enc.schema, enc.data);
  REQUIRE(back.has_value());
  CHECK(std::get<d::NoteAdded>(*back).text == "abc\xEF\xBF\xBD\xEF\xBF\xBD" "def");
}

TEST_CASE("the codecs know their own event types and no others", "[events][codec]") {
  for (const auto& e : every_case_event()) {
    const auto type = encode_case_event(e).type;
    CHECK(is_case_event_type(type));
    CHECK_FALSE(is_staff_event_type(type));
    CHECK(case_event_schema(type) == 1);
    CHECK(staff_event_schema(type) == 0);
  }
  for (const auto& e : every_staff_event()) {
    const auto type = encode_staff_event(e).type;
    CHECK(is_staff_event_type(type));
    CHECK_FALSE(is_case_event_type(type));
    CHECK(staff_event_schema(type) == 1);
  }
  for (const char* type : {"", "caseSubmitted", "CaseSubmitted ", "OfficerReplied\n", "reply"}) {
    CHECK_FALSE(is_case_event_type(type));
    CHECK_FALSE(is_staff_event_type(type));
  }
}

TEST_CASE("an unknown event type is malformed, whatever its data", "[events][codec]") {
  const auto good = encode_case_event(d::CaseClosed{t0}).data;
  require_malformed("CaseExploded", good);
  require_malformed("", good);
  require_malformed(std::string(10'000, 'X'), good);
  require_malformed(std::string("CaseClosed\0", 11), good);
  require_malformed("StaffAccountDisabled", encode_staff_event(d::StaffAccountDisabled{"", t0}).data);
  const auto staff = decode_staff_event("CaseClosed", 1, good);
  REQUIRE(staff.has_error());
  CHECK(staff.error().code == Errc::malformed);
}

TEST_CASE("data that is not a JSON object is malformed", "[events][codec]") {
  for (const std::string& data : std::vector<std::string>{"", " ", "{", "}", "nope", "null", "42", "\"CaseClosed\"", "[]",
                                 "[{\"at\":\"2026-11-22T02:15:02.117Z\"}]", "{\"at\":}",
                                 "{'at':'2026-11-22T02:15:02.117Z'}",
                                 "{\"at\":\"2026-11-22T02:15:02.117Z\"} trailing",
                                 "{\"at\":\"2026-11-22T02:15:02.117Z\"\xff}"})
    require_malformed("CaseClosed", data);
  const auto staff = decode_staff_event("StaffTokenRotated", 1, "[1,2,3]");
  REQUIRE(staff.has_error());
  CHECK(staff.error().code == Errc::malformed);
}

TEST_CASE("a missing field is malformed and named, for every field of every type",
          "[events][codec]") {
  for (const auto& e : every_case_event()) {
    const auto enc = encode_case_event(e);
    std::vector<std::string> paths;
    key_paths(json::parse(enc.data), "", paths);
    for (const auto& path : paths) {
      if (path == "outcome" || path == "location.lat" || path == "location.lon") continue;
      INFO(enc.type << " without " << path);
      const auto r = decode_case_event(enc.type, 1, without(json::parse(enc.data), path).dump());
      REQUIRE(r.has_error());
      CHECK(r.error().code == Errc::malformed);
      CHECK(r.error().field == path);
    }
  }
  for (const auto& e : every_staff_event()) {
    const auto enc = encode_staff_event(e);
    const json parsed = json::parse(enc.data);  // items() must not outlive its json
    for (const auto& [key, value] : parsed.items()) {
      INFO(enc.type << " without " << key);
      const auto r = decode_staff_event(enc.type, 1, without(json::parse(enc.data), key).dump());
      REQUIRE(r.has_error());
      CHECK(r.error().field == key);
    }
  }
}

TEST_CASE("a field of the wrong kind is malformed and named", "[events][codec]") {
  const json base = json::parse(encode_case_event(submitted()).data);
  const std::vector<std::pair<std::string, json>> wrong{
      {"case_id", 42},          {"title", nullptr},        {"body", json::array()},
      {"channel", "pigeon"},    {"channel", 1},            {"privacy", "PUBLIC"},
      {"step_total", -1},       {"step_total", 1.5},       {"step_total", 4294967296LL},
      {"step_total", "8"},      {"information_request", 1}, {"information_request", "true"},
      {"at", 1700000000000LL},  {"at", "2026-11-22"},      {"at", "2026-11-22T02:15:02.117"},
      {"at", "2026-13-22T02:15:02.117Z"}, {"reporter", "Siti"}, {"location", nullptr}};
  for (const auto& [key, value] : wrong) {
    json j = base;
    j[key] = value;
    INFO(key << " = " << value.dump());
    const auto r = decode_case_event("CaseSubmitted", 1, j.dump());
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
    CHECK(r.error().field == key);
  }
  json j = base;
  j["location"]["lat"] = "south";
  CHECK(decode_case_event("CaseSubmitted", 1, j.dump()).error().field == "location.lat");
  j = base;
  j["reporter"]["nik"] = 3508124506780003LL;
  CHECK(decode_case_event("CaseSubmitted", 1, j.dump()).error().field == "reporter.nik");
  require_malformed("CaseResolved", R"({"at":"2026-11-22T02:15:02.117Z","exemption":"",)"
                                    R"("outcome":"maybe","resolution":"x"})");
  const auto role = decode_staff_event("StaffRoleChanged", 1,
                                       R"({"at":"2026-11-22T02:15:02.117Z","from":"root","to":"admin"})");
  REQUIRE(role.has_error());
  CHECK(role.error().field == "from");
}

TEST_CASE("unknown extra keys are ignored", "[events][codec]") {
  const auto r = decode_case_event(
      "CaseClosed", 1, R"({"at":"2026-11-22T02:15:02.117Z","by":"siti","nested":{"x":[1,2]}})");
  REQUIRE(r.has_value());
  CHECK(std::get<d::CaseClosed>(*r).at == t0);
}

TEST_CASE("deeply nested or huge data is refused without a crash", "[events][codec]") {
  const std::size_t depth = 100'000;
  require_malformed("CaseClosed", std::string(depth, '[') + std::string(depth, ']'));
  require_malformed("CaseClosed", std::string(depth, '['));
  require_malformed("CaseClosed", R"({"at":)" + std::string(depth, '[') + std::string(depth, ']') + "}");
  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += R"({"a":)";
  objects += "1" + std::string(depth, '}');
  require_malformed("CaseSubmitted", objects);
  require_malformed("NoteAdded", R"({"at":"2026-11-22T02:15:02.117Z","author":"x","text":)" +
                                     std::string(depth, '{'));
}

TEST_CASE("random corruption of valid data never throws", "[events][codec]") {
  const auto seed = GENERATE(take(3, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  const auto events = every_case_event();
  for (int i = 0; i < 2000; ++i) {
    const auto enc = encode_case_event(events[rng() % events.size()]);
    std::string data = enc.data;
    const auto flips = 1 + rng() % 4;
    for (unsigned f = 0; f < flips && !data.empty(); ++f)
      data[rng() % data.size()] = static_cast<char>(rng() % 256);
    if (rng() % 4 == 0) data.resize(rng() % (data.size() + 1));
    CHECK_NOTHROW(std::ignore = decode_case_event(enc.type, 1, data));
  }
}

TEST_CASE("a schema newer than this build's, or older without an upcaster, is malformed",
          "[events][codec]") {
  const auto enc = encode_case_event(d::CaseReopened{"lagi", t0});
  require_malformed(enc.type, enc.data, 2);
  require_malformed(enc.type, enc.data, 4294967295u);
  require_malformed("CaseRejected", encode_case_event(d::CaseRejected{"x", t0}).data, 0);
  CHECK(decode_staff_event("StaffAccountDisabled", 0, R"({"at":"2026-11-22T02:15:02.117Z","reason":""})")
            .has_error());
}

TEST_CASE("registered upcasters bring old data to the current schema before decoding",
          "[events][codec]") {
  // Synthetic schema 0 of OfficerReplied called the text "message".
  register_upcaster("OfficerReplied", 0, [](std::string_view data) -> tanggap::Result<std::string> {
    json j = json::parse(data, nullptr, false);
    if (!j.is_object() || !j.contains("message"))
      return tanggap::fail(Errc::malformed, "OfficerReplied v0 without message");
    j["text"] = j["message"];
    j.erase("message");
    return j.dump();
  });
  const auto r = decode_case_event(
      "OfficerReplied", 0, R"({"at":"2026-11-22T02:15:02.117Z","message":"halo","officer":"siti"})");
  REQUIRE(r.has_value());
  CHECK(std::get<d::OfficerReplied>(*r).text == "halo");
  CHECK(std::get<d::OfficerReplied>(*r).officer == "siti");

  SECTION("the upcaster's own error is returned") {
    const auto bad = decode_case_event("OfficerReplied", 0, R"({"text":"already v1"})");
    REQUIRE(bad.has_error());
    CHECK(bad.error().message == "OfficerReplied v0 without message");
  }
  SECTION("current data is not passed through the upcaster") {
    const auto enc = encode_case_event(d::OfficerReplied{"halo", "siti", t0});
    CHECK(decode_case_event(enc.type, 1, enc.data).has_value());
  }
  SECTION("an upcaster that throws gives an error, not an exception") {
    register_upcaster("CaseClosed", 0, [](std::string_view) -> tanggap::Result<std::string> {
      return json::parse("not json").dump();  // throws nlohmann::json::parse_error
    });
    require_malformed("CaseClosed", "{}", 0);
  }
  SECTION("staff events use the same hook") {
    register_upcaster("StaffTokenRotated", 0, [](std::string_view data) -> tanggap::Result<std::string> {
      json j = json::parse(data, nullptr, false);
      if (!j.is_object()) return tanggap::fail(Errc::malformed, "not an object");
      j["at"] = "1970-01-01T00:00:00.000Z";  // schema 0 had no time
      return j.dump();
    });
    const auto s = decode_staff_event("StaffTokenRotated", 0, R"({"token_hash":"ab"})");
    REQUIRE(s.has_value());
    CHECK(std::get<d::StaffTokenRotated>(*s).token_hash == "ab");
    CHECK(std::get<d::StaffTokenRotated>(*s).at == d::Instant{});
  }
}
