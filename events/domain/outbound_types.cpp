#include "events/domain/outbound_types.h"

#include "events/domain/overloaded.h"

#include <array>
#include <utility>

namespace tanggap::domain {

namespace {

template <class E, std::size_t N>
std::optional<E> by_name(std::string_view name, const std::array<E, N>& all, std::string_view (*name_of)(E) noexcept) {
  for (const E e : all)
    if (name_of(e) == name) return e;
  return std::nullopt;
}

int rank(DeliveryState s) {
  switch (s) {
    case DeliveryState::sent: return 1;
    case DeliveryState::delivered: return 2;
    case DeliveryState::read: return 3;
    case DeliveryState::played: return 4;
    case DeliveryState::failed: return 0;  // handled on its own
  }
  return 0;
}

}  // namespace

std::string_view send_mode_name(SendMode m) noexcept {
  return m == SendMode::text ? "text" : "template";
}
std::optional<SendMode> parse_send_mode(std::string_view name) noexcept {
  return by_name(name, std::array{SendMode::text, SendMode::template_message}, &send_mode_name);
}

std::string_view reason_name(OutboundReason r) noexcept {
  switch (r) {
    case OutboundReason::officer_reply: return "officer_reply";
    case OutboundReason::status_change: return "status_change";
    case OutboundReason::escalation_notice: return "escalation_notice";
    case OutboundReason::bot_reply: return "bot_reply";
  }
  return "unknown";
}
std::optional<OutboundReason> parse_reason(std::string_view name) noexcept {
  return by_name(name,
                 std::array{OutboundReason::officer_reply, OutboundReason::status_change,
                            OutboundReason::escalation_notice, OutboundReason::bot_reply},
                 &reason_name);
}

std::string_view delivery_state_name(DeliveryState s) noexcept {
  switch (s) {
    case DeliveryState::sent: return "sent";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::read: return "read";
    case DeliveryState::played: return "played";
    case DeliveryState::failed: return "failed";
  }
  return "unknown";
}
std::optional<DeliveryState> parse_delivery_state(std::string_view name) noexcept {
  return by_name(name,
                 std::array{DeliveryState::sent, DeliveryState::delivered, DeliveryState::read,
                            DeliveryState::played, DeliveryState::failed},
                 &delivery_state_name);
}

std::string_view outbound_status_name(OutboundStatus s) noexcept {
  switch (s) {
    case OutboundStatus::none: return "none";
    case OutboundStatus::queued: return "queued";
    case OutboundStatus::sending: return "sending";
    case OutboundStatus::accepted: return "accepted";
    case OutboundStatus::failed: return "failed";
    case OutboundStatus::uncertain: return "uncertain";
  }
  return "unknown";
}

std::string_view outbound_event_type_name(const OutboundEvent& e) noexcept {
  struct Name {
    std::string_view operator()(const OutboundQueued&) const { return "OutboundQueued"; }
    std::string_view operator()(const OutboundAttemptStarted&) const { return "OutboundAttemptStarted"; }
    std::string_view operator()(const OutboundSent&) const { return "OutboundSent"; }
    std::string_view operator()(const OutboundAttemptFailed&) const { return "OutboundAttemptFailed"; }
    std::string_view operator()(const OutboundAttemptUncertain&) const { return "OutboundAttemptUncertain"; }
    std::string_view operator()(const OutboundDeliveryUpdated&) const { return "OutboundDeliveryUpdated"; }
  };
  return std::visit(Name{}, e);
}

OutboundState evolve_outbound(OutboundState s, const OutboundEvent& event) {
  std::visit(overloaded{
                 [&](const OutboundQueued& e) {
                   s.status = OutboundStatus::queued;
                   s.channel = e.channel;
                   s.case_id = e.case_id;
                   s.recipient = e.recipient;
                   s.text = e.text;
                   s.reason = e.reason;
                   s.source_event_id = e.source_event_id;
                   s.choices = e.choices;
                   s.list_button = e.list_button;
                   s.queued_at = e.at;
                   s.next_attempt_at = e.at;
                 },
                 [&](const OutboundAttemptStarted& e) {
                   s.status = OutboundStatus::sending;
                   s.attempts = e.attempt;
                   s.mode = e.mode;
                   s.next_attempt_at.reset();
                 },
                 [&](const OutboundSent& e) {
                   s.status = OutboundStatus::accepted;
                   s.message_id = e.message_id;
                   if (!s.delivery) s.delivery = DeliveryState::sent;
                 },
                 [&](const OutboundAttemptFailed& e) {
                   s.last_error_code = e.error_code;
                   s.last_error = e.detail;
                   if (e.switch_to_template) s.mode = SendMode::template_message;
                   if (e.permanent || !e.retry_at) {
                     s.status = OutboundStatus::failed;
                     s.next_attempt_at.reset();
                   } else {
                     s.status = OutboundStatus::queued;
                     s.next_attempt_at = e.retry_at;
                   }
                 },
                 [&](const OutboundAttemptUncertain&) {
                   s.status = OutboundStatus::uncertain;
                   s.next_attempt_at.reset();
                 },
                 [&](const OutboundDeliveryUpdated& e) {
                   if (e.state == DeliveryState::failed) {
                     // A late failure of an accepted message: 131047 sends it
                     // again as the template (the outbox decides that and
                     // appends an OutboundAttemptFailed); the rest is final.
                     s.delivery = DeliveryState::failed;
                     s.last_error_code = e.error_code;
                     s.last_error = e.detail;
                     return;
                   }
                   if (s.delivery == DeliveryState::failed) return;  // never backwards from failed
                   if (!s.delivery || rank(e.state) > rank(*s.delivery)) s.delivery = e.state;
                   if (s.status == OutboundStatus::sending || s.status == OutboundStatus::uncertain)
                     s.status = OutboundStatus::accepted;  // the channel has it after all
                 },
             },
             event);
  ++s.events;
  return s;
}

bool is_finished(const OutboundState& s) noexcept {
  return s.status == OutboundStatus::accepted || s.status == OutboundStatus::failed ||
         s.status == OutboundStatus::uncertain;
}

}  // namespace tanggap::domain
