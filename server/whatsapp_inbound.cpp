#include "server/whatsapp_inbound.h"

#include "events/chat_event_json.h"
#include "server/outbox_ids.h"

#include <chrono>

namespace tanggap::server {

namespace wa = adapters::whatsapp;

namespace {

domain::Instant from_unix_seconds(std::int64_t seconds) {
  return domain::Instant{std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(seconds))};
}

events::NewEvent new_event(std::string id, events::EncodedEvent encoded, domain::Actor actor,
                           const std::string& correlation_id) {
  events::NewEvent e;
  e.id = std::move(id);
  e.type = std::move(encoded.type);
  e.schema = encoded.schema;
  e.data = std::move(encoded.data);
  e.actor = std::move(actor);
  e.correlation_id = correlation_id;
  return e;
}

}  // namespace

domain::CitizenMessageReceived to_citizen_message(const wa::InboundMessage& m, domain::Instant now) {
  domain::CitizenMessageReceived r;
  r.channel = domain::Channel::whatsapp;
  r.message_id = m.wamid;
  r.citizen = m.wa_id.empty() ? std::string(unidentified_citizen) : m.wa_id;
  r.profile_name = m.profile_name;
  r.kind = std::string(wa::kind_name(m.kind));
  r.type_name = m.type_name;
  r.text = m.text;
  r.truncated = m.truncated;
  r.reply_id = m.reply_id;
  r.media = {m.media_id, m.media_mime_type, m.media_sha256, m.filename, m.voice};
  r.lat = m.lat;
  r.lon = m.lon;
  r.place_name = m.location_name;
  r.place_address = m.location_address;
  r.contact_phones = m.contact_phones;
  r.context_message_id = m.context_wamid;
  r.forwarded = m.forwarded;
  for (const auto& e : m.errors) r.error_codes.push_back(e.code);
  r.problem = m.problem;
  r.sent_at = m.timestamp > 0 ? from_unix_seconds(m.timestamp) : now;
  r.at = now;
  return r;
}

events::AppendRequest message_append(const domain::CitizenMessageReceived& message, const std::string& correlation_id) {
  events::AppendRequest request;
  request.stream = domain::chat_stream(message.channel, message.citizen);
  request.expected = events::Expected::any();  // a conversation only grows; order is the log's
  request.events.push_back(new_event(derived_event_id("whatsapp/message", message.message_id),
                                     events::encode_chat_event(message), {"citizen", message.citizen},
                                     correlation_id));
  return request;
}

std::optional<domain::OutboundDeliveryUpdated> to_delivery_update(const wa::DeliveryStatus& status,
                                                                  domain::Instant now) {
  domain::OutboundDeliveryUpdated u;
  switch (status.state) {
    case wa::DeliveryState::sent: u.state = domain::DeliveryState::sent; break;
    case wa::DeliveryState::delivered: u.state = domain::DeliveryState::delivered; break;
    case wa::DeliveryState::read: u.state = domain::DeliveryState::read; break;
    case wa::DeliveryState::played: u.state = domain::DeliveryState::played; break;
    case wa::DeliveryState::failed: u.state = domain::DeliveryState::failed; break;
    case wa::DeliveryState::unknown: return std::nullopt;
  }
  if (!status.errors.empty()) {
    u.error_code = status.errors.front().code;
    u.detail = status.errors.front().details.empty() ? status.errors.front().title : status.errors.front().details;
  }
  u.reported_at = status.timestamp > 0 ? from_unix_seconds(status.timestamp) : now;
  u.at = now;
  return u;
}

events::AppendRequest status_append(std::string_view outbound_id, const wa::DeliveryStatus& status,
                                    const domain::OutboundDeliveryUpdated& update, const std::string& correlation_id) {
  events::AppendRequest request;
  request.stream = domain::outbound_stream(outbound_id);
  request.expected = events::Expected::any();  // statuses come in any order; evolve never moves back
  // Meta dedupes statuses by (wamid, status) (PROTOCOLS.md §1.6): so do we.
  request.events.push_back(new_event(
      derived_event_id("whatsapp/status", status.wamid + "\n" + std::string(domain::delivery_state_name(update.state))),
      events::encode_outbound_event(update), {"system", "whatsapp"}, correlation_id));
  return request;
}

}  // namespace tanggap::server
