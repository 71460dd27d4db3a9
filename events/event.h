// events/event.h — the event envelope as plain values (CONTRACT.md §5).
// NewEvent is what a caller asks to append; RecordedEvent is what the log
// holds, with the position, version, time and hash chain the store assigned.
// `data` is the event body as compact JSON text with sorted keys, produced by
// the codecs (case_event_json.h, staff_event_json.h): the store never looks
// inside it, so a second backend can keep the same bytes.
#pragma once

#include "events/domain/case_types.h"
#include "events/sha256.h"

#include <cstdint>
#include <string>

namespace tanggap::events {

using Position = std::uint64_t;  // global, gap-free, the first event is 1
using Version = std::uint64_t;   // per stream, the first event is 0

struct NewEvent {
  std::string id;  // unique; a repeated id makes the append an idempotent no-op
  std::string type;
  std::uint32_t schema = 1;
  domain::Actor actor;
  std::string correlation_id;
  std::string causation_id;
  std::string data;
};

struct RecordedEvent {
  Position position = 0;
  std::string stream;
  Version version = 0;
  std::string id;
  std::string type;
  std::uint32_t schema = 1;
  domain::Instant recorded_at;
  domain::Actor actor;
  std::string correlation_id;
  std::string causation_id;
  std::string data;
  Digest prev_hash{};
  Digest hash{};
};

// A fresh random (v4) UUID, the usual event id.
std::string new_event_id();

}  // namespace tanggap::events
