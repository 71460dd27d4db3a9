// events/log_format.h — the byte layout of the store, as a grammar.
//
// One RocksDB, one column family per kind of key:
//
//   cf "log"           key: position:u64be            value: record
//   cf "stream_heads"  key: stream                    value: version:u64be
//   cf "stream_events" key: stream 0x00 version:u64be value: position:u64be
//   cf "event_ids"     key: event id                  value: position:u64be
//   cf "counters"      key: sequence key              value: last:u64be
//   cf "default"       key: projection-chosen bytes   value: projection-chosen bytes (the views)
//   cf "checkpoints"   key: projection name           value: position:u64be
//
//   record   := magic:u8 (=0x01) prev_hash:32 body hash:32
//   body     := position:u64be version:u64be recorded_at_ms:i64be schema:u32be
//               str(stream) str(id) str(type) str(actor.kind) str(actor.id)
//               str(correlation_id) str(causation_id) str(data)
//   str      := length:u32be bytes
//   hash     := SHA-256(prev_hash || body)       (the "canonical bytes" of CONTRACT §5)
//
// The first record's prev_hash is 32 zero bytes. Because position and stream
// are inside the body, a record moved to another key or stream fails the check.
// Everything here is written by events/ only; no RocksDB type leaves events/.
#pragma once

#include "events/domain/error.h"
#include "events/event.h"

#include <string>
#include <string_view>

namespace tanggap::events::log_format {

inline constexpr std::uint8_t record_magic = 0x01;

std::string encode_u64(std::uint64_t value);
std::uint64_t decode_u64(std::string_view bytes);  // bytes.size() == 8

// The body bytes of an event (everything the hash covers after prev_hash).
std::string encode_body(const RecordedEvent& event);
// magic, prev_hash, body, hash.
std::string encode_record(const Digest& prev_hash, std::string_view body, const Digest& hash);

// Decodes a whole record; checks the layout, not the hash.
Result<RecordedEvent> decode_record(std::string_view record);

// The stored hash is SHA-256(prev_hash || body); empty when it holds.
std::string check_record_hash(std::string_view record);

std::string stream_event_key(std::string_view stream, Version version);

}  // namespace tanggap::events::log_format
