// events/encoded_event.h — an event as the log stores it, and the upcasting hook.
// The codecs (case_event_json.h, staff_event_json.h) turn domain events into
// EncodedEvent and back. `schema` says which shape `data` has: when a type's
// shape changes, its schema goes up and an upcaster rewrites old data one
// schema at a time before decoding, so stored events are never rewritten
// (CONTRACT.md §5: events are never updated).
//
// The registry lives here, header-only, because both codecs share it: event
// type names are unique across streams, so one table keyed by type suffices.
// Thread safety: register upcasters at start-up or in tests; upcast() may run
// on any thread at any time (a mutex guards the table, never the call).
#pragma once

#include "events/domain/error.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace tanggap::events {

struct EncodedEvent {
  std::string type;         // the event struct's name: "OfficerReplied"
  std::uint32_t schema = 0;  // the shape of `data`; the codec's current one when encoding
  std::string data;         // compact JSON, keys sorted, UTF-8
};

// Rewrites `data` of schema N into schema N+1. Returns an Error (malformed)
// when the data cannot be read; must not throw (a throw is caught anyway).
using Upcaster = std::function<Result<std::string>(std::string_view data)>;

namespace detail {
struct UpcasterTable {
  std::mutex mutex;
  std::map<std::pair<std::string, std::uint32_t>, Upcaster> steps;
};
inline UpcasterTable& upcaster_table() {
  static UpcasterTable table;  // one per program: an inline function's static is shared
  return table;
}
}  // namespace detail

// Registers the step from `from_schema` to `from_schema + 1` for `type`,
// replacing an earlier registration of the same step.
inline void register_upcaster(std::string type, std::uint32_t from_schema, Upcaster upcaster) {
  auto& table = detail::upcaster_table();
  const std::lock_guard lock(table.mutex);
  table.steps[{std::move(type), from_schema}] = std::move(upcaster);
}

// Brings `data` from `schema` up to `current`, one registered step at a time.
// Errors (malformed): a schema newer than `current` (written by a newer build),
// a missing step, or a step's own error.
inline Result<std::string> upcast(std::string_view type, std::uint32_t schema,
                                  std::uint32_t current, std::string_view data) {
  if (schema > current)
    return fail(Errc::malformed, std::string(type) + " has schema " + std::to_string(schema) +
                                     ", newer than this build's " + std::to_string(current));
  std::string text(data);
  for (; schema < current; ++schema) {
    Upcaster step;
    {
      // Copy the step out: the call runs unlocked (STYLE.md §5).
      auto& table = detail::upcaster_table();
      const std::lock_guard lock(table.mutex);
      const auto it = table.steps.find(std::pair{std::string(type), schema});
      if (it != table.steps.end()) step = it->second;
    }
    if (!step)
      return fail(Errc::malformed, "no upcaster for " + std::string(type) + " from schema " +
                                       std::to_string(schema));
    Result<std::string> next = fail(Errc::malformed, "upcaster failed");
    try {
      next = step(text);
    } catch (const std::exception& e) {
      next = fail(Errc::malformed, std::string("upcaster threw: ") + e.what());
    }
    if (!next) return next.error();
    text = std::move(*next);
  }
  return text;
}

}  // namespace tanggap::events
