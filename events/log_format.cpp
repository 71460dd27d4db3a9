#include "events/log_format.h"

#include "events/bytes.h"

#include <fmt/format.h>

#include <cstring>

namespace tanggap::events::log_format {


std::string encode_u64(std::uint64_t value) {
  std::string out;
  out.reserve(8);
  ByteWriter(out).u64(value);
  return out;
}

std::uint64_t decode_u64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8 && i < bytes.size(); ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

std::string encode_body(const RecordedEvent& e) {
  std::string out;
  out.reserve(64 + e.stream.size() + e.id.size() + e.type.size() + e.actor.kind.size() +
              e.actor.id.size() + e.correlation_id.size() + e.causation_id.size() + e.data.size());
  ByteWriter w(out);
  w.u64(e.position);
  w.u64(e.version);
  w.i64(e.recorded_at.time_since_epoch().count());
  w.u32(e.schema);
  w.str(e.stream);
  w.str(e.id);
  w.str(e.type);
  w.str(e.actor.kind);
  w.str(e.actor.id);
  w.str(e.correlation_id);
  w.str(e.causation_id);
  w.str(e.data);
  return out;
}

std::string encode_record(const Digest& prev_hash, std::string_view body, const Digest& hash) {
  std::string out;
  out.reserve(1 + 32 + body.size() + 32);
  out.push_back(static_cast<char>(record_magic));
  out.append(reinterpret_cast<const char*>(prev_hash.data()), prev_hash.size());
  out.append(body);
  out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return out;
}

Result<RecordedEvent> decode_record(std::string_view record) {
  if (record.size() < 1 + 32 + 32 || static_cast<std::uint8_t>(record[0]) != record_magic)
    return fail(Errc::storage_failed, "log record has an unknown layout");
  RecordedEvent e;
  ByteReader r(record.substr(1));
  std::int64_t recorded_ms = 0;
  const bool ok = r.raw(e.prev_hash) && r.u64(e.position) && r.u64(e.version) &&
                  r.i64(recorded_ms) && r.u32(e.schema) && r.str(e.stream) && r.str(e.id) &&
                  r.str(e.type) && r.str(e.actor.kind) && r.str(e.actor.id) &&
                  r.str(e.correlation_id) && r.str(e.causation_id) && r.str(e.data) &&
                  r.raw(e.hash) && r.remaining() == 0;
  if (!ok) return fail(Errc::storage_failed, "log record is truncated or has trailing bytes");
  e.recorded_at = domain::Instant{std::chrono::milliseconds{recorded_ms}};
  return e;
}

std::string check_record_hash(std::string_view record) {
  if (record.size() < 1 + 32 + 32) return "record too short";
  const auto prev = record.substr(1, 32);
  const auto body = record.substr(33, record.size() - 33 - 32);
  const auto stored = record.substr(record.size() - 32);
  const Digest computed = sha256(prev, body);
  if (std::memcmp(computed.data(), stored.data(), 32) != 0) return "hash does not match the record's bytes";
  return {};
}

std::string stream_event_key(std::string_view stream, Version version) {
  std::string key;
  key.reserve(stream.size() + 9);
  key.append(stream);
  key.push_back('\0');
  ByteWriter(key).u64(version);
  return key;
}

}  // namespace tanggap::events::log_format
