#include "events/ids.h"

#include "events/event.h"
#include "events/sha256.h"

#include <fmt/format.h>

namespace tanggap::events {

std::string new_event_id() {
  std::string b = random_bytes(16);
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex;
  hex.reserve(36);
  static constexpr char digits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex.push_back('-');
    const auto c = static_cast<unsigned char>(b[i]);
    hex.push_back(digits[c >> 4]);
    hex.push_back(digits[c & 0x0f]);
  }
  return hex;
}

std::string new_tracking_code() {
  // Rejection sampling keeps every character equally likely: 31 letters do
  // not divide 256, so bytes >= 248 (8 * 31) are drawn again.
  const std::size_t n = tracking_alphabet.size();
  const std::size_t limit = (256 / n) * n;
  std::string code;
  while (code.size() < tracking_code_length) {
    for (const char raw : random_bytes(16)) {
      const auto byte = static_cast<unsigned char>(raw);
      if (byte >= limit) continue;
      code.push_back(tracking_alphabet[byte % n]);
      if (code.size() == tracking_code_length) break;
    }
  }
  return code;
}

std::string normalize_tracking_code(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (const char c : typed) {
    if (c == ' ' || c == '-') continue;
    out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string tracking_code_hash(std::string_view code) { return sha256_hex(normalize_tracking_code(code)); }

std::string new_token() {
  const std::string bytes = random_bytes(32);
  std::string hex;
  hex.reserve(64);
  for (const char c : bytes) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return hex;
}

}  // namespace tanggap::events
