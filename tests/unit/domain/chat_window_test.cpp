// The 24-hour customer-service window as the conversation stream folds it.
#include "events/domain/chat_types.h"

#include <catch2/catch.hpp>

using namespace tanggap::domain;
using namespace std::chrono_literals;

namespace {

const Instant t0 = Instant{} + std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(1763800000));

CitizenMessageReceived message(Instant sent_at, Instant at) {
  CitizenMessageReceived m;
  m.message_id = "wamid.X";
  m.citizen = "6281234567890";
  m.kind = "text";
  m.sent_at = sent_at;
  m.at = at;
  return m;
}

}  // namespace

TEST_CASE("a conversation without messages has no open window", "[domain][whatsapp]") {
  CHECK_FALSE(inside_service_window(ChatState{}, t0));
}

TEST_CASE("the window is open for 24 hours after the citizen's last message and closed at the edge", "[domain][whatsapp]") {
  const auto s = evolve_chat({}, message(t0, t0 + 1s));
  CHECK(inside_service_window(s, t0 + 23h + 59min));
  CHECK_FALSE(inside_service_window(s, t0 + 24h));
  CHECK_FALSE(inside_service_window(s, t0 + 25h));
}

TEST_CASE("a later message moves the window on, an older redelivery does not move it back", "[domain][whatsapp]") {
  auto s = evolve_chat({}, message(t0 + 20h, t0 + 20h));
  s = evolve_chat(s, message(t0, t0 + 21h));  // an old message delivered late
  CHECK(inside_service_window(s, t0 + 43h));
  CHECK(s.messages == 2);
}

TEST_CASE("a message redelivered days later does not open the window again", "[domain][whatsapp]") {
  const auto s = evolve_chat({}, message(t0, t0 + 72h));
  CHECK_FALSE(inside_service_window(s, t0 + 72h));
}

TEST_CASE("a timestamp from the future counts as our time of receipt", "[domain][whatsapp]") {
  const auto s = evolve_chat({}, message(t0 + 100h, t0));
  CHECK(inside_service_window(s, t0 + 23h));
  CHECK_FALSE(inside_service_window(s, t0 + 24h));
}

TEST_CASE("the conversation stream is named by channel and citizen", "[domain][whatsapp]") {
  CHECK(chat_stream(Channel::whatsapp, "6281234567890") == "chat-whatsapp-6281234567890");
  CHECK(chat_stream(Channel::telegram, "42") == "chat-telegram-42");
}
