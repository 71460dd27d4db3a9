// adapters/whatsapp/signature.h — who may talk to POST and GET /webhooks/whatsapp.
// Meta signs every notification with `X-Hub-Signature-256: sha256=<hex>`, the
// HMAC-SHA256 of the raw body under the app secret (PROTOCOLS.md §1.3); the
// check runs on the bytes received, before any parsing, because re-serialised
// JSON never matches. The GET handshake carries no signature: it proves itself
// with the configured verify token instead (§1.1), so it has its own function.
// Secrets are compared in constant time (CRYPTO_memcmp, §5.3).
// Pure functions: no state, callable from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tanggap::adapters::whatsapp {

// The longest `hub.challenge` echoed back. Meta sends a short random string
// (older docs: an int); anything longer is not Meta's.
inline constexpr std::size_t max_challenge_bytes = 256;

// True only when `header_value` is `sha256=` followed by exactly 64 hex digits
// (either case) equal to HMAC-SHA256(app_secret, raw_body). False for an empty
// header (missing), a missing or misspelt prefix, a wrong length, a non-hex
// digit, surrounding spaces, or an empty secret (an unconfigured secret must
// not let a signature made with "" pass).
bool valid_signature(std::string_view header_value, std::string_view raw_body, std::string_view app_secret);

// The endpoint verification GET: returns the challenge to echo (200,
// text/plain) when `mode` is "subscribe", `token` equals the configured verify
// token (constant time over SHA-256 digests, so lengths do not leak) and the
// challenge is 1..max_challenge_bytes printable ASCII characters (0x21..0x7E:
// it goes back verbatim in a text/plain body). Otherwise nullopt (403). An
// empty configured token never matches. Parameters are already URL-decoded.
std::optional<std::string> verification_challenge(std::string_view mode, std::string_view token,
                                                  std::string_view challenge,
                                                  std::string_view configured_verify_token);

}  // namespace tanggap::adapters::whatsapp
