// events/case_event_json.h — case events to and from the log's JSON `data`.
// The JSON is what CONTRACT.md §5 shows under "data" and what the hash chain
// covers, so it must be canonical: compact, keys sorted, instants as UTC ISO
// 8601 with milliseconds, enums by their wire names. Every field that is not
// a std::optional is always written and must be present on decoding (an empty
// string stays ""); an empty optional is left out. Unknown extra keys are
// ignored, so a reader tolerates additions that need no upcaster.
// Pure functions; callable from any thread; decoding never throws.
#pragma once

#include "events/domain/case_types.h"
#include "events/domain/error.h"
#include "events/encoded_event.h"
#include "events/event.h"

#include <cstdint>
#include <string_view>

namespace tanggap::events {

// type: the event struct's name (domain::event_type_name); schema: current.
EncodedEvent encode_case_event(const domain::CaseEvent& event);

// Upcasts `data` from `schema` to the type's current schema (encoded_event.h),
// then decodes. Errc::malformed for an unknown type, a missing upcaster, data
// that is not a JSON object, or a field that is missing or of the wrong kind
// (the error's `field` names it, e.g. "reporter.phone").
Result<domain::CaseEvent> decode_case_event(std::string_view type, std::uint32_t schema,
                                            std::string_view data);

// decode_case_event of a recorded event, decoded once and kept with the event
// (and its copies): the projections of one round share one decoding, where
// each decoding its own was a tenth of a submission's cost. Thread-safe. The
// reference is valid while the event is neither destroyed nor assigned to
// (a vector that reallocates or is sorted does both).
const Result<domain::CaseEvent>& case_event_of(const RecordedEvent& event);

bool is_case_event_type(std::string_view type) noexcept;

// The schema this build writes for `type`; 0 for a type that is not a case event.
std::uint32_t case_event_schema(std::string_view type) noexcept;

}  // namespace tanggap::events
