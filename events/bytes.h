// events/bytes.h — a tiny big-endian byte writer and a bounds-checked reader,
// for the log's records (log_format.h) and the projections' binary rows.
// Every read checks the remaining length: stored bytes may be damaged, and a
// damaged record must become an error, never an out-of-bounds read.
// Value types; not thread-safe (use one per thread).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tanggap::events {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>((v >> shift) & 0xff));
  }
  void u64(std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<char>((v >> shift) & 0xff));
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void raw(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool u8(std::uint8_t& v) {
    if (bytes_.empty()) return false;
    v = static_cast<std::uint8_t>(bytes_[0]);
    bytes_.remove_prefix(1);
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (bytes_.size() < 4) return false;
    v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes_[i]);
    bytes_.remove_prefix(4);
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (bytes_.size() < 8) return false;
    v = 0;
    for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes_[i]);
    bytes_.remove_prefix(8);
    return true;
  }
  bool i64(std::int64_t& v) {
    std::uint64_t u = 0;
    if (!u64(u)) return false;
    v = static_cast<std::int64_t>(u);
    return true;
  }
  bool str(std::string& s) {
    std::uint32_t len = 0;
    if (!u32(len) || bytes_.size() < len) return false;
    s.assign(bytes_.substr(0, len));
    bytes_.remove_prefix(len);
    return true;
  }
  template <std::size_t N>
  bool raw(std::array<std::uint8_t, N>& out) {
    if (bytes_.size() < N) return false;
    std::memcpy(out.data(), bytes_.data(), N);
    bytes_.remove_prefix(N);
    return true;
  }
  std::size_t remaining() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

}  // namespace tanggap::events
