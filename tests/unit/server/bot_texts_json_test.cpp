// Reading ops/texts/<language>.json: the real files, and hostile ones.
#include "server/bot_texts_json.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace s = tanggap::server;
namespace b = tanggap::bots;
using tanggap::Errc;

namespace {

const std::string texts_dir = std::string(TANGGAP_SOURCE_DIR) + "/ops/texts";

// A complete file as text, with `key` set to `value` (or removed when null).
std::string complete_with(const std::string& key, const nlohmann::json& value) {
  nlohmann::json j;
  for (auto k : b::required_text_keys()) j[std::string(k)] = "teks {x}";
  if (value.is_null()) j.erase(key);
  else j[key] = value;
  return j.dump();
}

tanggap::Result<b::Texts> parse(std::string text) {
  return s::parse_bot_texts(tanggap::events::strict_json::DataFile{"id.json", std::move(text)}, b::Language::id);
}

}  // namespace

TEST_CASE("the shipped bot texts load complete in both languages", "[bot]") {
  auto book = s::load_bot_texts(texts_dir);
  REQUIRE(book.has_value());
  CHECK(book->id.language == b::Language::id);
  CHECK(book->en.language == b::Language::en);
  CHECK(book->id.render("status.resolved") == "Selesai ditindaklanjuti");
  CHECK(book->en.render("resolution.closed", {{"case_id", "ADU-2026-000042"}}) ==
        "Thank you. Case ADU-2026-000042 is now closed.");
}

TEST_CASE("a complete generated file is accepted", "[bot]") {
  auto t = parse(complete_with("menu.text", "Halo {office}"));
  REQUIRE(t.has_value());
  CHECK(t->render("menu.text", {{"office", "Dinsos"}}) == "Halo Dinsos");
}

TEST_CASE("hostile or broken text files are refused, naming the key", "[bot]") {
  struct Case {
    std::string text;
    Errc code;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"", Errc::malformed, "id.json"},
      {"{", Errc::malformed, "id.json"},
      {"[]", Errc::invalid_field, "an object of texts"},
      {"\"menu\"", Errc::invalid_field, "an object of texts"},
      {complete_with("menu.text", nullptr), Errc::invalid_field, "missing menu.text"},
      {complete_with("menu.text", ""), Errc::invalid_field, "missing menu.text"},
      {complete_with("menu.text", 42), Errc::invalid_field, "menu.text: expected a string"},
      {complete_with("menu.text", nlohmann::json::object()), Errc::invalid_field, "menu.text"},
      {complete_with("menu.txet", "typo"), Errc::invalid_field, "menu.txet: not a text the bot uses"},
      {complete_with("complain.filed", "Nomor {case_id"), Errc::invalid_field, "unclosed placeholder"},
      {complete_with("menu.text", std::string(5000, 'a')), Errc::invalid_field, "longer than one message"},
      {std::string(300 * 1024, ' '), Errc::malformed, "id.json"},
      {std::string(100, '[') + std::string(100, ']'), Errc::malformed, "id.json"},
      {"{\"menu.text\": \"\xff\xfe\"}", Errc::malformed, "id.json"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text.substr(0, 80));
    auto r = parse(c.text);
    REQUIRE(r.has_error());
    CHECK(r.error().code == c.code);
    CHECK(r.error().message.find(c.mentions) != std::string::npos);
  }
}

TEST_CASE("a missing texts directory is an error, not an empty bot", "[bot]") {
  auto r = s::load_bot_texts(texts_dir + "/no-such-dir");
  REQUIRE(r.has_error());
  CHECK(r.error().code == Errc::not_found);
}
