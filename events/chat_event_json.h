// events/chat_event_json.h — conversation events (chat-*) and outbound
// message records (outbound-*) to and from the log's JSON `data`.
// The rules of case_event_json.h: compact JSON with sorted keys (the hash
// chain covers these bytes), instants as UTC ISO 8601 with milliseconds, enums
// by wire name, every non-optional field always written and required when
// decoding, an empty optional left out, unknown extra keys ignored, upcasting
// through encoded_event.h. Every type is at schema 1.
// Pure functions; callable from any thread; decoding never throws.
#pragma once

#include "events/domain/chat_types.h"
#include "events/domain/error.h"
#include "events/domain/outbound_types.h"
#include "events/encoded_event.h"

#include <string_view>

namespace tanggap::events {

EncodedEvent encode_chat_event(const domain::ChatEvent& event);
// Errc::malformed for another type, data that is not a JSON object, a field
// missing or of the wrong kind (named in the error's `field`).
Result<domain::ChatEvent> decode_chat_event(std::string_view type, std::uint32_t schema, std::string_view data);
bool is_chat_event_type(std::string_view type) noexcept;

EncodedEvent encode_outbound_event(const domain::OutboundEvent& event);
Result<domain::OutboundEvent> decode_outbound_event(std::string_view type, std::uint32_t schema,
                                                    std::string_view data);
bool is_outbound_event_type(std::string_view type) noexcept;

}  // namespace tanggap::events
