// events/ids.h — the random identifiers: event ids, tracking codes, tokens.
// All from OpenSSL's CSPRNG (a tracking code and a token are secrets).
// Thread-safe, no state.
#pragma once

#include <string>
#include <string_view>

namespace tanggap::events {

// 8 characters from an alphabet without 0/O, 1/I/L: easy to read out on the phone.
inline constexpr std::string_view tracking_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t tracking_code_length = 8;
std::string new_tracking_code();
// Upper-cases and drops spaces and dashes, so "k7m2-x9pq" is read as typed.
std::string normalize_tracking_code(std::string_view typed);
// What is stored: hex SHA-256 of the normalized code.
std::string tracking_code_hash(std::string_view code);

// 256 random bits as 64 hex characters (staff API tokens); store only its sha256_hex.
std::string new_token();

}  // namespace tanggap::events
