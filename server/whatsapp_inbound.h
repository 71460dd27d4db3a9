// server/whatsapp_inbound.h — what a verified WhatsApp notification stores:
// each message as CitizenMessageReceived on the citizen's conversation stream
// (chat-whatsapp-<wa_id>), each delivery status as OutboundDeliveryUpdated on
// the outbound record it names. Event ids come from the wamid (and, for a
// status, the state reported), so a redelivery appends nothing and the
// webhook answers it as it answered the first time.
// Building the appends is pure; api_whatsapp.cpp runs them. Any thread.
#pragma once

#include "adapters/whatsapp/webhook_parser.h"
#include "events/domain/chat_types.h"
#include "events/domain/outbound_types.h"
#include "events/event_store.h"

#include <optional>
#include <string>

namespace tanggap::server {

// The stream key for a message without a readable sender (kind invalid and
// no `from`): kept, so nothing signed by Meta is lost, but apart.
inline constexpr std::string_view unidentified_citizen = "unidentified";

domain::CitizenMessageReceived to_citizen_message(const adapters::whatsapp::InboundMessage& message,
                                                  domain::Instant now);
// One append of one event, so one redelivered message among new ones never
// makes the whole delivery a partial duplicate (the store refuses those).
events::AppendRequest message_append(const domain::CitizenMessageReceived& message, const std::string& correlation_id);

// nullopt for a status whose state we do not know (logged and counted instead).
std::optional<domain::OutboundDeliveryUpdated> to_delivery_update(const adapters::whatsapp::DeliveryStatus& status,
                                                                  domain::Instant now);
events::AppendRequest status_append(std::string_view outbound_id, const adapters::whatsapp::DeliveryStatus& status,
                                    const domain::OutboundDeliveryUpdated& update, const std::string& correlation_id);

}  // namespace tanggap::server
