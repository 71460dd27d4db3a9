// The bot's texts: templates, completeness, and that every key the code
// renders exists in both ops/texts files.
#include "bot_fixture.h"

#include "bots/texts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace tanggap::testing::bots;

TEST_CASE("placeholders are filled by name and unknown ones stay visible", "[bot]") {
  CHECK(b::fill_template("Laporan {case_id} ditutup.", {{"case_id", "ADU-2026-000042"}}) ==
        "Laporan ADU-2026-000042 ditutup.");
  CHECK(b::fill_template("{a}{b}{a}", {{"a", "x"}, {"b", "y"}}) == "xyx");
  CHECK(b::fill_template("Kode {tracking_code}", {}) == "Kode {tracking_code}");
  CHECK(b::fill_template("tanpa kurung {", {{"x", "y"}}) == "tanpa kurung {");
  CHECK(b::fill_template("", {}) == "");
  // A value holding braces is not filled again.
  CHECK(b::fill_template("{a}", {{"a", "{a}"}}) == "{a}");
}

TEST_CASE("a missing, empty or broken text is named by check_complete", "[bot]") {
  b::Texts t = texts().id;
  REQUIRE(t.check_complete().has_value());
  t.templates.erase("status.resolved");
  t.templates["menu.button"] = "";
  t.templates["complain.filed"] = "Nomor {case_id";
  auto r = t.check_complete();
  REQUIRE(r.has_error());
  CHECK(r.error().code == tanggap::Errc::invalid_field);
  CHECK(contains(r.error().message, "status.resolved"));
  CHECK(contains(r.error().message, "menu.button"));
  CHECK(contains(r.error().message, "unclosed placeholder in complain.filed"));
  CHECK(r.error().field == "texts.id");
}

TEST_CASE("every text key the bot renders exists in both language files", "[bot]") {
  const auto keys = b::required_text_keys();
  const std::set<std::string_view> required(keys.begin(), keys.end());
  CHECK(required.size() == keys.size());  // no key listed twice

  // The literal keys in the dialogue's sources, and the keys composed from
  // the domain's names (status.<status>, unit.<unit>, month.<n>).
  std::set<std::string> used;
  const std::regex literal(R"re(text\("([a-z_]+\.[a-z_.0-9]+|[a-z_]+)")re");
  const std::regex question(R"re(offer_services\(c, "([a-z_.]+)"\))re");
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TANGGAP_SOURCE_DIR) + "/bots")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream source;
    source << in.rdbuf();
    const std::string text = source.str();
    for (const auto* re : {&literal, &question})
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) used.insert((*it)[1]);
  }
  // The notices the shell renders from the same books (server/bot_runner.cpp).
  {
    std::ifstream in(std::string(TANGGAP_SOURCE_DIR) + "/server/bot_runner.cpp");
    std::stringstream source;
    source << in.rdbuf();
    const std::string text = source.str();
    const std::regex notice(R"re("(notice\.[a-z_]+)")re");
    for (std::sregex_iterator it(text.begin(), text.end(), notice), end; it != end; ++it) used.insert((*it)[1]);
  }
  for (auto s : {d::CaseStatus::received, d::CaseStatus::in_progress, d::CaseStatus::waiting_for_citizen,
                 d::CaseStatus::resolved, d::CaseStatus::closed, d::CaseStatus::rejected})
    used.insert("status." + std::string(d::status_name(s)));
  for (auto u : {d::ClockUnit::working_minutes, d::ClockUnit::working_hours, d::ClockUnit::working_days,
                 d::ClockUnit::calendar_days, d::ClockUnit::calendar_hours})
    used.insert("unit." + std::string(d::unit_name(u)));
  for (int m = 1; m <= 12; ++m) used.insert("month." + std::to_string(m));
  REQUIRE(used.size() > 60);

  for (const std::string& key : used) {
    CAPTURE(key);
    CHECK(required.count(key) == 1);
    CHECK(texts().id.templates.count(key) == 1);
    CHECK(texts().en.templates.count(key) == 1);
  }
  for (std::string_view key : required) {
    CAPTURE(key);
    CHECK(used.count(std::string(key)) == 1);  // a listed key nobody renders is a stale text
  }
}
