// events/domain/outbound_policy.h — the outbox's rules as pure functions:
// how an answer from the channel is classified (PROTOCOLS.md §1.8), how long
// to wait before the next attempt, when to give up. Tested with plain values.
#pragma once

#include "events/domain/outbound_types.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace tanggap::domain {

// After this many attempts a retryable failure becomes permanent.
inline constexpr std::uint32_t max_send_attempts = 8;

// Exponential backoff: 30 s after the first failed attempt, doubling, at most
// one hour (so 8 attempts span about two hours). No jitter: one process sends.
std::chrono::milliseconds retry_delay(std::uint32_t failed_attempt) noexcept;

enum class FailureClass : std::uint8_t {
  retry,           // network, timeout, 5xx, 429, rate limits (4, 80007, 130429, 131056), auth (0, 190)
  use_template,    // 131047: outside the customer-service window
  permanent,       // blocked, not on WhatsApp, invalid recipient or parameter, policy
};

// `http_status` 0 means no answer at all. `error_code` is Graph's error.code (0 when none).
FailureClass classify_failure(std::uint32_t http_status, std::int64_t error_code) noexcept;

// The event recording a failed attempt, with retry_at, permanence and the
// template switch decided by the rules above. `already_template`: the failed
// attempt was the template, so 131047 cannot be helped by switching again.
OutboundAttemptFailed decide_failure(std::uint32_t attempt, std::uint32_t http_status, std::int64_t error_code,
                                     std::string detail, bool already_template, Instant now);

}  // namespace tanggap::domain
