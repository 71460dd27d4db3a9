#include "adapters/whatsapp/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <climits>
#include <cstdint>

namespace tanggap::adapters::whatsapp {

namespace {

using Digest = std::array<unsigned char, 32>;

constexpr std::string_view signature_prefix = "sha256=";

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 64 hex digits → 32 bytes; nullopt for any other length or character. The
// header is not secret, so an early return here leaks nothing.
std::optional<Digest> decode_hex_digest(std::string_view hex) {
  Digest out{};
  if (hex.size() != out.size() * 2) return std::nullopt;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

// OpenSSL wants a non-null pointer even for zero bytes on some paths.
const unsigned char* bytes_of(std::string_view s) noexcept {
  static const unsigned char empty = 0;
  return s.empty() ? &empty : reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<Digest> hmac_sha256(std::string_view key, std::string_view data) {
  if (key.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  Digest out{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), bytes_of(key), static_cast<int>(key.size()), bytes_of(data), data.size(), out.data(),
           &length) == nullptr ||
      length != out.size())
    return std::nullopt;
  return out;
}

std::optional<Digest> sha256(std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  if (EVP_Digest(bytes_of(data), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != out.size())
    return std::nullopt;
  return out;
}

bool printable_ascii(std::string_view s) noexcept {
  for (const char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

}  // namespace

bool valid_signature(std::string_view header_value, std::string_view raw_body, std::string_view app_secret) {
  // An empty secret is a configuration gap; anyone could sign with "".
  if (app_secret.empty()) return false;
  if (!header_value.starts_with(signature_prefix)) return false;
  const auto claimed = decode_hex_digest(header_value.substr(signature_prefix.size()));
  if (!claimed) return false;
  const auto computed = hmac_sha256(app_secret, raw_body);
  if (!computed) return false;
  return CRYPTO_memcmp(claimed->data(), computed->data(), computed->size()) == 0;
}

std::optional<std::string> verification_challenge(std::string_view mode, std::string_view token,
                                                  std::string_view challenge,
                                                  std::string_view configured_verify_token) {
  if (configured_verify_token.empty()) return std::nullopt;
  if (mode != "subscribe") return std::nullopt;
  if (challenge.empty() || challenge.size() > max_challenge_bytes || !printable_ascii(challenge))
    return std::nullopt;
  // Digests of both sides: equal length always, so neither the comparison's
  // time nor an early length check says how long the configured token is.
  const auto given = sha256(token);
  const auto wanted = sha256(configured_verify_token);
  if (!given || !wanted) return std::nullopt;
  if (CRYPTO_memcmp(given->data(), wanted->data(), wanted->size()) != 0) return std::nullopt;
  return std::string(challenge);
}

}  // namespace tanggap::adapters::whatsapp
