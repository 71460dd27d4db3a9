// Hostile and random input: whatever arrives, in whatever order, the bot
// answers within the channels' limits, never with a blank or a raw text key.
#include "bot_fixture.h"

#include "bots/intent.h"
#include "server/dialogue_state_json.h"

#include <random>

using namespace tanggap::testing::bots;

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

b::InputKind random_input(std::mt19937& rng) {
  static const std::vector<std::string> words = {
      "halo", "lapor", "1", "2", "3", "5", "10", "99", "batal", "ya", "tidak", "belum, masih belum", "status",
      "status ADU-2026-000042", "syarat", "petugas", "english", "bahasa", "anonim", "-", "Siti", "",
      std::string(70 * 1024, 'x'), "\xff\xfe\x00 rusak", "{case_id} {", "\n\n\t", "ADU 2026 999999"};
  static const std::vector<std::string> choices = {"menu:complain", "menu:status", "menu:info", "menu:human",
                                                   "lang:en", "lang:id", "svc:pengaduan", "svc:nope",
                                                   "svc-page:7", "svc-page:x", "yes", "no", "skip", "anon",
                                                   "cancel", "res-yes:ADU-2026-000042", "res-no:ADU-2026-000042",
                                                   "res-yes:", "", std::string(500, 'z')};
  switch (rng() % 9) {
    case 0:
    case 1:
    case 2: return b::TextMessage{words[rng() % words.size()]};
    case 3:
    case 4: return b::ChoiceMade{choices[rng() % choices.size()]};
    case 5: return b::LocationShared{-8.1, 113.2, "", ""};
    case 6: return b::MediaSent{{"m" + std::to_string(rng() % 100), "image/jpeg", ""}, words[rng() % 4]};
    case 7:
      if (rng() % 2) return b::CaseResolvedNotice{"ADU-2026-000042", "Selesai"};
      return b::ConfirmationExpired{"ADU-2026-000042"};
    default:
      if (rng() % 2) return b::CaseFiled{"ADU-2026-000043", "CODE", std::nullopt};
      return b::FilingRefused{tanggap::fail(tanggap::Errc::invalid_field, "bad", "body")};
  }
}

}  // namespace

TEST_CASE("any input sequence gets replies within the channels' limits", "[bot][property]") {
  const auto seed = GENERATE(take(40, random(0u, 1'000'000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  Chat chat;
  chat.cases.by_phone[siti] = {summary("ADU-2026-000042", d::CaseStatus::resolved)};
  const auto keys = b::required_text_keys();
  for (int i = 0; i < 60; ++i) {
    chat.send(random_input(rng));
    for (const auto& r : chat.last.replies) {
      CHECK_FALSE(r.text.empty());
      CHECK(code_points(r.text) <= b::max_reply_chars);
      CHECK(std::find(keys.begin(), keys.end(), r.text) == keys.end());  // a key, not its text
      CHECK(r.choices.size() <= b::max_list_rows);
      const bool buttons = r.choices.size() <= b::max_buttons;
      for (const auto& c : r.choices) {
        CHECK(!c.id.empty());
        CHECK(c.id.size() <= b::max_choice_id_bytes);
        CHECK(code_points(c.title) <= (buttons ? b::max_button_title_chars : b::max_row_title_chars));
        CHECK(code_points(c.description) <= b::max_row_description_chars);
      }
    }
    CHECK(chat.state.offered.size() <= b::max_list_rows);
    CHECK(chat.state.draft.media.size() <= d::max_attachments_per_case);
    // Every state reached can be stored and read back.
    auto back = tanggap::server::decode_dialogue_state(tanggap::server::encode_dialogue_state(chat.state));
    REQUIRE(back.has_value());
  }
}

TEST_CASE("hostile text is read without harm", "[bot]") {
  const std::vector<std::string> hostile = {std::string(1 << 20, 'a'), std::string(100000, ' '),
                                            std::string("\0\0\0batal", 8), "\xff\xfe\xfd",
                                            "\xe2\x82", std::string(5000, '-'), "ADU-2026-" + std::string(1000, '4'),
                                            std::string(10000, '1')};
  for (const auto& text : hostile) {
    CAPTURE(text.size());
    CHECK_NOTHROW(b::command(text));
    CHECK_NOTHROW(b::spot(text));
    CHECK_NOTHROW(b::answer(text));
    CHECK_FALSE(b::menu_number(text).has_value());
    CHECK_FALSE(b::find_case_id(text).has_value());
    Chat chat;
    chat.say(text);
    CHECK_FALSE(chat.last.replies.empty());
  }
}
