// server/rate_limiter.cpp — see rate_limiter.h.
#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace tanggap::server {

RateLimiter::RateLimiter(std::uint32_t per_minute, std::uint32_t burst, std::size_t max_clients)
    : per_second_(per_minute / 60.0),
      per_minute_(per_minute),
      burst_(std::max<double>(1.0, burst)),
      max_clients_(std::max<std::size_t>(max_clients, 2)) {}

double RateLimiter::refill(const Bucket& b, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  return std::min(burst_, b.tokens + std::max(0.0, elapsed) * per_second_);
}

std::uint32_t RateLimiter::take(std::string_view client, Clock::time_point now) {
  if (!enabled()) return 0;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) make_room(now);
    it = buckets_.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = refill(b, now);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  const double wait = (1.0 - b.tokens) / per_second_;
  return static_cast<std::uint32_t>(std::max(1.0, std::ceil(wait)));
}

void RateLimiter::make_room(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) { return refill(entry.second, now) >= burst_; });
  if (buckets_.size() < max_clients_) return;
  // Everyone is busy: forget the half seen longest ago.
  std::vector<Clock::time_point> seen;
  seen.reserve(buckets_.size());
  for (const auto& [_, b] : buckets_) seen.push_back(b.updated);
  auto middle = seen.begin() + static_cast<std::ptrdiff_t>(seen.size() / 2);
  std::nth_element(seen.begin(), middle, seen.end());
  const auto cutoff = *middle;
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
}

std::size_t RateLimiter::tracked() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool trusted(std::string_view address, const std::vector<std::string>& proxies) {
  return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

}  // namespace

std::string client_address(const HttpRequest& request, const std::vector<std::string>& trusted_proxies) {
  std::string_view address = request.remote_address;
  if (!trusted(address, trusted_proxies)) return std::string(address);
  // Several X-Forwarded-For headers read as one list, in order.
  std::vector<std::string_view> hops;
  for (const auto& [name, value] : request.headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (auto hop = trim(rest.substr(0, comma)); !hop.empty()) hops.push_back(hop);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    // Never a key of unbounded size: a hop longer than an IPv6 address is not one.
    if (it->size() > 45) return std::string(address);
    if (!trusted(*it, trusted_proxies)) return std::string(*it);
  }
  return std::string(address);
}

}  // namespace tanggap::server
