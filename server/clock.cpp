#include "server/clock.h"

namespace tanggap::server {

namespace {
domain::Instant system_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}
}  // namespace

domain::Instant Clock::now() const { return system_now() + std::chrono::milliseconds(offset_ms_.load()); }

bool Clock::set(domain::Instant t) {
  if (!settable_) return false;
  const auto offset = (t - system_now()).count();
  std::int64_t current = offset_ms_.load();
  do {
    if (offset < current) return false;  // time never goes back: deadlines already passed stay passed
  } while (!offset_ms_.compare_exchange_weak(current, offset));
  return true;
}

}  // namespace tanggap::server
