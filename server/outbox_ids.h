// server/outbox_ids.h — event ids derived from what an event is about, so
// that doing the same thing twice (a redelivered webhook, an outbox replaying
// the log after a crash, a second attempt to record attempt 3) appends
// nothing: the store answers a repeated id with the first result
// (events/event_store.h). Same shape as case_commands' seeded ids: 32 hex
// digits of SHA-256 over a purpose and a key, so ids of different purposes
// never meet. Pure; any thread.
#pragma once

#include "events/sha256.h"

#include <string>
#include <string_view>

namespace tanggap::server {

inline std::string derived_event_id(std::string_view purpose, std::string_view key) {
  std::string input(purpose);
  input += '\n';
  input += key;
  return events::sha256_hex(input).substr(0, 32);
}

// The outbound record caused by the event `source_event_id`, for `channel`:
// 20 hex digits, so that the stream "outbound-<id>" stays short.
inline std::string outbound_id_for(std::string_view channel, std::string_view source_event_id) {
  return derived_event_id(std::string("outbound/") + std::string(channel), source_event_id).substr(0, 20);
}

}  // namespace tanggap::server
