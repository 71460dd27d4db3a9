// server/dialogue_state_json.h — the canonical JSON of a bot dialogue's state
// (bots/dialogue_state.h), which the shell stores in an event after every
// turn so that a restart mid-dialogue continues at the same question.
//
//   {"draft":{"anonymous":false,"description":"…","location":{"lat":null,"lon":null,"text":"…"},
//             "media":[{"filename":"","media_id":"…","mime_type":"image/jpeg"}],
//             "name":"…","office":"kab-lumajang","service":"pengaduan"},
//    "language":"id","offered":["svc:pengaduan",…],
//    "pending":[{"asked_at":"2026-03-02T03:00:00.000Z","case_id":"ADU-2026-000042","resolution":"…"}],
//    "reopen_case_id":"","service_page":0,"step":"describing",
//    "updated_at":"2026-03-02T03:00:00.000Z" | null,"v":1}
//
// Canonical: keys sorted, no spaces, every field written, so equal states
// encode to equal bytes. Decoding is strict (every key present, none unknown,
// each of its type and within its limits: the state is read back from the log
// and a bad one must be refused, not guessed at) and never throws: an error
// names the field. Pure; callable from any thread.
#pragma once

#include "bots/dialogue_state.h"
#include "events/domain/error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace tanggap::server {

inline constexpr int dialogue_state_version = 1;
inline constexpr std::size_t max_dialogue_state_bytes = 256 * 1024;
using bots::max_pending_confirmations;  // the dialogue keeps to it

std::string encode_dialogue_state(const bots::DialogueState& state);
Result<bots::DialogueState> decode_dialogue_state(std::string_view text);

// The same as a JSON value, for a record that holds the state inside its own
// JSON (a bot turn), so that no text is written and parsed again in between.
// The holder checks the size and depth of the text it parses (a bot turn: 512
// KiB, which then bounds the state instead of max_dialogue_state_bytes; the
// dialogue's own caps keep a state far below either).
nlohmann::json dialogue_state_json(const bots::DialogueState& state);
Result<bots::DialogueState> dialogue_state_from_json(const nlohmann::json& j);

}  // namespace tanggap::server
