// server/clock.h — the server's notion of now.
// The real clock, or (serve --test-clock) one that tests move forward with
// POST /api/v1/admin/clock, so SLA timers are tested without sleeping.
// Thread-safe.
#pragma once

#include "events/domain/time.h"

#include <atomic>

namespace tanggap::server {

class Clock {
 public:
  explicit Clock(bool settable) : settable_(settable) {}
  domain::Instant now() const;
  bool settable() const { return settable_; }
  // Moves a test clock to `t`; refused (false) for the real clock or a move backwards.
  bool set(domain::Instant t);

 private:
  bool settable_;
  // Offset from the system clock in ms: time keeps flowing after a set().
  std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace tanggap::server
