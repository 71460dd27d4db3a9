// events/domain/chat_types.h — what citizens write to us on a chat channel,
// as events on one conversation stream per citizen and channel:
// "chat-whatsapp-6281234567890", "chat-telegram-<chat id>". Channel-neutral on
// purpose: the WhatsApp webhook writes it now, Telegram and the bot read it
// later. The channel's own message id (a WhatsApp wamid) is the dedupe key:
// the server derives the event id from it, so a redelivery stores nothing.
//
// The conversation's state is only what rules need: when the citizen last
// wrote, which opens WhatsApp's 24-hour customer-service window
// (PROTOCOLS.md §1.9). Plain values and pure functions; any thread.
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/time.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tanggap::domain {

inline constexpr std::string_view chat_stream_prefix = "chat-";

// "chat-whatsapp-6281234567890". `citizen` is the channel's key for the
// person (a WhatsApp wa_id, a Telegram chat id): digits, never a display name.
std::string chat_stream(Channel channel, std::string_view citizen);

// A file the citizen sent, as the channel names it: fetched later into the
// attachment store (the ids expire: WhatsApp keeps them 7 days).
struct ChatMedia {
  std::string id;         // the channel's media id; empty when the message has no file
  std::string mime_type;  // as the channel says; sniffed again when fetched
  std::string sha256;     // as the channel says (WhatsApp: base64 or hex)
  std::string filename;   // documents only
  bool voice = false;     // audio recorded as a voice note
};

struct CitizenMessageReceived {
  Channel channel = Channel::whatsapp;
  std::string message_id;    // the channel's id (wamid): the dedupe key
  std::string citizen;       // wa_id or chat id: the stream's key
  std::string profile_name;  // the name the citizen's app shows; may be empty
  std::string kind;          // text, image, document, audio, location, contacts, button,
                             // interactive_button_reply, ..., unknown, invalid
  std::string type_name;     // the channel's own type name, as sent ("order" for an unknown kind)
  std::string text;          // body, caption, button or reply title, shared contacts' names
  bool truncated = false;    // text was cut by the adapter
  std::string reply_id;      // the id of the button or list row tapped, or a template's payload
  ChatMedia media;
  std::optional<double> lat, lon;
  std::string place_name, place_address;
  std::vector<std::string> contact_phones;
  std::string context_message_id;  // the message of ours it replies to, or reacts to
  bool forwarded = false;
  std::vector<std::int64_t> error_codes;  // the channel's error codes on this message
  std::string problem;       // why kind is "invalid"; empty otherwise
  Instant sent_at;           // the channel's timestamp
  Instant at;                // when we stored it (Context::now)
};

using ChatEvent = std::variant<CitizenMessageReceived>;

// The wire `type`: the struct's name. One overload per alternative, so a new
// event fails to compile until named.
std::string_view chat_event_type_name(const ChatEvent& e) noexcept;

struct ChatState {
  std::optional<Instant> last_inbound_at;  // opens the customer-service window
  std::uint64_t messages = 0;
};

ChatState evolve_chat(ChatState state, const ChatEvent& event);

// WhatsApp's customer-service window: free text may be sent within 24 hours
// of the citizen's last message; after that only an approved template.
inline constexpr std::chrono::hours service_window{24};

// True when `now` is inside the window the citizen's last message opened.
// The boundary itself counts as outside: Meta measures from its own clock
// and a message sent at the edge could arrive after it.
bool inside_service_window(const ChatState& state, Instant now) noexcept;

}  // namespace tanggap::domain
