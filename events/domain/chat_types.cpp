#include "events/domain/chat_types.h"

#include "events/domain/overloaded.h"

#include <algorithm>

namespace tanggap::domain {

std::string chat_stream(Channel channel, std::string_view citizen) {
  std::string s(chat_stream_prefix);
  s += channel_name(channel);
  s += '-';
  s += citizen;
  return s;
}

std::string_view chat_event_type_name(const ChatEvent& e) noexcept {
  return std::visit(overloaded{[](const CitizenMessageReceived&) -> std::string_view { return "CitizenMessageReceived"; }},
                    e);
}

ChatState evolve_chat(ChatState state, const ChatEvent& event) {
  std::visit(overloaded{[&](const CitizenMessageReceived& m) {
               // The window opens when the citizen wrote. A redelivery days
               // later must not reopen it, so take the channel's timestamp;
               // one from the future (a skewed clock) counts as our receipt.
               const Instant opened = m.sent_at.time_since_epoch().count() > 0 ? std::min(m.sent_at, m.at) : m.at;
               if (!state.last_inbound_at || opened > *state.last_inbound_at) state.last_inbound_at = opened;
               ++state.messages;
             }},
             event);
  return state;
}

bool inside_service_window(const ChatState& state, Instant now) noexcept {
  return state.last_inbound_at && now < *state.last_inbound_at + service_window;
}

}  // namespace tanggap::domain
