// events/domain/outbound_types.h — one message we send to a citizen, as the
// events of its own stream "outbound-<id>": queued, each attempt started
// (recorded durably BEFORE the request goes out), its result, and the
// delivery states the channel reports later. The id is derived from the event
// that caused the message (an officer's reply), so queuing it twice writes
// nothing, and an attempt's event id from (record, attempt number), so no
// attempt is recorded or made twice (STYLE.md §5: at-least-once outbox, the
// event id is the delivery key).
//
// `evolve_outbound` never moves a record backwards: channels do not order
// their status reports (PROTOCOLS.md §1.5). Plain values; any thread.
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tanggap::domain {

inline constexpr std::string_view outbound_stream_prefix = "outbound-";
inline std::string outbound_stream(std::string_view outbound_id) {
  return std::string(outbound_stream_prefix) + std::string(outbound_id);
}

// How the text goes out: as free text, or (outside WhatsApp's 24-hour window,
// or after error 131047) as the configured template naming the case.
enum class SendMode : std::uint8_t { text, template_message };
std::string_view send_mode_name(SendMode m) noexcept;  // "text", "template"
std::optional<SendMode> parse_send_mode(std::string_view name) noexcept;

// Why the message exists. A bot reply may name no case (a menu, a question).
enum class OutboundReason : std::uint8_t { officer_reply, status_change, escalation_notice, bot_reply };
std::string_view reason_name(OutboundReason r) noexcept;
std::optional<OutboundReason> parse_reason(std::string_view name) noexcept;

// A button or list row offered with the text (bots/dialogue.h fits them to
// the channel's limits before they get here); its id comes back when tapped.
struct OutboundChoice {
  std::string id;
  std::string title;
  std::string description;  // list rows only
  bool operator==(const OutboundChoice&) const = default;
};

struct OutboundQueued {
  Channel channel = Channel::whatsapp;
  std::string case_id;          // may be empty for a bot reply
  std::string recipient;        // WhatsApp: the wa_id digits (sent as "+" and these)
  std::string text;
  OutboundReason reason = OutboundReason::officer_reply;
  std::string source_event_id;  // the event that asked for it
  Instant at;
  std::vector<OutboundChoice> choices;  // ≤ 3: buttons; more: a list
  std::string list_button;              // the list's opening button
};
struct OutboundAttemptStarted { std::uint32_t attempt = 0; SendMode mode = SendMode::text; Instant at; };
struct OutboundSent { std::uint32_t attempt = 0; std::string message_id; Instant at; };
// An attempt that got an answer other than acceptance, or none.
struct OutboundAttemptFailed {
  std::uint32_t attempt = 0;
  std::uint32_t http_status = 0;  // 0: no answer (network, timeout)
  std::int64_t error_code = 0;    // the channel's code (131026, 130429, ...); 0 when none
  std::string detail;             // for the officer and the log; never the text or the number
  bool permanent = false;         // retrying cannot help: the record is finished
  bool switch_to_template = false;  // 131047: send again as the template
  std::optional<Instant> retry_at;  // when not permanent
  Instant at;
};
// Found after a restart: an attempt was started but no result recorded. The
// request may or may not have reached the channel, so it is not sent again
// blindly; the officer sees it and decides.
struct OutboundAttemptUncertain { std::uint32_t attempt = 0; Instant at; };

enum class DeliveryState : std::uint8_t { sent, delivered, read, played, failed };
std::string_view delivery_state_name(DeliveryState s) noexcept;
std::optional<DeliveryState> parse_delivery_state(std::string_view name) noexcept;

// A status the channel reported for our message (WhatsApp `statuses[]`).
struct OutboundDeliveryUpdated {
  DeliveryState state = DeliveryState::sent;
  std::int64_t error_code = 0;  // with failed
  std::string detail;
  Instant reported_at;          // the channel's timestamp
  Instant at;
};

using OutboundEvent = std::variant<OutboundQueued, OutboundAttemptStarted, OutboundSent, OutboundAttemptFailed,
                                   OutboundAttemptUncertain, OutboundDeliveryUpdated>;
std::string_view outbound_event_type_name(const OutboundEvent& e) noexcept;

enum class OutboundStatus : std::uint8_t {
  none,        // no such record
  queued,      // waiting for its first attempt, or for retry_at
  sending,     // an attempt started, no result yet
  accepted,    // the channel took it (sent, delivered, read: see delivery)
  failed,      // permanently: nothing more will be tried
  uncertain,   // an attempt without a result after a restart
};
std::string_view outbound_status_name(OutboundStatus s) noexcept;

struct OutboundState {
  OutboundStatus status = OutboundStatus::none;
  Channel channel = Channel::whatsapp;
  std::string case_id, recipient, text, source_event_id;
  std::vector<OutboundChoice> choices;
  std::string list_button;
  OutboundReason reason = OutboundReason::officer_reply;
  SendMode mode = SendMode::text;         // of the next attempt, once switched to the template
  std::uint32_t attempts = 0;             // started so far
  std::optional<Instant> next_attempt_at; // when queued
  std::string message_id;                 // the channel's id once accepted
  std::optional<DeliveryState> delivery;  // the furthest state reported
  std::int64_t last_error_code = 0;
  std::string last_error;
  Instant queued_at;
  std::uint64_t events = 0;  // the stream's next version
};

OutboundState evolve_outbound(OutboundState state, const OutboundEvent& event);

// Finished: nothing more will be sent (accepted, failed, uncertain). A later
// delivery report may still move an accepted record on, or fail it.
bool is_finished(const OutboundState& s) noexcept;

}  // namespace tanggap::domain
