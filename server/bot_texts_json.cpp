// server/bot_texts_json.cpp — see bot_texts_json.h.
#include "server/bot_texts_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace tanggap::server {

namespace sj = events::strict_json;
using json = nlohmann::json;

namespace {

// An object of strings: depth 1; the limit leaves room only for the error
// message to say "nested" rather than "expected a string".
constexpr sj::Limits limits{max_bot_texts_bytes, 4};

bool known_key(std::string_view key) {
  const auto keys = bots::required_text_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

Result<bots::Texts> parse_bot_texts(const sj::DataFile& file, bots::Language language) {
  json j;
  if (auto r = sj::parse_text(file, limits, j); !r) return r.error();
  const sj::Where top{file.name, ""};
  if (!j.is_object()) return sj::wrong_type(j, top, "an object of texts");
  bots::Texts texts;
  texts.language = language;
  for (const auto& [key, value] : j.items()) {
    const sj::Where w = top.at(sj::printable(key));
    if (!known_key(key)) return sj::bad(w, "not a text the bot uses (misspelt?)");
    if (!value.is_string()) return sj::wrong_type(value, w, "a string");
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > max_bot_text_bytes) return sj::bad(w, "longer than one message (4,000 bytes)");
    texts.templates.emplace(key, text);
  }
  if (auto r = texts.check_complete(); !r) {
    Error e = r.error();
    e.message = file.name + ": " + e.message;
    return e;
  }
  return texts;
}

Result<bots::TextBook> load_bot_texts(const std::filesystem::path& dir) {
  bots::TextBook book;
  for (const bots::Language language : {bots::Language::id, bots::Language::en}) {
    const auto path = dir / (std::string(bots::language_code(language)) + ".json");
    auto text = sj::read_file(path, max_bot_texts_bytes);
    if (!text) return text.error();
    auto texts = parse_bot_texts(sj::DataFile{path.string(), std::move(*text)}, language);
    if (!texts) return texts.error();
    (language == bots::Language::en ? book.en : book.id) = std::move(*texts);
  }
  return book;
}

}  // namespace tanggap::server
