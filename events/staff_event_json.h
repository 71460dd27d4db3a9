// events/staff_event_json.h — staff account events to and from the log's JSON `data`.
// Same rules as case_event_json.h: compact JSON with sorted keys, instants as
// UTC ISO 8601 with milliseconds, roles by name, every field always written
// and required on decoding, unknown extra keys ignored, upcasting through
// encoded_event.h. Only the token's SHA-256 is ever in an event.
// Pure functions; callable from any thread; decoding never throws.
#pragma once

#include "events/domain/error.h"
#include "events/domain/staff_types.h"
#include "events/encoded_event.h"

#include <cstdint>
#include <string_view>

namespace tanggap::events {

// type: domain::staff_event_type_name; schema: current.
EncodedEvent encode_staff_event(const domain::StaffEvent& event);

// Errc::malformed for an unknown type, a missing upcaster, data that is not a
// JSON object, or a field that is missing or of the wrong kind (named in `field`).
Result<domain::StaffEvent> decode_staff_event(std::string_view type, std::uint32_t schema,
                                              std::string_view data);

bool is_staff_event_type(std::string_view type) noexcept;

// The schema this build writes for `type`; 0 for a type that is not a staff event.
std::uint32_t staff_event_schema(std::string_view type) noexcept;

}  // namespace tanggap::events
