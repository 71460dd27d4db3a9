// server/bot_turn.h — one turn of the citizen bot as the log keeps it: the
// event "BotTurnTaken" on the citizen's bot stream ("bot-whatsapp-<wa_id>"),
// holding the dialogue state after the turn, what the bot said and what it
// asked the shell to do. Its event id is derived from the input it answers
// (a message's event id, a case event's id), so a turn is taken once: after a
// crash the runner finds the stored turn and carries out its replies and
// effects again, each under ids derived from the turn, which the store answers
// as repeats (server/bot_runner.h).
//
// The codec is strict and never throws: the record is read back from the log
// and a bad one must be refused, not guessed at. Pure; any thread.
#pragma once

#include "bots/dialogue.h"
#include "events/domain/case_types.h"
#include "events/domain/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace tanggap::server {

inline constexpr std::string_view bot_stream_prefix = "bot-";
inline constexpr std::string_view bot_turn_event_type = "BotTurnTaken";
inline constexpr std::uint32_t bot_turn_schema = 1;

// "bot-whatsapp-6281234567890": one per citizen and channel, beside the
// conversation stream "chat-whatsapp-…" that the webhook writes.
std::string bot_stream(domain::Channel channel, std::string_view citizen);

struct BotTurnRecord {
  std::string input_event_id;  // the event this turn answers
  bots::DialogueState state;   // after the turn
  std::vector<bots::Reply> replies;
  std::vector<bots::Effect> effects;
  // For a SubmitCase effect: the tracking code the case gets, chosen before
  // the case is stored so that a replay after a crash files the same case
  // with the same code (the code also goes out in the reply's text).
  std::string tracking_code;
  // The case the turn's replies are about, for the template that replaces
  // them outside WhatsApp's 24-hour window; empty when none.
  std::string case_id;
};

std::string encode_bot_turn(const BotTurnRecord& turn);
Result<BotTurnRecord> decode_bot_turn(std::string_view data);

}  // namespace tanggap::server
