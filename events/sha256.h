// events/sha256.h — SHA-256 and hex, through OpenSSL, for the hash chain and
// for the stored hashes of tokens and tracking codes. Thread-safe, no state.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tanggap::events {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view bytes);
// SHA-256 over the concatenation of two byte strings, without copying them.
Digest sha256(std::string_view first, std::string_view second);

std::string to_hex(const Digest& digest);
std::string sha256_hex(std::string_view bytes);

// Equal-time comparison of two byte strings of the same length (for token
// hashes); a length difference returns false at once, which leaks only length.
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

// `count` bytes from OpenSSL's CSPRNG. Aborts when the CSPRNG fails: nothing
// secret may be made from weak randomness.
std::string random_bytes(std::size_t count);

}  // namespace tanggap::events
