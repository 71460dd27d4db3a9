// server/bot_texts_json.h — the bot's texts from ops/texts/<language>.json:
// one JSON object per language, every key a text key (bots/texts.h), every
// value a template string. Strict, because an office edits these by hand: a
// misspelt or missing key, a value that is not a string or an unclosed
// "{placeholder" stops the server at start (naming the file and the key)
// instead of sending a citizen a blank or half-filled message.
// Pure apart from load_bot_texts() reading the two files; callable from any thread.
#pragma once

#include "bots/texts.h"
#include "events/domain/error.h"
#include "events/strict_json.h"

#include <cstddef>
#include <filesystem>

namespace tanggap::server {

inline constexpr std::size_t max_bot_texts_bytes = 256 * 1024;
inline constexpr std::size_t max_bot_text_bytes = 4000;  // one message: WhatsApp takes 4,096 characters

// One language's file, already read: complete (check_complete) or an error.
Result<bots::Texts> parse_bot_texts(const events::strict_json::DataFile& file, bots::Language language);

// `dir`/id.json and `dir`/en.json, both complete.
Result<bots::TextBook> load_bot_texts(const std::filesystem::path& dir);

}  // namespace tanggap::server
