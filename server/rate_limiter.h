// server/rate_limiter.h — how often one client may submit a public case.
// A token bucket per client address: `burst` submissions at once, then one
// every 60/per_minute seconds. Memory is bounded: at most `max_clients`
// addresses are tracked; when the table is full, addresses whose bucket has
// refilled (idle clients, who lose nothing by being forgotten) are dropped
// first, and if none has, the fullest-looking table is cleared of the oldest
// half (a flood of spoofed addresses must not grow memory).
#pragma once

#include "server/http_types.h"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tanggap::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(std::uint32_t per_minute, std::uint32_t burst, std::size_t max_clients = 100'000);

  // 0 when the client may go on (one token taken); otherwise the whole
  // seconds to wait before the next token, for Retry-After (at least 1).
  std::uint32_t take(std::string_view client, Clock::time_point now);
  bool enabled() const { return per_minute_ > 0; }
  std::size_t tracked() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  void make_room(Clock::time_point now);
  double refill(const Bucket& b, Clock::time_point now) const;

  const double per_second_;
  const std::uint32_t per_minute_;
  const double burst_;
  const std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// The address a request came from: the peer's, or, when the peer is a trusted
// proxy, the last address in X-Forwarded-For that is not one (the one the
// proxy itself saw: earlier entries are whatever the client claimed).
std::string client_address(const HttpRequest& request, const std::vector<std::string>& trusted_proxies);

}  // namespace tanggap::server
