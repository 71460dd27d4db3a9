// bots/texts.h — every sentence the bot says, as data. An office rewords the
// bot by editing ops/texts/<language>.json; server/bot_texts_json.cpp reads
// those files into a Texts value (bots/ cannot parse JSON) and check_complete()
// refuses to start with a key missing, so a citizen never gets a blank message.
// Templates name their placeholders: "Nomor laporan Anda {case_id}". Pure
// values; a loaded Texts is immutable and may be read from any thread.
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace tanggap::bots {

enum class Language : std::uint8_t { id, en };  // Bahasa Indonesia first
std::string_view language_code(Language language) noexcept;  // "id", "en"
std::optional<Language> parse_language(std::string_view code) noexcept;

// Every key the bot renders. A key used in code but missing here is a test
// failure (tests/unit/bots/texts_test.cpp), missing in a file a start failure.
std::span<const std::string_view> required_text_keys() noexcept;

struct Texts {
  Language language = Language::id;
  std::map<std::string, std::string, std::less<>> templates;  // key → template

  // An invalid_field error naming every required key that is missing or
  // empty, and every template whose braces do not close ("{case_id").
  Result<void> check_complete() const;
  // The template of `key`, placeholders filled from `values`. An unknown
  // placeholder stays as written; a missing key renders as the key itself,
  // which check_complete() makes impossible after start.
  std::string render(std::string_view key,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> values = {}) const;
};

// Both languages, for the dialogue to pick from by the citizen's choice.
struct TextBook {
  Texts id;
  Texts en;
  const Texts& in(Language language) const noexcept { return language == Language::en ? en : id; }
  Result<void> check_complete() const;  // both, the error naming the language
};

// Fills "{name}" placeholders of one template. Pure; exposed for tests.
std::string fill_template(std::string_view text,
                          std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace tanggap::bots
