// events/event.h — the event envelope as plain values (CONTRACT.md §5).
// NewEvent is what a caller asks to append; RecordedEvent is what the log
// holds, with the position, version, time and hash chain the store assigned.
// `data` is the event body as compact JSON text with sorted keys, produced by
// the codecs (case_event_json.h, staff_event_json.h): the store never looks
// inside it, so a second backend can keep the same bytes.
#pragma once

#include "events/domain/case_types.h"
#include "events/sha256.h"

#include <atomic>
#include <cstdint>
#include <memory>
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

// Something computed from an event's `data` once (case_event_of keeps the
// decoded case event here). A copy starts empty: its `data` may be changed.
// Safe to fill from two threads at once: both compute the same value, the
// first is kept and both get it back.
class DataMemo {
 public:
  DataMemo() = default;
  DataMemo(const DataMemo&) noexcept {}
  DataMemo& operator=(const DataMemo&) noexcept {
    value_.store(nullptr);
    return *this;
  }
  std::shared_ptr<const void> get() const { return value_.load(); }
  // Keeps `value` unless a value is kept already; returns the kept one.
  std::shared_ptr<const void> keep(std::shared_ptr<const void> value) const {
    std::shared_ptr<const void> expected;
    if (value_.compare_exchange_strong(expected, value)) return value;
    return expected;
  }

 private:
  mutable std::atomic<std::shared_ptr<const void>> value_;
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
  DataMemo decoded;  // not stored: filled by the first reader that decodes `data`
};

// A fresh random (v4) UUID, the usual event id.
std::string new_event_id();

}  // namespace tanggap::events
