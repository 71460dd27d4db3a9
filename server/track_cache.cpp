#include "server/track_cache.h"

namespace tanggap::server {

std::optional<std::string> TrackCache::get(const std::string& case_id, std::uint64_t version) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(case_id);
  if (it == entries_.end() || it->second.version != version) return std::nullopt;
  order_.splice(order_.begin(), order_, it->second.order);
  return it->second.body;
}

void TrackCache::put(const std::string& case_id, std::uint64_t version, std::string body) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(case_id); it != entries_.end()) {
    it->second.version = version;
    it->second.body = std::move(body);
    order_.splice(order_.begin(), order_, it->second.order);
    return;
  }
  order_.push_front(case_id);
  entries_.emplace(case_id, Entry{version, std::move(body), order_.begin()});
  while (entries_.size() > capacity_) {
    entries_.erase(order_.back());
    order_.pop_back();
  }
}

}  // namespace tanggap::server
