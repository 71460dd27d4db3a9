// The stored form of a bot dialogue: canonical, round-trips, refuses the rest.
#include "server/dialogue_state_json.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace s = tanggap::server;
namespace b = tanggap::bots;
namespace d = tanggap::domain;
using tanggap::Errc;

namespace {

d::Instant t(int minute) {
  using namespace std::chrono;
  return d::Instant{sys_days{year{2026} / 3 / 2} + hours{3} + minutes{minute} + milliseconds{117}};
}

b::DialogueState full_state() {
  b::DialogueState st;
  st.language = b::Language::en;
  st.step = b::Step::confirming;
  st.draft.service = "pengaduan";
  st.draft.office = "kab-lumajang";
  st.draft.description = "Bantuan \"PKH\" belum cair\nsudah 3 bulan — tolong \u00e9";
  st.draft.location = d::Location{"Balai Desa Tempeh", -8.133512345678901, 113.2248};
  st.draft.name = "Siti Aminah";
  st.draft.media = {{"wamid-media-1", "image/jpeg", ""}, {"media-2", "application/pdf", "kk.pdf"}};
  st.offered = {"yes", "cancel"};
  st.service_page = 1;
  st.pending = {{"ADU-2026-000042", "Sudah dicairkan", t(5)}};
  st.reopen_case_id = "ADU-2026-000042";
  st.updated_at = t(9);
  return st;
}

}  // namespace

TEST_CASE("a dialogue state round-trips through its canonical JSON", "[bot]") {
  const b::DialogueState empty;
  auto back = s::decode_dialogue_state(s::encode_dialogue_state(empty));
  REQUIRE(back.has_value());
  CHECK(*back == empty);

  const b::DialogueState st = full_state();
  const std::string text = s::encode_dialogue_state(st);
  back = s::decode_dialogue_state(text);
  REQUIRE(back.has_value());
  CHECK(*back == st);
  CHECK(s::encode_dialogue_state(*back) == text);  // canonical: the same bytes again
  CHECK(text.find(' ') == text.find("Bantuan ") + 7);  // no whitespace but inside strings
  CHECK(text.rfind("{\"draft\":", 0) == 0);  // keys sorted

  for (b::Step step : {b::Step::idle, b::Step::choosing_service, b::Step::describing, b::Step::locating,
                       b::Step::naming, b::Step::filing, b::Step::choosing_info, b::Step::answering_resolution,
                       b::Step::giving_reopen_reason}) {
    b::DialogueState one;
    one.step = step;
    auto r = s::decode_dialogue_state(s::encode_dialogue_state(one));
    REQUIRE(r.has_value());
    CHECK(r->step == step);
  }
}

TEST_CASE("a stored state that is not exactly the format is refused, naming the field", "[bot]") {
  const nlohmann::json good = nlohmann::json::parse(s::encode_dialogue_state(full_state()));
  struct Case {
    std::string what;
    std::string text;
    std::string field;
  };
  const auto with = [&](const nlohmann::json::json_pointer& p, const nlohmann::json& v) {
    nlohmann::json j = good;
    j[p] = v;
    return j.dump();
  };
  const auto without = [&](const std::string& key) {
    nlohmann::json j = good;
    j.erase(key);
    return j.dump();
  };
  using ptr = nlohmann::json::json_pointer;
  const std::vector<Case> cases = {
      {"empty", "", "state"},
      {"not JSON", "{\"v\":1", "state"},
      {"an array", "[]", "state"},
      {"deep", std::string(50, '[') + std::string(50, ']'), "state"},
      {"too large", std::string(s::max_dialogue_state_bytes + 1, ' '), "state"},
      {"another version", with(ptr("/v"), 2), "v"},
      {"version as text", with(ptr("/v"), "1"), "v"},
      {"unknown language", with(ptr("/language"), "fr"), "language"},
      {"unknown step", with(ptr("/step"), "dancing"), "step"},
      {"step as number", with(ptr("/step"), 3), "step"},
      {"missing draft", without("draft"), "draft"},
      {"unknown key", with(ptr("/extra"), true), "extra"},
      {"draft not an object", with(ptr("/draft"), "x"), "draft"},
      {"anonymous as text", with(ptr("/draft/anonymous"), "false"), "draft.anonymous"},
      {"latitude out of range", with(ptr("/draft/location/lat"), 91.5), "draft.location.lat"},
      {"longitude as text", with(ptr("/draft/location/lon"), "113"), "draft.location.lon"},
      {"six files", with(ptr("/draft/media"), nlohmann::json::array({good["draft"]["media"][0], good["draft"]["media"][0],
                                                                       good["draft"]["media"][0], good["draft"]["media"][0],
                                                                       good["draft"]["media"][0], good["draft"]["media"][0]})),
       "draft.media"},
      {"media without id", with(ptr("/draft/media/0/media_id"), ""), "draft.media[0].media_id"},
      {"description too long", with(ptr("/draft/description"), std::string(70 * 1024, 'a')), "draft.description"},
      {"offered not strings", with(ptr("/offered"), nlohmann::json::array({1})), "offered[0]"},
      {"offered id too long", with(ptr("/offered/0"), std::string(65, 'x')), "offered[0]"},
      {"negative page", with(ptr("/service_page"), -1), "service_page"},
      {"huge page", with(ptr("/service_page"), 1u << 31), "service_page"},
      {"bad case id", with(ptr("/pending/0/case_id"), "ADU-26-42"), "pending[0].case_id"},
      {"bad time", with(ptr("/pending/0/asked_at"), "yesterday"), "pending[0].asked_at"},
      {"null time where required", with(ptr("/pending/0/asked_at"), nullptr), "pending[0].asked_at"},
      {"bad reopen id", with(ptr("/reopen_case_id"), "x"), "reopen_case_id"},
      {"updated_at as number", with(ptr("/updated_at"), 0), "updated_at"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    auto r = s::decode_dialogue_state(c.text);
    REQUIRE(r.has_error());
    CHECK(r.error().code == Errc::malformed);
    CHECK(r.error().field == c.field);
  }
}

TEST_CASE("invalid UTF-8 in a state's strings is replaced, never thrown", "[bot]") {
  b::DialogueState st;
  st.draft.description = "rusak \xff\xfe di tengah";
  const std::string text = s::encode_dialogue_state(st);
  auto back = s::decode_dialogue_state(text);
  REQUIRE(back.has_value());
  CHECK(back->draft.description == "rusak \xEF\xBF\xBD\xEF\xBF\xBD di tengah");
}
