#include "events/log_format.h"

#include <fmt/format.h>

#include <cstring>

namespace tanggap::events::log_format {

namespace {

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

// A cursor over record bytes; every read checks the remaining length, since
// a damaged disk can hand us anything.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool u64(std::uint64_t& v) {
    if (bytes_.size() < 8) return false;
    v = decode_u64(bytes_.substr(0, 8));
    bytes_.remove_prefix(8);
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (bytes_.size() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes_[static_cast<std::size_t>(i)]);
    bytes_.remove_prefix(4);
    return true;
  }
  bool str(std::string& s) {
    std::uint32_t len = 0;
    if (!u32(len) || bytes_.size() < len) return false;
    s.assign(bytes_.substr(0, len));
    bytes_.remove_prefix(len);
    return true;
  }
  bool digest(Digest& d) {
    if (bytes_.size() < d.size()) return false;
    std::memcpy(d.data(), bytes_.data(), d.size());
    bytes_.remove_prefix(d.size());
    return true;
  }
  std::size_t remaining() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

}  // namespace

std::string encode_u64(std::uint64_t value) {
  std::string out;
  out.reserve(8);
  put_u64(out, value);
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
  put_u64(out, e.position);
  put_u64(out, e.version);
  put_u64(out, static_cast<std::uint64_t>(e.recorded_at.time_since_epoch().count()));
  put_u32(out, e.schema);
  put_str(out, e.stream);
  put_str(out, e.id);
  put_str(out, e.type);
  put_str(out, e.actor.kind);
  put_str(out, e.actor.id);
  put_str(out, e.correlation_id);
  put_str(out, e.causation_id);
  put_str(out, e.data);
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
  Reader r(record.substr(1));
  std::uint64_t recorded_ms = 0;
  const bool ok = r.digest(e.prev_hash) && r.u64(e.position) && r.u64(e.version) &&
                  r.u64(recorded_ms) && r.u32(e.schema) && r.str(e.stream) && r.str(e.id) &&
                  r.str(e.type) && r.str(e.actor.kind) && r.str(e.actor.id) &&
                  r.str(e.correlation_id) && r.str(e.causation_id) && r.str(e.data) &&
                  r.digest(e.hash) && r.remaining() == 0;
  if (!ok) return fail(Errc::storage_failed, "log record is truncated or has trailing bytes");
  e.recorded_at = domain::Instant{std::chrono::milliseconds{static_cast<std::int64_t>(recorded_ms)}};
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
  put_u64(key, version);
  return key;
}

}  // namespace tanggap::events::log_format
