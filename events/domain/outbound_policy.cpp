#include "events/domain/outbound_policy.h"

#include <algorithm>

namespace tanggap::domain {

std::chrono::milliseconds retry_delay(std::uint32_t failed_attempt) noexcept {
  constexpr std::chrono::milliseconds first{30'000};
  constexpr std::chrono::milliseconds cap{3'600'000};
  if (failed_attempt == 0) return first;
  // 2^7 × 30 s already passes the cap: stop doubling before it can overflow.
  const std::uint32_t doublings = std::min<std::uint32_t>(failed_attempt - 1, 7);
  return std::min(cap, first * (std::int64_t{1} << doublings));
}

FailureClass classify_failure(std::uint32_t http_status, std::int64_t error_code) noexcept {
  switch (error_code) {
    case 131047: return FailureClass::use_template;
    // Rate limits and an expired or missing token: waiting helps (an
    // operator renews the token; PROTOCOLS.md §1.8 "hold queue").
    case 4: case 80007: case 130429: case 131056: case 190: return FailureClass::retry;
    // Not on WhatsApp or blocked, bad recipient or parameters, unsupported
    // type, a template that does not exist, an account restricted by policy,
    // "healthy ecosystem" (not before 24 h: treated as final here).
    case 100: case 131008: case 131009: case 131021: case 131026: case 131049: case 131051:
    case 131052: case 131053: case 132000: case 132001: case 368: case 131031: case 10:
      return FailureClass::permanent;
    default: break;
  }
  if (error_code >= 200 && error_code <= 299) return FailureClass::permanent;  // permission missing
  if (http_status == 0 || http_status == 408 || http_status == 429 || http_status >= 500) return FailureClass::retry;
  if (http_status >= 400) return FailureClass::permanent;  // a request of ours the channel refuses as it stands
  return FailureClass::retry;  // an answer we could not read (a 2xx without an id): try again
}

OutboundAttemptFailed decide_failure(std::uint32_t attempt, std::uint32_t http_status, std::int64_t error_code,
                                     std::string detail, bool already_template, Instant now) {
  OutboundAttemptFailed f;
  f.attempt = attempt;
  f.http_status = http_status;
  f.error_code = error_code;
  f.detail = std::move(detail);
  f.at = now;
  switch (classify_failure(http_status, error_code)) {
    case FailureClass::use_template:
      if (already_template) {
        f.permanent = true;
      } else {
        f.switch_to_template = true;
        f.retry_at = now;  // at once: the template is allowed outside the window
      }
      break;
    case FailureClass::retry:
      if (attempt >= max_send_attempts) f.permanent = true;
      else f.retry_at = now + retry_delay(attempt);
      break;
    case FailureClass::permanent: f.permanent = true; break;
  }
  return f;
}

}  // namespace tanggap::domain
